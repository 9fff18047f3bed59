import { SCOPES, type Scope } from '../apps/scopes.js';
import type { Action, Role } from '../operators/permissions.js';
import type { Mode } from '../shared/mode.js';

/**
 * The rule book: every action that moves money or changes who may move it, with who may ask for
 * it, who must approve it, and how many approvers it needs in each mode. It is the one authority:
 * the permission table's money actions are checked against it, every door that reaches one of
 * these actions is listed against it (domain/approvals/doors.ts), and the security pages print it
 * (docs/security/rule-book.md, generated from this table).
 *
 * Whoever approves is always someone other than the requester, independent of the requester and of
 * the other approvers: no one of them created, re-enabled, raised, or reset the other's account,
 * in either direction (creation for ever, the rest within the tie window). That independence is
 * not a column: no action may waive it.
 */

export const MONEY_ACTIONS = [
  'refund',
  'refund.destination',
  'refund.confirmation',
  'parked.release',
  'payout',
  'payout.batch',
  'payout.enable',
  'receipt.manual',
  'reconciliation.adjustment',
  'control.loosen',
  'people.change',
  'people.reenable',
  'key.money-scopes',
  'app.live-credentials',
  'rail.switch-on',
  'guardrail.loosen',
] as const;
export type MoneyAction = (typeof MONEY_ACTIONS)[number];

/** How many approvers an action needs in one mode. */
export type ApprovalCount =
  /** Nobody: the request itself is the act (it is still audited). */
  | { kind: 'none' }
  /** Always this many, whatever the amount. */
  | { kind: 'fixed'; approvers: 1 | 2 }
  /**
   * By amount band: the strictest band that covers the amount judged (the act plus what it adds
   * up to that day) applies; an amount no band covers waits for one approver. `floor` is the least
   * any band may ask for until finance loosens it through a control change.
   */
  | { kind: 'bands'; bands: readonly AmountBand[]; floor: 0 | 1 };

export interface AmountBand {
  /** Null: any currency. */
  currency: string | null;
  fromMinor: number;
  /** Inclusive; null: no upper end. */
  toMinor: number | null;
  approvers: 0 | 1 | 2;
}

export interface RuleBookEntry {
  action: MoneyAction;
  /** What the action is, in a reader's words. */
  title: string;
  /** Operator roles that may ask for it (through the dashboard, the admin API or the CLI). */
  requesters: readonly Role[];
  /** The app key scope that may ask for it through the app API; null: no app may. */
  appScope: Scope | null;
  /** Roles that may approve it. */
  approverRoles: readonly Role[];
  /**
   * The permission table's actions (domain/operators/permissions.ts) an operator's door checks to
   * ask for it and to approve it: their roles are these entries' roles (a unit test holds them equal).
   */
  permissions: { request: Action | null; approve: Action | null };
  approvals: Readonly<Record<Mode, ApprovalCount>>;
  /** Why the rule is what it is: printed beside it on the security page. */
  why: string;
}

const MONEY_ROLES = ['ADMIN', 'FINANCE'] as const satisfies readonly Role[];

/** TEST refunds go straight through, whatever the amount or currency. */
export const TEST_REFUND_BANDS: readonly AmountBand[] = [
  { currency: null, fromMinor: 0, toMinor: null, approvers: 0 },
];

/** LIVE refunds in BDT: none up to 10,000.00, one up to 100,000.00, two above (other currencies: one). */
export const LIVE_REFUND_BANDS: readonly AmountBand[] = [
  { currency: 'BDT', fromMinor: 0, toMinor: 1_000_000, approvers: 0 },
  { currency: 'BDT', fromMinor: 1_000_001, toMinor: 10_000_000, approvers: 1 },
  { currency: 'BDT', fromMinor: 10_000_001, toMinor: null, approvers: 2 },
];

/** LIVE payouts in BDT: one approver up to 100,000.00 a day per app, two above (other currencies: one). */
export const LIVE_PAYOUT_BANDS: readonly AmountBand[] = [
  { currency: 'BDT', fromMinor: 0, toMinor: 10_000_000, approvers: 1 },
  { currency: 'BDT', fromMinor: 10_000_001, toMinor: null, approvers: 2 },
];

/** TEST payouts move simulated money: they go straight through until finance tightens an app's rules. */
export const TEST_PAYOUT_BANDS: readonly AmountBand[] = [
  { currency: null, fromMinor: 0, toMinor: null, approvers: 0 },
];

const none: ApprovalCount = { kind: 'none' };
const one: ApprovalCount = { kind: 'fixed', approvers: 1 };

export const RULE_BOOK: Readonly<Record<MoneyAction, RuleBookEntry>> = {
  refund: {
    action: 'refund',
    title: 'Refund a payment, in full or in part, to the payer',
    requesters: MONEY_ROLES,
    appScope: 'refunds',
    approverRoles: MONEY_ROLES,
    permissions: { request: 'refunds.create', approve: 'refunds.approve' },
    approvals: {
      TEST: { kind: 'bands', bands: TEST_REFUND_BANDS, floor: 0 },
      LIVE: { kind: 'bands', bands: LIVE_REFUND_BANDS, floor: 0 },
    },
    why: 'Judged on the payment’s refunds so far and the requester’s day, so a band cannot be split; finance keeps the bands per app (a looser set waits for an ADMIN).',
  },
  'refund.destination': {
    action: 'refund.destination',
    title: 'Send a refund anywhere but the wallet or account that paid',
    requesters: MONEY_ROLES,
    appScope: 'refunds',
    approverRoles: MONEY_ROLES,
    permissions: { request: 'refunds.create', approve: 'refunds.approve' },
    approvals: { TEST: one, LIVE: one },
    why: 'A refund to someone other than the payer is a payment out under another name; the approver sees “destination is not the payer”.',
  },
  'refund.confirmation': {
    action: 'refund.confirmation',
    title: 'Confirm that a refund paid outside any rail (cash, a manual payment) reached the customer',
    requesters: MONEY_ROLES,
    appScope: 'refunds',
    approverRoles: MONEY_ROLES,
    permissions: { request: 'refunds.create', approve: 'refunds.confirm' },
    approvals: { TEST: one, LIVE: one },
    why: 'Finance’s confirmation is the second person on a refund no rail pays.',
  },
  'parked.release': {
    action: 'parked.release',
    title: 'Refund, or apply to the app, money a payment captured but could not keep (parked funds)',
    requesters: MONEY_ROLES,
    appScope: null,
    approverRoles: MONEY_ROLES,
    permissions: { request: 'attention.resolve', approve: 'attention.resolve' },
    approvals: { TEST: one, LIVE: one },
    why: 'Parked money was never the app’s to set a policy for, so no band lets it out alone; the service’s own refund of a late capture, which no operator asks for, does not wait.',
  },
  payout: {
    action: 'payout',
    title: 'Pay money out to a wallet or bank account',
    requesters: [],
    appScope: 'payouts',
    approverRoles: MONEY_ROLES,
    permissions: { request: null, approve: 'payouts.approve' },
    approvals: {
      TEST: { kind: 'bands', bands: TEST_PAYOUT_BANDS, floor: 0 },
      LIVE: { kind: 'bands', bands: LIVE_PAYOUT_BANDS, floor: 1 },
    },
    why: 'LIVE payouts are off per app until finance turns them on, and each waits for an approver until finance loosens that; the deployment’s daily payout ceiling sends anything above it to approvers. Refund payouts count in the day.',
  },
  'payout.batch': {
    action: 'payout.batch',
    title: 'Upload a batch of payouts',
    requesters: MONEY_ROLES,
    appScope: 'payouts',
    approverRoles: MONEY_ROLES,
    permissions: { request: 'payouts.approve', approve: 'payouts.approve' },
    approvals: {
      TEST: { kind: 'bands', bands: TEST_PAYOUT_BANDS, floor: 0 },
      LIVE: { kind: 'bands', bands: LIVE_PAYOUT_BANDS, floor: 1 },
    },
    why: 'A batch is judged at its total, under the payout rules.',
  },
  'payout.enable': {
    action: 'payout.enable',
    title: 'Turn an app’s payouts on (LIVE ones start off)',
    requesters: MONEY_ROLES,
    appScope: null,
    approverRoles: ['ADMIN'],
    permissions: { request: 'refunds.policy', approve: 'controls.decide' },
    approvals: { TEST: one, LIVE: one },
    why: 'Money out is a control: turning it on loosens it, in TEST too once finance has turned it off.',
  },
  'receipt.manual': {
    action: 'receipt.manual',
    title: 'Record money a customer paid outside any gateway',
    requesters: MONEY_ROLES,
    appScope: null,
    approverRoles: MONEY_ROLES,
    permissions: { request: 'receipts.record', approve: 'receipts.approve' },
    approvals: { TEST: none, LIVE: one },
    why: 'Maker-checker: in LIVE a second operator confirms what the first recorded (an app may ask for it in TEST too).',
  },
  'reconciliation.adjustment': {
    action: 'reconciliation.adjustment',
    title: 'Post a reconciliation adjustment beyond the rounding tolerance',
    requesters: MONEY_ROLES,
    appScope: null,
    approverRoles: MONEY_ROLES,
    permissions: { request: 'reconciliation.resolve', approve: 'reconciliation.resolve' },
    approvals: { TEST: one, LIVE: one },
    why: 'The approver is independent of the proposer and of the report’s uploader.',
  },
  'control.loosen': {
    action: 'control.loosen',
    title: 'Loosen an app’s refund, payout or receipt rules',
    requesters: MONEY_ROLES,
    appScope: null,
    approverRoles: ['ADMIN'],
    permissions: { request: 'refunds.policy', approve: 'controls.decide' },
    approvals: { TEST: one, LIVE: one },
    why: 'Tightening applies at once; loosening is a proposal until an ADMIN approves it.',
  },
  'guardrail.loosen': {
    action: 'guardrail.loosen',
    title: 'Loosen or resume an app’s guardrails (limits, velocity, kill switches)',
    requesters: MONEY_ROLES,
    appScope: null,
    approverRoles: ['ADMIN'],
    permissions: { request: 'guardrails.propose', approve: 'controls.decide' },
    approvals: { TEST: one, LIVE: one },
    why: 'Stopping money is never held up; letting more through waits for an ADMIN.',
  },
  'rail.switch-on': {
    action: 'rail.switch-on',
    title: 'Switch a payout rail back on',
    requesters: MONEY_ROLES,
    appScope: null,
    approverRoles: ['ADMIN'],
    permissions: { request: 'payouts.approve', approve: 'controls.decide' },
    approvals: { TEST: none, LIVE: one },
    why: 'Switching a rail off applies at once; a LIVE rail back on waits for an ADMIN.',
  },
  'people.change': {
    action: 'people.change',
    title:
      'Create an account, grant or raise a role, reset a password or a second factor, link a provider identity',
    requesters: ['ADMIN'],
    appScope: null,
    approverRoles: ['ADMIN'],
    permissions: { request: 'operators.manage', approve: 'operators.manage' },
    approvals: { TEST: one, LIVE: one },
    why: 'Whoever chooses how an account comes to be could speak through it; a lowered role applies at once.',
  },
  'people.reenable': {
    action: 'people.reenable',
    title: 'Re-enable a disabled account',
    requesters: ['ADMIN'],
    appScope: null,
    approverRoles: ['ADMIN'],
    permissions: { request: 'operators.manage', approve: 'operators.manage' },
    approvals: { TEST: one, LIVE: one },
    why: 'A disabled account coming back is a new account in all but name; disabling applies at once.',
  },
  'key.money-scopes': {
    action: 'key.money-scopes',
    title: 'Issue a named LIVE key that may move money (refunds or payouts)',
    requesters: ['ADMIN', 'DEVELOPER'],
    appScope: null,
    approverRoles: MONEY_ROLES,
    permissions: { request: 'credentials.rotate', approve: 'credentials.approve' },
    approvals: { TEST: none, LIVE: one },
    why: 'A key that moves money is money: no secret exists until an independent money role approves; the requester collects it once, and each one raises an alert and an audit entry.',
  },
  'app.live-credentials': {
    action: 'app.live-credentials',
    title: 'Issue or rotate an app’s LIVE key pair (which holds every scope)',
    requesters: ['ADMIN', 'DEVELOPER'],
    appScope: null,
    approverRoles: MONEY_ROLES,
    permissions: { request: 'apps.create', approve: 'credentials.approve' },
    approvals: { TEST: none, LIVE: one },
    why: 'An app’s LIVE pair holds every scope, money ones included: a new app gets its TEST pair at once and its LIVE pair as a key request.',
  },
};

export const ruleOf = (action: MoneyAction): RuleBookEntry => RULE_BOOK[action];

/** Whether an operator of this role may ask for the action. */
export function mayRequest(action: MoneyAction, role: Role): boolean {
  return RULE_BOOK[action].requesters.includes(role);
}

/** Whether an operator of this role may approve the action (independence is judged apart). */
export function mayApprove(action: MoneyAction, role: Role): boolean {
  return RULE_BOOK[action].approverRoles.includes(role);
}

/** The approvers a band table asks for at an amount; one when no band covers it. */
export function approversInBands(
  bands: readonly AmountBand[],
  amount: { amountMinor: number; currency: string },
): 0 | 1 | 2 {
  let needed: 0 | 1 | 2 | null = null;
  for (const band of bands) {
    const covers =
      (band.currency === null || band.currency === amount.currency) &&
      amount.amountMinor >= band.fromMinor &&
      (band.toMinor === null || amount.amountMinor <= band.toMinor);
    if (covers && (needed === null || band.approvers > needed)) needed = band.approvers;
  }
  return needed ?? 1;
}

/**
 * The approvers the rule book's defaults ask for: an action of fixed count, or a banded action at
 * each judged amount (the most any asks for, never under the floor).
 */
export function defaultApprovers(
  action: MoneyAction,
  mode: Mode,
  judged: { currency: string; amountsMinor: readonly number[] } | null = null,
): 0 | 1 | 2 {
  const count = RULE_BOOK[action].approvals[mode];
  if (count.kind === 'none') return 0;
  if (count.kind === 'fixed') return count.approvers;
  const amounts = judged?.amountsMinor.length ? judged.amountsMinor : [Number.MAX_SAFE_INTEGER];
  const most = amounts.reduce<0 | 1 | 2>((highest, amountMinor) => {
    const needed = approversInBands(count.bands, { amountMinor, currency: judged?.currency ?? '' });
    return needed > highest ? needed : highest;
  }, 0);
  return most < count.floor ? count.floor : most;
}

/** Scopes that move money: a LIVE key holding one is granted only on a money role's approval. */
export const MONEY_SCOPES: readonly Scope[] = SCOPES.filter((scope) =>
  MONEY_ACTIONS.some((action) => RULE_BOOK[action].appScope === scope),
);
