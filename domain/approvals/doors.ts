import type { MoneyAction } from './rule-book.js';

/**
 * Every door that changes something, and what it does under the rule book: the admin API and the
 * dashboard's forms (an operator), the app API (an app's key), the CLI (an operator at the
 * deployment's shell), and a workflow's start, update or signal (whoever can reach Temporal).
 *
 * A door either reaches an action of the rule book (as its request, its approval, its rejection,
 * its withdrawal, or a tightening that applies at once) or does nothing the rule book governs, and
 * says what it does instead. test/unit/approvals/doors.test.ts enumerates the doors from the
 * routers, the CLI's commands and the registered workflows and fails while any is missing here or
 * named here but gone: a new door is classified when it is added.
 *
 * A workflow door proves nothing by itself: the workflow re-reads the request and its decisions
 * from PostgreSQL and judges them again before money moves.
 */

export type DoorStep = 'request' | 'approve' | 'reject' | 'withdraw' | 'tighten' | 'carry-out';

export type DoorUse =
  { action: MoneyAction; step: DoorStep; alsoActions?: readonly MoneyAction[] } | { none: string };

const request = (action: MoneyAction, ...alsoActions: MoneyAction[]): DoorUse => ({
  action,
  step: 'request',
  ...(alsoActions.length ? { alsoActions } : {}),
});
const approve = (action: MoneyAction, ...alsoActions: MoneyAction[]): DoorUse => ({
  action,
  step: 'approve',
  ...(alsoActions.length ? { alsoActions } : {}),
});
const reject = (action: MoneyAction): DoorUse => ({ action, step: 'reject' });
const withdraw = (action: MoneyAction): DoorUse => ({ action, step: 'withdraw' });
const tighten = (action: MoneyAction): DoorUse => ({ action, step: 'tighten' });
const carryOut = (action: MoneyAction, ...alsoActions: MoneyAction[]): DoorUse => ({
  action,
  step: 'carry-out',
  ...(alsoActions.length ? { alsoActions } : {}),
});
const none = (what: string): DoorUse => ({ none: what });

const SIGN_IN = none('signs in or out, or proves who is at the keyboard');
const OWN_ACCOUNT = none('changes one’s own password or second factor');
const INTEGRATION = none('changes where events go or their signing secrets, not money');
const PAYMENT_IN = none('asks a customer to pay; no money goes out');
const REPORT = none('reads the books into a file; no money moves');
const REPORT_SCHEDULE = none('sets when a report is made and where it is sent (audited); no money moves');
const CONFIGURATION = none('changes how money is counted or settled, not who may move it');
const SAVED_VIEW = none(
  'names or removes a list’s filters for operators who may already read the list; it changes no money and no one’s rights',
);

/** The admin JSON API (`admin …`) and the dashboard's forms (`dashboard …`). */
export const OPERATOR_DOORS: Readonly<Record<string, DoorUse>> = {
  'admin POST /api/v1/admin/session': SIGN_IN,
  'admin POST /api/v1/admin/session/second-factor': SIGN_IN,
  'admin POST /api/v1/admin/session/step-up': SIGN_IN,
  'admin DELETE /api/v1/admin/session': SIGN_IN,
  'admin POST /api/v1/admin/password-reset': none('completes a reset another ADMIN’s approval issued'),
  'admin POST /api/v1/admin/account/password': OWN_ACCOUNT,
  'admin POST /api/v1/admin/account/second-factor/enrolment': OWN_ACCOUNT,
  'admin POST /api/v1/admin/account/second-factor/confirm': OWN_ACCOUNT,

  'admin POST /api/v1/admin/apps': request('app.live-credentials'),
  'admin PATCH /api/v1/admin/apps/:id': none('renames or rebrands an app'),
  'admin POST /api/v1/admin/apps/:id/suspend': none('stops an app; stopping money is never held up'),
  'admin POST /api/v1/admin/apps/:id/reactivate': none('lets a suspended app back in with the keys it had'),
  'admin POST /api/v1/admin/apps/:id/credentials/rotate': request('app.live-credentials'),
  'admin POST /api/v1/admin/apps/:id/keys': request('key.money-scopes'),
  'admin POST /api/v1/admin/key-requests/:id/approve': approve('key.money-scopes', 'app.live-credentials'),
  'admin POST /api/v1/admin/key-requests/:id/reject': reject('key.money-scopes'),
  'admin POST /api/v1/admin/key-requests/:id/withdraw': withdraw('key.money-scopes'),
  'admin POST /api/v1/admin/key-requests/:id/collect': carryOut('key.money-scopes', 'app.live-credentials'),
  'admin POST /api/v1/admin/credentials/:id/revoke': none(
    'retires a key; taking a key away is never held up',
  ),
  'admin PUT /api/v1/admin/apps/:id/webhooks/:mode': INTEGRATION,
  'admin POST /api/v1/admin/apps/:id/webhooks/:mode/ping': INTEGRATION,
  'admin POST /api/v1/admin/apps/:id/webhooks/:mode/rotate-secret': INTEGRATION,
  'admin POST /api/v1/admin/apps/:id/webhook-endpoints/:endpointId/disable': INTEGRATION,
  'admin POST /api/v1/admin/apps/:id/webhook-endpoints/:endpointId/enable': INTEGRATION,
  'admin PUT /api/v1/admin/apps/:id/gateways/:mode/:gateway': none(
    'sets the merchant account payments go into (ADMIN, LIVE after step-up)',
  ),
  'admin DELETE /api/v1/admin/apps/:id/gateways/:mode/:gateway/credentials': none(
    'clears a merchant account; payments in stop',
  ),
  'admin PUT /api/v1/admin/apps/:id/refund-approval/:mode': request('control.loosen'),
  'admin PUT /api/v1/admin/apps/:id/payout-approval/:mode': request('control.loosen', 'payout.enable'),
  'admin PUT /api/v1/admin/apps/:id/receipt-approvals/:mode': request('control.loosen'),
  'admin PUT /api/v1/admin/apps/:id/guardrails/:mode': request('guardrail.loosen'),
  'admin POST /api/v1/admin/control-changes/:id/approve': approve(
    'control.loosen',
    'guardrail.loosen',
    'payout.enable',
  ),
  'admin POST /api/v1/admin/control-changes/:id/reject': reject('control.loosen'),
  'admin POST /api/v1/admin/control-changes/:id/withdraw': withdraw('control.loosen'),

  'admin POST /api/v1/admin/operators': request('people.change'),
  'admin PATCH /api/v1/admin/operators/:id': request('people.change'),
  'admin POST /api/v1/admin/operators/:id/disable': tighten('people.reenable'),
  'admin POST /api/v1/admin/operators/:id/enable': request('people.reenable'),
  'admin POST /api/v1/admin/operators/:id/identity-link': request('people.change'),
  'admin POST /api/v1/admin/operators/:id/password-reset': request('people.change'),
  'admin POST /api/v1/admin/operators/:id/second-factor/reset': request('people.change'),
  'admin POST /api/v1/admin/people-changes/:id/approve': approve('people.change', 'people.reenable'),
  'admin POST /api/v1/admin/people-changes/:id/reject': reject('people.change'),
  'admin POST /api/v1/admin/people-changes/:id/withdraw': withdraw('people.change'),

  'admin POST /api/v1/admin/payments/:id/refunds': request('refund', 'refund.destination'),
  'admin POST /api/v1/admin/refunds/:id/approve': approve('refund', 'refund.destination', 'parked.release'),
  'admin POST /api/v1/admin/refunds/:id/reject': reject('refund'),
  'admin POST /api/v1/admin/refunds/:id/confirm': approve('refund.confirmation'),
  'admin POST /api/v1/admin/payments/:id/attention/refund': request('parked.release'),
  'admin POST /api/v1/admin/payments/:id/attention/resolve': request('parked.release'),
  'admin POST /api/v1/admin/payments/:id/attention/requests/:requestId/approve': approve('parked.release'),
  'admin POST /api/v1/admin/payments/:id/attention/requests/:requestId/reject': reject('parked.release'),
  'admin POST /api/v1/admin/payments/:id/attention/requests/:requestId/withdraw': withdraw('parked.release'),

  'admin POST /api/v1/admin/payments/:id/receipts': request('receipt.manual'),
  'admin POST /api/v1/admin/receipts/:id/approve': approve('receipt.manual'),
  'admin POST /api/v1/admin/receipts/:id/reject': reject('receipt.manual'),
  'admin POST /api/v1/admin/receipts/:id/proof': none('attaches the slip to a recorded receipt'),

  'admin POST /api/v1/admin/payouts/:id/approve': approve('payout'),
  'admin POST /api/v1/admin/payouts/:id/reject': reject('payout'),
  'admin POST /api/v1/admin/payouts/:id/cancel': tighten('payout'),
  'admin POST /api/v1/admin/payout-batches': request('payout.batch'),
  'admin POST /api/v1/admin/payout-batches/:id/approve': approve('payout.batch'),
  'admin POST /api/v1/admin/payout-batches/:id/reject': reject('payout.batch'),
  'admin POST /api/v1/admin/payout-batches/:id/cancel': tighten('payout.batch'),
  'admin PUT /api/v1/admin/payouts/rails/:rail/:mode/switch': request('rail.switch-on'),
  'admin POST /api/v1/admin/payouts/rails/:rail/:mode/recheck': none(
    'asks a rail for its balance again; the queue it wakes was approved already',
  ),
  'admin POST /api/v1/admin/payouts/rail-switch-changes/:id/approve': approve('rail.switch-on'),
  'admin POST /api/v1/admin/payouts/rail-switch-changes/:id/reject': reject('rail.switch-on'),
  'admin POST /api/v1/admin/payouts/rail-switch-changes/:id/withdraw': withdraw('rail.switch-on'),

  'admin POST /api/v1/admin/reconciliation/exceptions/:reference/resolve':
    request('reconciliation.adjustment'),
  'admin POST /api/v1/admin/reconciliation/exceptions/:reference/approve':
    approve('reconciliation.adjustment'),
  'admin POST /api/v1/admin/settlements/imports': none(
    'imports a gateway’s report; what it cannot match waits for finance',
  ),
  'admin POST /api/v1/admin/settlements/bank-statements': none(
    'imports a bank statement; what it cannot match waits for finance',
  ),
  'admin POST /api/v1/admin/settlements/rail-statements': none(
    'imports a payout rail’s statement to reconcile against',
  ),
  'admin POST /api/v1/admin/report-runs': REPORT,
  'admin POST /api/v1/admin/report-schedules': REPORT_SCHEDULE,
  'admin POST /api/v1/admin/report-schedules/:id/pause': REPORT_SCHEDULE,
  'admin POST /api/v1/admin/report-schedules/:id/resume': REPORT_SCHEDULE,
  'admin POST /api/v1/admin/report-schedules/:id/run': REPORT,
  'admin DELETE /api/v1/admin/report-schedules/:id': REPORT_SCHEDULE,
  'admin PUT /api/v1/admin/fee-schedules': CONFIGURATION,
  'admin DELETE /api/v1/admin/fee-schedules/:id': CONFIGURATION,
  'admin PUT /api/v1/admin/settlement-bank-accounts/:gateway/:mode': CONFIGURATION,

  'admin POST /api/v1/admin/invoices': PAYMENT_IN,
  'admin POST /api/v1/admin/invoices/:id/issue': PAYMENT_IN,
  'admin POST /api/v1/admin/invoices/:id/void': none('cancels what a customer owes; nothing is paid out'),
  'admin POST /api/v1/admin/webhooks/events/:eventId/resend': INTEGRATION,
  'admin POST /api/v1/admin/maintenance-windows': none('tells checkout a gateway is down for maintenance'),
  'admin POST /api/v1/admin/maintenance-windows/:id/cancel': none('ends a gateway’s maintenance window'),
  'admin POST /api/v1/admin/saved-views': SAVED_VIEW,
  'admin DELETE /api/v1/admin/saved-views/:id': SAVED_VIEW,

  'dashboard POST /admin/login': SIGN_IN,
  'dashboard POST /admin/login/second-factor': SIGN_IN,
  'dashboard POST /admin/logout': SIGN_IN,
  // The identity provider ends a person's sessions here (back-channel logout): it only takes away.
  'dashboard POST /admin/oidc/backchannel-logout': SIGN_IN,
  'dashboard POST /admin/step-up': SIGN_IN,
  'dashboard POST /admin/password-reset': none('completes a reset another ADMIN’s approval issued'),
  'dashboard POST /admin/account/password': OWN_ACCOUNT,
  'dashboard POST /admin/account/second-factor': OWN_ACCOUNT,
  'dashboard POST /admin/account/second-factor/replace': OWN_ACCOUNT,

  'dashboard POST /admin/apps': request('app.live-credentials'),
  'dashboard POST /admin/apps/:id/settings': none('renames or rebrands an app'),
  'dashboard POST /admin/apps/:id/suspend': none('stops an app; stopping money is never held up'),
  'dashboard POST /admin/apps/:id/reactivate': none('lets a suspended app back in with the keys it had'),
  'dashboard POST /admin/apps/:id/credentials/rotate': request('app.live-credentials'),
  'dashboard POST /admin/apps/:id/credentials/:credentialId/revoke': none(
    'retires a key; taking a key away is never held up',
  ),
  'dashboard POST /admin/apps/:id/keys': request('key.money-scopes'),
  'dashboard POST /admin/key-requests/:id/approve': approve('key.money-scopes', 'app.live-credentials'),
  'dashboard POST /admin/key-requests/:id/reject': reject('key.money-scopes'),
  'dashboard POST /admin/key-requests/:id/withdraw': withdraw('key.money-scopes'),
  'dashboard POST /admin/key-requests/:id/collect': carryOut('key.money-scopes', 'app.live-credentials'),
  'dashboard POST /admin/apps/:id/webhooks/:mode': INTEGRATION,
  'dashboard POST /admin/apps/:id/webhooks/:mode/ping': INTEGRATION,
  'dashboard POST /admin/apps/:id/webhooks/:mode/rotate-secret': INTEGRATION,
  'dashboard POST /admin/apps/:id/webhook-endpoints/:endpointId/disable': INTEGRATION,
  'dashboard POST /admin/apps/:id/webhook-endpoints/:endpointId/enable': INTEGRATION,
  'dashboard POST /admin/apps/:id/gateways/:mode/:gateway': none(
    'sets the merchant account payments go into (ADMIN, LIVE after step-up)',
  ),
  'dashboard POST /admin/apps/:id/gateways/:mode/:gateway/clear': none(
    'clears a merchant account; payments in stop',
  ),
  'dashboard POST /admin/apps/:id/gateways/confirm': none('confirms the merchant account settings shown'),
  'dashboard POST /admin/apps/:id/controls/:mode/refund-approval': request('control.loosen'),
  'dashboard POST /admin/apps/:id/controls/:mode/payout-approval': request('control.loosen', 'payout.enable'),
  'dashboard POST /admin/apps/:id/controls/:mode/receipt-approvals': request('control.loosen'),
  'dashboard POST /admin/apps/:id/controls/:mode/guardrails': request('guardrail.loosen'),
  'dashboard POST /admin/control-changes/:id/approve': approve(
    'control.loosen',
    'guardrail.loosen',
    'payout.enable',
  ),
  'dashboard POST /admin/control-changes/:id/reject': reject('control.loosen'),
  'dashboard POST /admin/control-changes/:id/withdraw': withdraw('control.loosen'),

  'dashboard POST /admin/operators': request('people.change'),
  'dashboard POST /admin/operators/:id/role': request('people.change'),
  'dashboard POST /admin/operators/:id/disable': tighten('people.reenable'),
  'dashboard POST /admin/operators/:id/enable': request('people.reenable'),
  'dashboard POST /admin/operators/:id/password-reset': request('people.change'),
  'dashboard POST /admin/operators/:id/second-factor/reset': request('people.change'),
  'dashboard POST /admin/people-changes/:id/approve': approve('people.change', 'people.reenable'),
  'dashboard POST /admin/people-changes/:id/reject': reject('people.change'),
  'dashboard POST /admin/people-changes/:id/withdraw': withdraw('people.change'),

  'dashboard POST /admin/payments/:reference/refunds': request('refund', 'refund.destination'),
  'dashboard POST /admin/refunds/:reference/approve': approve(
    'refund',
    'refund.destination',
    'parked.release',
  ),
  'dashboard POST /admin/refunds/:reference/reject': reject('refund'),
  'dashboard POST /admin/refunds/:reference/confirm': approve('refund.confirmation'),
  'dashboard POST /admin/payments/:reference/attention/refund': request('parked.release'),
  'dashboard POST /admin/payments/:reference/attention/resolve': request('parked.release'),
  'dashboard POST /admin/payments/:reference/attention/requests/:requestId/approve':
    approve('parked.release'),
  'dashboard POST /admin/payments/:reference/attention/requests/:requestId/reject': reject('parked.release'),
  'dashboard POST /admin/payments/:reference/attention/requests/:requestId/withdraw':
    withdraw('parked.release'),

  'dashboard POST /admin/payments/:reference/receipts': request('receipt.manual'),
  'dashboard POST /admin/receipts/:id/approve': approve('receipt.manual'),
  'dashboard POST /admin/receipts/:id/reject': reject('receipt.manual'),
  'dashboard POST /admin/receipts/:id/proof': none('attaches the slip to a recorded receipt'),

  'dashboard POST /admin/payouts/:reference/approve': approve('payout'),
  'dashboard POST /admin/payouts/:reference/reject': reject('payout'),
  'dashboard POST /admin/payout-batches': request('payout.batch'),
  'dashboard POST /admin/payout-batches/:id/approve': approve('payout.batch'),
  'dashboard POST /admin/payout-batches/:id/reject': reject('payout.batch'),
  'dashboard POST /admin/payout-batches/:id/cancel': tighten('payout.batch'),
  'dashboard POST /admin/payouts/rails/:rail/:mode/switch': request('rail.switch-on'),
  'dashboard POST /admin/payouts/rails/:rail/:mode/recheck': none(
    'asks a rail for its balance again; the queue it wakes was approved already',
  ),
  'dashboard POST /admin/payouts/rail-switch-changes/:id/approve': approve('rail.switch-on'),
  'dashboard POST /admin/payouts/rail-switch-changes/:id/reject': reject('rail.switch-on'),
  'dashboard POST /admin/payouts/rail-switch-changes/:id/withdraw': withdraw('rail.switch-on'),

  'dashboard POST /admin/reconciliation/exceptions/:reference/resolve': request('reconciliation.adjustment'),
  'dashboard POST /admin/reconciliation/exceptions/:reference/approve': approve('reconciliation.adjustment'),
  'dashboard POST /admin/settlements/imports': none(
    'imports a gateway’s report; what it cannot match waits for finance',
  ),
  'dashboard POST /admin/settlements/rail-statements': none(
    'imports a payout rail’s statement to reconcile against',
  ),
  'dashboard POST /admin/reports/runs': REPORT,
  'dashboard POST /admin/reports/schedules': REPORT_SCHEDULE,
  'dashboard POST /admin/reports/schedules/:id/run': REPORT,
  'dashboard POST /admin/reports/schedules/:id/pause': REPORT_SCHEDULE,
  'dashboard POST /admin/reports/schedules/:id/resume': REPORT_SCHEDULE,
  'dashboard POST /admin/reports/schedules/:id/delete': REPORT_SCHEDULE,
  'dashboard POST /admin/ledger/fees': CONFIGURATION,
  'dashboard POST /admin/ledger/fees/:id/delete': CONFIGURATION,
  'dashboard POST /admin/ledger/banks/:gateway/:mode': CONFIGURATION,

  'dashboard POST /admin/invoices': PAYMENT_IN,
  'dashboard POST /admin/invoices/:reference/issue': PAYMENT_IN,
  'dashboard POST /admin/invoices/:reference/void': none('cancels what a customer owes; nothing is paid out'),
  'dashboard POST /admin/webhooks/events/:eventId/resend': INTEGRATION,
  'dashboard POST /admin/gateway-health/maintenance': none(
    'tells checkout a gateway is down for maintenance',
  ),
  'dashboard POST /admin/gateway-health/maintenance/:id/cancel': none('ends a gateway’s maintenance window'),
  'dashboard POST /admin/saved-views': SAVED_VIEW,
  'dashboard POST /admin/saved-views/:id/delete': SAVED_VIEW,
};

/** The app API: an app's key, judged by its scopes (api/apps/route-scopes.ts) and then here. */
export const APP_DOORS: Readonly<Record<string, DoorUse>> = {
  'app POST /api/v1/payments': PAYMENT_IN,
  'app POST /api/v1/payments/:id/refunds': request('refund', 'refund.destination'),
  'app POST /api/v1/payouts': request('payout'),
  'app POST /api/v1/payouts/:id/cancel': tighten('payout'),
  'app POST /api/v1/payout-batches': request('payout.batch'),
  'app POST /api/v1/payout-batches/:id/cancel': tighten('payout.batch'),
  'app POST /api/v1/invoices': PAYMENT_IN,
  'app PATCH /api/v1/invoices/:id': PAYMENT_IN,
  'app POST /api/v1/invoices/:id/issue': PAYMENT_IN,
  'app POST /api/v1/invoices/:id/void': none('cancels what a customer owes; nothing is paid out'),
  'app POST /api/v1/webhook-endpoints': INTEGRATION,
  'app PATCH /api/v1/webhook-endpoints/:id': INTEGRATION,
  'app DELETE /api/v1/webhook-endpoints/:id': INTEGRATION,
  'app POST /api/v1/webhook-endpoints/:id/rotate-secret': INTEGRATION,
  'app POST /api/v1/webhook-endpoints/:id/recover': INTEGRATION,
  'app POST /api/v1/reports/runs': REPORT,
};

/** The CLI's commands (`npm run cli -- <command>`), run by an operator who signs in with it. */
export const CLI_DOORS: Readonly<Record<string, DoorUse>> = {
  'cli apps:create': none(
    'registers an app with its TEST pair; its LIVE pair is an operator’s key request, never printed here',
  ),
  'cli keys:collect': carryOut('key.money-scopes', 'app.live-credentials'),
  'cli webhooks:set': INTEGRATION,
  'cli operators:create': none(
    'creates one of the first two ADMINs a deployment ever has (its bootstrap, break-glass), and nothing after',
  ),
  'cli refunds:approve': approve('refund', 'refund.destination', 'parked.release'),
  'cli refunds:reject': reject('refund'),
  'cli recon:import': none('imports a gateway’s report; what it cannot match waits for finance'),
  'cli recon:bank-import': none('imports a bank statement; what it cannot match waits for finance'),
  'cli ledger:verify': none('checks the ledger; changes nothing'),
  'cli keys:status': none('tells which sealing key seals what; changes nothing'),
  'cli keys:rotate': none('re-seals stored secrets under the current key'),
  'cli listen': none('forwards an app’s TEST events to a developer’s machine'),
};

/**
 * Temporal: a workflow's start (`workflow <type>`) and the messages it takes (`update <name>`,
 * `signal <name>`, `query <name>`). Whoever can reach Temporal can knock; each of these re-reads
 * the act and its decisions from PostgreSQL and judges them again before money moves.
 */
export const WORKFLOW_DOORS: Readonly<Record<string, DoorUse>> = {
  'workflow paymentWorkflow': PAYMENT_IN,
  'workflow lateCallbackWorkflow': PAYMENT_IN,
  'workflow sweeperWorkflow': none('starts what PostgreSQL says is owed a start'),
  'workflow webhookDeliveryWorkflow': INTEGRATION,
  'workflow webhookRecoverWorkflow': INTEGRATION,
  'workflow refundWorkflow': carryOut('refund'),
  'workflow invoiceWorkflow': PAYMENT_IN,
  'workflow customerEmailWorkflow': none('sends a customer the email its event queued'),
  'workflow stripeSettlementImportWorkflow': none('reads Stripe’s settlement report'),
  'workflow reconciliationWorkflow': carryOut('reconciliation.adjustment'),
  'workflow disputeRecheckWorkflow': none('asks a gateway about a dispute'),
  'workflow disputeQuestionWorkflow': none('asks a gateway about a dispute'),
  'workflow ledgerVerifyWorkflow': none('checks the ledger; changes nothing'),
  'workflow fileUploadImportWorkflow': none('reads an uploaded report'),
  'workflow gatewayHealthWorkflow': none('watches a gateway’s health'),
  'workflow payoutWorkflow': carryOut('payout'),
  'workflow payoutBatchWorkflow': carryOut('payout.batch'),
  'workflow payoutLinesWorkflow': carryOut('payout.batch'),
  'workflow payoutReturnsWorkflow': none('reads rails for payouts sent back'),
  'workflow reportScheduleWorkflow': REPORT,
  'workflow reportDeliveryWorkflow': REPORT,
  'signal reportScheduleChanged': none('wakes a schedule to read its row again'),
  'workflow approvalWorkflow': none('closes an act nobody decided within its window; approves nothing'),
  'update openCheckout': PAYMENT_IN,
  'update cancelCheckout': PAYMENT_IN,
  'signal gatewayCallback': none('a gateway’s word, confirmed with the gateway before it counts'),
  'query checkoutState': none('reads'),
  'update approveRefund': carryOut('refund'),
  'update rejectRefund': carryOut('refund'),
  'update confirmRefund': carryOut('refund.confirmation'),
  'signal payoutChanged': carryOut('payout'),
  'signal payoutBatchChanged': carryOut('payout.batch'),
  'signal payoutLinesChanged': carryOut('payout.batch'),
  'signal rematch': none('matches a day’s lines again'),
  'update resolveException': carryOut('reconciliation.adjustment'),
  'signal invoicePayment': PAYMENT_IN,
  'signal invoiceVoided': PAYMENT_IN,
};

export const ALL_DOORS: Readonly<Record<string, DoorUse>> = {
  ...OPERATOR_DOORS,
  ...APP_DOORS,
  ...CLI_DOORS,
  ...WORKFLOW_DOORS,
};
