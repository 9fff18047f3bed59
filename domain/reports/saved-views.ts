import { can, type Action, type Role } from '../operators/permissions.js';

/**
 * Saved views: a dashboard list's filters kept under a name, shared by every operator who may read
 * the list. A view is the list's query string as the page reads it, so opening one is following a
 * link; a scheduled report may take one as its definition.
 */

/** Every dashboard list a view can be saved of, by the name a view keeps. */
export const SAVED_VIEW_LISTS = [
  'payments',
  'refunds',
  'receipts',
  'invoices',
  'attention',
  'payouts',
  'payout-batches',
  'journal',
  'settlements',
  'reconciliation',
  'cash',
  'webhooks',
  'emails',
  'request-log',
  'apps',
  'key-requests',
  'controls',
  'approvals',
  'audit',
  'operators',
] as const;

export type SavedViewList = (typeof SAVED_VIEW_LISTS)[number];

export type SavedView = {
  id: number;
  list: SavedViewList;
  name: string;
  filters: Record<string, string>;
  createdBy: string;
  createdAt: Date;
};

export interface SavedViewPage {
  /** The list page, under /admin. */
  path: string;
  /** What the list is called on its page. */
  title: string;
  /** Reading the list; a view of it is read and saved with the same permission. */
  read: Action;
  /**
   * Filters whose empty value is a choice of its own: the refunds queue shows PENDING_APPROVAL when
   * `status` is absent and every status when it is empty, so a view keeps `status=` as chosen.
   */
  emptyIsAChoice?: readonly string[];
}

export const SAVED_VIEW_PAGES: Record<SavedViewList, SavedViewPage> = {
  payments: { path: '/admin/payments', title: 'Payments', read: 'payments.read' },
  refunds: { path: '/admin/refunds', title: 'Refunds', read: 'payments.read', emptyIsAChoice: ['status'] },
  receipts: { path: '/admin/receipts', title: 'Receipts', read: 'payments.read', emptyIsAChoice: ['status'] },
  invoices: { path: '/admin/invoices', title: 'Invoices', read: 'payments.read' },
  attention: { path: '/admin/attention', title: 'Attention', read: 'payments.read' },
  payouts: { path: '/admin/payouts', title: 'Money out', read: 'payments.read' },
  'payout-batches': { path: '/admin/payout-batches', title: 'Payout batches', read: 'payments.read' },
  journal: { path: '/admin/ledger', title: 'Ledger', read: 'ledger.read' },
  settlements: { path: '/admin/settlements', title: 'Settlement reports', read: 'reconciliation.read' },
  reconciliation: { path: '/admin/reconciliation', title: 'Reconciliation', read: 'reconciliation.read' },
  cash: { path: '/admin/reconciliation/cash', title: 'Cash by gateway', read: 'reconciliation.read' },
  webhooks: { path: '/admin/webhooks', title: 'Webhook deliveries', read: 'webhooks.read' },
  emails: { path: '/admin/emails', title: 'Emails', read: 'emails.read' },
  'request-log': { path: '/admin/request-log', title: 'Requests', read: 'apps.read' },
  apps: { path: '/admin/apps', title: 'Apps', read: 'apps.read' },
  'key-requests': { path: '/admin/key-requests', title: 'Key requests', read: 'apps.read' },
  controls: {
    path: '/admin/controls',
    title: 'Control changes',
    read: 'apps.read',
    emptyIsAChoice: ['status'],
  },
  approvals: { path: '/admin/approvals', title: 'Approvals', read: 'dashboard.read' },
  audit: { path: '/admin/audit', title: 'Audit log', read: 'audit.read' },
  operators: { path: '/admin/operators', title: 'Operators', read: 'operators.read' },
};

export function isSavedViewList(value: unknown): value is SavedViewList {
  return typeof value === 'string' && (SAVED_VIEW_LISTS as readonly string[]).includes(value);
}

/** The list whose page is at `path` (no query), or null for any other page. */
export function savedViewListAt(path: string): SavedViewList | null {
  const bare = path.length > 1 ? path.replace(/\/+$/, '') : path;
  return SAVED_VIEW_LISTS.find((list) => SAVED_VIEW_PAGES[list].path === bare) ?? null;
}

/** Whether a role may read the list, and so see, open and save its views. */
export function mayUseSavedViews(role: Role, list: SavedViewList): boolean {
  return can(role, SAVED_VIEW_PAGES[list].read);
}

/**
 * Query parameters that say where in a list one is, or what the page last said, rather than which
 * rows it shows: a view opens on its first page, with no message.
 */
export const NOT_FILTERS: ReadonlySet<string> = new Set([
  'page',
  'size',
  'after',
  'before',
  'cursor',
  'ok',
  'error',
  'sig',
  'resume',
  'next',
  '_csrf',
]);

export const SAVED_VIEW_NAME_MAX = 80;
export const SAVED_VIEW_MAX_FILTERS = 30;
export const SAVED_VIEW_FILTER_VALUE_MAX = 500;
/** A filter's name as the pages use them: appId, mode, targetType, awaitingConfirmation. */
export const SAVED_VIEW_FILTER_NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;

/**
 * The filters a list's query string keeps in a view: its parameters as text (the first of a
 * repeated one), trimmed, without paging and messages, and without empty ones unless the list
 * reads an empty value as a choice of its own. Names the pages never use are left out too.
 */
export function savedViewFilters(
  list: SavedViewList,
  query: Record<string, unknown>,
): Record<string, string> {
  const keepsEmpty = SAVED_VIEW_PAGES[list].emptyIsAChoice ?? [];
  const kept: Array<[string, string]> = [];
  for (const [name, raw] of Object.entries(query)) {
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (typeof value !== 'string' || NOT_FILTERS.has(name) || !SAVED_VIEW_FILTER_NAME.test(name)) continue;
    const trimmed = value.trim();
    if (trimmed === '' && !keepsEmpty.includes(name)) continue;
    kept.push([name, trimmed]);
  }
  return Object.fromEntries(kept.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * What is wrong with a view's filters as given (a name no list uses, a value longer than any filter
 * takes), or null. Paging and messages are not wrong, only left out (savedViewFilters).
 */
export function savedViewFiltersProblem(filters: Record<string, string>): string | null {
  const names = Object.keys(filters);
  if (names.length > SAVED_VIEW_MAX_FILTERS) return `at most ${SAVED_VIEW_MAX_FILTERS} filters`;
  const badName = names.find((name) => !SAVED_VIEW_FILTER_NAME.test(name));
  if (badName !== undefined) return `${badName} is not a filter of a list`;
  const long = names.find((name) => filters[name]!.length > SAVED_VIEW_FILTER_VALUE_MAX);
  if (long !== undefined) return `${long} is longer than ${SAVED_VIEW_FILTER_VALUE_MAX} characters`;
  return null;
}

/** The list page with the view's filters applied: where the view's link goes. */
export function savedViewPath(view: Pick<SavedView, 'list' | 'filters'>): string {
  const query = new URLSearchParams(view.filters).toString();
  return query ? `${SAVED_VIEW_PAGES[view.list].path}?${query}` : SAVED_VIEW_PAGES[view.list].path;
}

/** Whether the list as shown (its query string) is the view: the same filters, paging aside. */
export function isShowingSavedView(
  view: Pick<SavedView, 'list' | 'filters'>,
  query: Record<string, unknown>,
): boolean {
  const shown = savedViewFilters(view.list, query);
  const names = Object.keys(view.filters);
  return (
    names.length === Object.keys(shown).length && names.every((name) => shown[name] === view.filters[name])
  );
}

/** Views are shared, but only the operator who saved one, or an ADMIN, removes it. */
export function mayDeleteSavedView(
  view: Pick<SavedView, 'createdBy'>,
  operator: { email: string; role: Role },
): boolean {
  return operator.role === 'ADMIN' || view.createdBy.toLowerCase() === operator.email.toLowerCase();
}
