import { dashboardAreas } from '../../../api/admin/areas.js';
import { dashboardRoutes } from '../../../api/admin/pages/index.js';
import type { RouteDeps } from '../../../api/deps.js';
import {
  isShowingSavedView,
  mayDeleteSavedView,
  mayUseSavedViews,
  SAVED_VIEW_LISTS,
  SAVED_VIEW_PAGES,
  savedViewFilters,
  savedViewFiltersProblem,
  savedViewListAt,
  savedViewPath,
} from '../../../domain/reports/saved-views.js';

/** What a saved view keeps of a list's query string, where it opens, and who sees and removes it. */

// Settings as the routers read them while being built: no rate limiter, nothing else.
const config = new Proxy(
  {},
  { get: (_target, key) => (String(key).startsWith('RATE_LIMIT') ? 0 : undefined) },
);
const deps = { config } as unknown as RouteDeps;

describe('saved views', () => {
  it('names a list page the dashboard serves for every list, each once', () => {
    const pages = new Set<string>();
    for (const router of dashboardRoutes(deps, dashboardAreas))
      for (const layer of router.stack) if (layer.methods.includes('GET')) pages.add(String(layer.path));
    const paths = SAVED_VIEW_LISTS.map((list) => SAVED_VIEW_PAGES[list].path);
    expect(paths.filter((path) => !pages.has(path))).toEqual([]);
    expect(new Set(paths).size).toBe(paths.length);
  });

  it('finds the list of a page by its path, and no list for other pages', () => {
    expect(savedViewListAt('/admin/payments')).toBe('payments');
    expect(savedViewListAt('/admin/payments/')).toBe('payments');
    expect(savedViewListAt('/admin/ledger')).toBe('journal');
    expect(savedViewListAt('/admin/reconciliation/cash')).toBe('cash');
    expect(savedViewListAt('/admin/payments/pay_0123456789abcdefghjk')).toBeNull();
    expect(savedViewListAt('/admin')).toBeNull();
    expect(savedViewListAt('/admin/search')).toBeNull();
  });

  it('keeps the filters, trimmed and in order, without paging, messages or empty values', () => {
    expect(
      savedViewFilters('payments', {
        status: ' FAILED ',
        mode: 'LIVE',
        gateway: '',
        page: '3',
        size: '50',
        after: 'cursor',
        ok: 'Saved',
        sig: 'abc',
        appId: ['4', '5'],
        'bad name': 'x',
      }),
    ).toEqual({ appId: '4', mode: 'LIVE', status: 'FAILED' });
  });

  it('keeps an empty value where the list reads it as a choice of its own', () => {
    // The refunds queue shows PENDING_APPROVAL unless `status` is given; `status=` is every status.
    expect(savedViewFilters('refunds', { status: '', mode: 'TEST' })).toEqual({ mode: 'TEST', status: '' });
    expect(savedViewFilters('refunds', { mode: 'TEST' })).toEqual({ mode: 'TEST' });
    expect(savedViewFilters('payments', { status: '' })).toEqual({});
  });

  it('opens on its list with its filters', () => {
    expect(savedViewPath({ list: 'journal', filters: { kind: 'CAPTURE', mode: 'LIVE' } })).toBe(
      '/admin/ledger?kind=CAPTURE&mode=LIVE',
    );
    expect(savedViewPath({ list: 'audit', filters: {} })).toBe('/admin/audit');
    expect(savedViewPath({ list: 'refunds', filters: { status: '' } })).toBe('/admin/refunds?status=');
  });

  it('knows the view a list shows, whatever the page', () => {
    const view = { list: 'payments' as const, filters: { mode: 'LIVE', status: 'FAILED' } };
    expect(isShowingSavedView(view, { status: 'FAILED', mode: 'LIVE', page: '2' })).toBe(true);
    expect(isShowingSavedView(view, { status: 'FAILED' })).toBe(false);
    expect(isShowingSavedView(view, { status: 'FAILED', mode: 'LIVE', gateway: 'bkash' })).toBe(false);
  });

  it('refuses filters no list could carry', () => {
    expect(savedViewFiltersProblem({ mode: 'LIVE' })).toBeNull();
    expect(savedViewFiltersProblem({ 'no spaces': 'x' })).toMatch(/no spaces/);
    expect(savedViewFiltersProblem({ q: 'x'.repeat(501) })).toMatch(/longer than 500/);
    const many = Object.fromEntries(Array.from({ length: 31 }, (_, i) => [`f${i}`, 'x']));
    expect(savedViewFiltersProblem(many)).toMatch(/at most 30/);
  });

  it('shows a list’s views to the roles that read the list', () => {
    expect(mayUseSavedViews('VIEWER', 'payments')).toBe(true);
    expect(mayUseSavedViews('VIEWER', 'journal')).toBe(false);
    expect(mayUseSavedViews('FINANCE', 'journal')).toBe(true);
    expect(mayUseSavedViews('FINANCE', 'operators')).toBe(false);
  });

  it('lets whoever saved a view, or an ADMIN, delete it', () => {
    const view = { createdBy: 'fay@example.com' };
    expect(mayDeleteSavedView(view, { email: 'fay@example.com', role: 'FINANCE' })).toBe(true);
    expect(mayDeleteSavedView(view, { email: 'FAY@example.com', role: 'VIEWER' })).toBe(true);
    expect(mayDeleteSavedView(view, { email: 'finn@example.com', role: 'FINANCE' })).toBe(false);
    expect(mayDeleteSavedView(view, { email: 'ada@example.com', role: 'ADMIN' })).toBe(true);
  });
});
