import { CONTROL_CHANGE_STATUSES, CONTROL_KINDS } from '../../domain/operators/control-changes.js';
import { MODES } from '../../domain/shared/mode.js';
import {
  controlChangesQuery,
  controlDecisionBody,
  guardrailsBody,
  payoutApprovalBody,
  receiptApprovalsBody,
  refundApprovalBody,
} from '../admin/controls/schemas.js';
import { operation, pathParam } from './admin-paths.js';
import {
  fromZod,
  instant,
  integer,
  nullableInstant,
  nullableInteger,
  nullableText,
  queryParameters,
  record,
  ref,
  type Json,
} from './json-schema.js';
import { errorResponse, list, ok } from './responses.js';

/** Each app's money controls, and the proposals to loosen them that a second ADMIN decides. */

const positiveId = { type: 'string', pattern: '^[1-9][0-9]{0,15}$' };
const appId = pathParam('id', positiveId, 'The app id');
const changeId = pathParam('id', positiveId, 'The control change id');
const modeParam = pathParam('mode', { type: 'string', enum: [...MODES] });

const RECEIPT_APPROVALS = record({ approvals: { type: 'integer', enum: [1, 2] } });
const GUARDRAILS_SETTING = record({ guardrails: ref('Guardrails') });
const PAYOUT_RULES = fromZod(payoutApprovalBody, 'output');
const PAYOUT_RULES_SETTING = record({ payoutRules: ref('PayoutRules') });
const SETTING: Json = {
  oneOf: [
    ref('RefundApprovalRules'),
    ref('PayoutRulesSetting'),
    ref('ReceiptApprovals'),
    ref('GuardrailsSetting'),
  ],
};

const CONTROL_CHANGE = record({
  id: integer,
  appId: integer,
  appName: nullableText,
  mode: { type: 'string', enum: [...MODES] },
  kind: { type: 'string', enum: [...CONTROL_KINDS] },
  currentValue: { ...SETTING, description: 'The setting the proposal was made against' },
  proposedValue: SETTING,
  status: { type: 'string', enum: [...CONTROL_CHANGE_STATUSES] },
  stale: {
    type: 'boolean',
    description:
      'PENDING only: the control has changed since, so approving it answers 409 CONTROL_CHANGE_STALE',
  },
  proposedByOperatorId: integer,
  proposedAt: instant,
  decidedByOperatorId: nullableInteger,
  decidedAt: nullableInstant,
  comment: nullableText,
});

const MODE_CONTROLS = record({
  refundApproval: ref('RefundApprovalRules'),
  payoutRules: ref('PayoutRules'),
  receiptApprovals: { type: 'integer', enum: [1, 2] },
  pendingChanges: { type: 'array', items: ref('ControlChange') },
});

const GUARDRAILS = fromZod(guardrailsBody, 'output');
const MODE_GUARDRAILS = record({
  guardrails: ref('Guardrails'),
  pendingChange: { oneOf: [ref('ControlChange'), { type: 'null' }] },
});

export const adminControlSchemas = (): Record<string, Json> => ({
  Guardrails: GUARDRAILS,
  GuardrailsSetting: GUARDRAILS_SETTING,
  AppGuardrails: record({
    TEST: MODE_GUARDRAILS,
    LIVE: MODE_GUARDRAILS,
    refundRatioAlarms: {
      type: 'array',
      description: "The app's latest refund-to-sales alarms, newest first",
      items: record({
        mode: { type: 'string', enum: [...MODES] },
        day: { type: 'string', format: 'date' },
        currency: { type: 'string' },
        refundsMinor: integer,
        salesMinor: integer,
        thresholdPercent: integer,
        raisedAt: instant,
      }),
    },
  }),
  PayoutRules: PAYOUT_RULES,
  PayoutRulesSetting: PAYOUT_RULES_SETTING,
  PayoutRulesByMode: record({ TEST: ref('PayoutRules'), LIVE: ref('PayoutRules') }),
  ReceiptApprovals: RECEIPT_APPROVALS,
  ControlChange: CONTROL_CHANGE,
  AppControls: record({ TEST: MODE_CONTROLS, LIVE: MODE_CONTROLS }),
});

const PROPOSING =
  'A stricter or equal setting applies at once (200, audited). A looser one changes nothing yet: it is answered 202 with a PENDING control change that an ADMIN other than the proposer approves; it supersedes a change already waiting for the same app, mode and control.';

const proposed = (applied: string, appliedSchema: Json) => ({
  200: ok(applied, appliedSchema),
  202: ok('The pending control change: the setting loosens the control', ref('ControlChange')),
  404: errorResponse('APP_NOT_FOUND'),
});

export const adminControlPaths = (): Record<string, Json> => ({
  '/admin/apps/{id}/controls': {
    get: operation({
      id: 'adminGetAppControls',
      summary: "An app's money controls in each mode, with the proposals to loosen them still waiting",
      action: 'apps.read',
      parameters: [appId],
      responses: { 200: ok('Controls by mode', ref('AppControls')), 404: errorResponse('APP_NOT_FOUND') },
    }),
  },
  '/admin/apps/{id}/refund-approval': {
    get: operation({
      id: 'adminGetRefundApproval',
      summary:
        "An app's refund approval rules in each mode (until finance sets them: none waits in TEST; in LIVE, BDT refunds above 1,000,000 minor units wait for one approver, above 10,000,000 for two, other currencies for one)",
      action: 'apps.read',
      parameters: [appId],
      responses: {
        200: ok('Rules by mode', ref('RefundApprovalRulesByMode')),
        404: errorResponse('APP_NOT_FOUND'),
      },
    }),
  },
  '/admin/apps/{id}/refund-approval/{mode}': {
    put: operation({
      id: 'adminSetRefundApproval',
      summary:
        'Set, or propose, how many approvers (0, 1 or 2) refunds of an app need: a table of rules by amount band, currency, gateway, payment method and requester',
      description: `The body is the full set of rules ({ rules: [...] }), or a one-line policy (NEVER, ALWAYS, ABOVE_AMOUNT with a threshold) that is stored as the rules holding the same refunds. The rules are compared by every refund there can be: fewer approvers for any one is looser. ${PROPOSING}`,
      action: 'refunds.policy',
      parameters: [appId, modeParam],
      body: fromZod(refundApprovalBody),
      responses: proposed('The rules now in force', ref('RefundApprovalRules')),
    }),
  },
  '/admin/apps/{id}/payout-approval': {
    get: operation({
      id: 'adminGetPayoutApproval',
      summary:
        "An app's payout rules in each mode, apart from its refund rules (until finance sets them: the rule book's defaults; LIVE payouts off, and each LIVE payout waits for at least one approver)",
      action: 'apps.read',
      parameters: [appId],
      responses: {
        200: ok('Payout rules by mode', ref('PayoutRulesByMode')),
        404: errorResponse('APP_NOT_FOUND'),
      },
    }),
  },
  '/admin/apps/{id}/payout-approval/{mode}': {
    put: operation({
      id: 'adminSetPayoutApproval',
      summary:
        "Set, or propose, an app's payout rules for a mode: whether payouts are on, the least number of approvers any payout waits for, and approvers by amount band",
      description: `The body is the full setting ({ enabled, floor, bands }). Turning payouts on, a lower floor, or a band asking fewer approvers for any amount is looser. ${PROPOSING}`,
      action: 'refunds.policy',
      parameters: [appId, modeParam],
      body: fromZod(payoutApprovalBody),
      responses: proposed('The setting now in force', PAYOUT_RULES_SETTING),
    }),
  },
  '/admin/apps/{id}/receipt-approvals/{mode}': {
    put: operation({
      id: 'adminSetReceiptApprovals',
      summary: "Set, or propose, how many operators confirm an app's manual receipts (1 or 2)",
      description: `Two is stricter than one. ${PROPOSING}`,
      action: 'receipts.policy',
      parameters: [appId, modeParam],
      body: fromZod(receiptApprovalsBody),
      responses: proposed('The setting now in force', ref('ReceiptApprovals')),
    }),
  },
  '/admin/apps/{id}/guardrails': {
    get: operation({
      id: 'adminAppGuardrails',
      summary: "An app's guardrails in each mode, the proposals waiting on them, and its refund alarms",
      action: 'apps.read',
      parameters: [appId],
      responses: { 200: ok('Guardrails', ref('AppGuardrails')), 404: errorResponse('APP_NOT_FOUND') },
    }),
  },
  '/admin/apps/{id}/guardrails/{mode}': {
    put: operation({
      id: 'adminSetGuardrails',
      summary:
        "Set, or propose, an app's guardrails for a mode (limits, velocity cap, refund alarm, kill switches)",
      description: `The setting replaces the one in force. Stopping money movement, switching a gateway off, or lowering a cap or limit is stricter; resuming, switching a gateway back on, raising or removing one is looser. ${PROPOSING}`,
      action: 'guardrails.propose',
      parameters: [appId, modeParam],
      // Every field is optional, so an empty body is the setting with none: no limit, nothing stopped.
      body: fromZod(guardrailsBody),
      optionalBody: true,
      responses: proposed('The setting now in force', GUARDRAILS_SETTING),
    }),
  },
  '/admin/control-changes': {
    get: operation({
      id: 'adminListControlChanges',
      summary: 'Proposals to loosen a control, newest first (status=PENDING: the queue)',
      action: 'apps.read',
      parameters: queryParameters(controlChangesQuery),
      responses: { 200: list('A page of control changes', ref('ControlChange')) },
    }),
  },
  '/admin/control-changes/{id}': {
    get: operation({
      id: 'adminGetControlChange',
      summary: 'One control change',
      action: 'apps.read',
      parameters: [changeId],
      responses: {
        200: ok('The control change', ref('ControlChange')),
        404: errorResponse('CONTROL_CHANGE_NOT_FOUND'),
      },
    }),
  },
  ...Object.fromEntries(
    (
      [
        [
          'approve',
          'adminApproveControlChange',
          'Approve a pending control change: its setting applies',
          'controls.decide',
          'By an ADMIN other than the proposer (403 SELF_APPROVAL_FORBIDDEN), while the control is still what the proposal was made against (else 409 CONTROL_CHANGE_STALE).',
        ],
        [
          'reject',
          'adminRejectControlChange',
          'Reject a pending control change: the control stays as it is',
          'controls.decide',
          'By an ADMIN other than the proposer (403 SELF_APPROVAL_FORBIDDEN).',
        ],
        [
          'withdraw',
          'adminWithdrawControlChange',
          'Withdraw your own pending control change',
          'apps.read',
          'Only by its proposer (403 FORBIDDEN for anyone else).',
        ],
      ] as const
    ).map(([verb, id, summary, action, description]) => [
      `/admin/control-changes/{id}/${verb}`,
      {
        post: operation({
          id,
          summary,
          description,
          action,
          parameters: [changeId],
          body: fromZod(controlDecisionBody),
          optionalBody: true,
          responses: {
            200: ok('The control change as the decision left it', ref('ControlChange')),
            403: errorResponse('FORBIDDEN, SELF_APPROVAL_FORBIDDEN, STEP_UP_REQUIRED or CSRF_TOKEN_INVALID'),
            404: errorResponse('CONTROL_CHANGE_NOT_FOUND'),
            409: errorResponse('CONTROL_CHANGE_NOT_PENDING or CONTROL_CHANGE_STALE'),
          },
        }),
      },
    ]),
  ),
});
