/**
 * Who may do what in the operator dashboard: one table, checked by the server on every admin
 * endpoint. Hiding a button is a courtesy; this table is the rule.
 */
export const ROLES = ['ADMIN', 'FINANCE', 'DEVELOPER', 'SUPPORT', 'VIEWER'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = {
  'dashboard.read': ['ADMIN', 'FINANCE', 'DEVELOPER', 'SUPPORT', 'VIEWER'],
  'apps.read': ['ADMIN', 'FINANCE', 'DEVELOPER', 'SUPPORT', 'VIEWER'],
  'apps.create': ['ADMIN', 'DEVELOPER'],
  'apps.update': ['ADMIN', 'DEVELOPER'],
  'apps.suspend': ['ADMIN', 'DEVELOPER'],
  'credentials.rotate': ['ADMIN', 'DEVELOPER'],
  'credentials.revoke': ['ADMIN', 'DEVELOPER'],
  /**
   * Approving or rejecting another operator's request for a LIVE key that may move money (a named
   * key with a money scope, or an app's LIVE pair): money out stays with money roles.
   */
  'credentials.approve': ['ADMIN', 'FINANCE'],
  'webhooks.update': ['ADMIN', 'DEVELOPER'],
  'webhooks.ping': ['ADMIN', 'DEVELOPER'],
  /** Turning an app's gateways on or off and setting its own merchant credentials (LIVE ones after step-up). */
  'gateways.manage': ['ADMIN'],
  'payments.read': ['ADMIN', 'FINANCE', 'DEVELOPER', 'SUPPORT', 'VIEWER'],
  'webhooks.read': ['ADMIN', 'FINANCE', 'DEVELOPER', 'SUPPORT', 'VIEWER'],
  'webhooks.resend': ['ADMIN', 'DEVELOPER', 'SUPPORT'],
  'emails.read': ['ADMIN', 'FINANCE', 'DEVELOPER', 'SUPPORT', 'VIEWER'],
  'ledger.read': ['ADMIN', 'FINANCE'],
  /** Setting gateway fee schedules and naming the bank accounts gateways settle to (after step-up). */
  'ledger.configure': ['ADMIN', 'FINANCE'],
  'attention.resolve': ['ADMIN', 'FINANCE'],
  /** Recording money a customer paid outside any gateway (large amounts after step-up, decided per receipt). */
  'receipts.record': ['ADMIN', 'FINANCE'],
  /** The second operator's word on a receipt, for apps that want two (maker-checker). */
  'receipts.approve': ['ADMIN', 'FINANCE'],
  'refunds.approve': ['ADMIN', 'FINANCE'],
  /**
   * Money out: approving, rejecting and cancelling payouts and payout batches, uploading batches,
   * waking a rail's queue after a top-up, and a payout rail's switch (off at once; a LIVE rail back
   * on waits for `controls.decide`).
   */
  'payouts.approve': ['ADMIN', 'FINANCE'],
  'refunds.create': ['ADMIN', 'FINANCE'],
  'refunds.confirm': ['ADMIN', 'FINANCE'],
  /** Proposing an app's refund approval policy: tightening applies at once, loosening waits for `controls.decide`. */
  'refunds.policy': ['ADMIN', 'FINANCE'],
  /** Proposing how many operators confirm an app's manual receipts, on the same terms as `refunds.policy`. */
  'receipts.policy': ['ADMIN', 'FINANCE'],
  /**
   * Proposing an app's guardrails (limits, velocity cap, refund alarm, kill switches): tightening and
   * stopping apply at once; loosening and resuming wait for `controls.decide`.
   */
  'guardrails.propose': ['ADMIN', 'FINANCE'],
  /** Approving or rejecting another operator's proposal to loosen a control. */
  'controls.decide': ['ADMIN'],
  'invoices.manage': ['ADMIN', 'FINANCE'],
  'invoices.void': ['ADMIN', 'FINANCE'],
  /** Uploading a gateway's settlement report (its lines start or wake the day's reconciliation). */
  'settlements.import': ['ADMIN', 'FINANCE'],
  'reconciliation.read': ['ADMIN', 'FINANCE'],
  /** Resolving an exception; those that post money need a fresh step-up (decided per action). */
  'reconciliation.resolve': ['ADMIN', 'FINANCE'],
  /** Reading report runs and downloading their files (the books of every app: finance's). */
  'reports.read': ['ADMIN', 'FINANCE'],
  /** Running reports, and scheduling them to email addresses or an SFTP server (audited, each run too). */
  'reports.run': ['ADMIN', 'FINANCE'],
  'audit.read': ['ADMIN', 'FINANCE', 'DEVELOPER', 'SUPPORT', 'VIEWER'],
  'operators.read': ['ADMIN'],
  'operators.manage': ['ADMIN'],
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof PERMISSIONS;
export const ACTIONS = Object.keys(PERMISSIONS) as Action[];

/**
 * Actions that need the password again within the last few minutes: they issue or retire secrets
 * (registering an app issues LIVE ones), change where events go, send a signed request out, send
 * money back, loosen a control on it, or cancel what a customer owes (voiding an invoice). Approving a large refund needs it too (decided per refund),
 * and so does changing an app's LIVE gateway settings (`gateways.manage`, decided per mode).
 */
export const STEP_UP_ACTIONS: ReadonlySet<Action> = new Set<Action>([
  'apps.create',
  'credentials.rotate',
  'credentials.revoke',
  'credentials.approve',
  'webhooks.update',
  'webhooks.ping',
  'operators.manage',
  'refunds.create',
  'refunds.confirm',
  'refunds.policy',
  'receipts.policy',
  'guardrails.propose',
  'controls.decide',
  'attention.resolve',
  'invoices.void',
  'ledger.configure',
]);

export const STEP_UP_WINDOW_MS = 5 * 60 * 1000;

export function can(role: Role, action: Action): boolean {
  return (PERMISSIONS[action] as readonly Role[]).includes(role);
}

export function needsStepUp(action: Action, stepUpAt: Date | null, now: Date): boolean {
  if (!STEP_UP_ACTIONS.has(action)) return false;
  return stepUpAt === null || now.getTime() - stepUpAt.getTime() > STEP_UP_WINDOW_MS;
}
