import { z } from 'zod';
import {
  createAppBody,
  listQuery,
  namedKeyBody,
  rotateBody,
  updateAppBody,
  webhookBody,
} from '../admin/apps/schemas.js';
import { adminEventsQuery, adminPaymentsQuery } from '../admin/payments/queries.js';
import {
  auditQuery,
  createOperatorBody,
  overviewQuery,
  updateOperatorBody,
} from '../admin/oversight/schemas.js';
import {
  adminRefundsQuery,
  confirmationBody,
  decisionBody,
  operatorRefundBody,
} from '../admin/refunds/schemas.js';
import { signInFields } from '../admin/sign-in.js';
import { identityLinkBody } from '../admin/people/schemas.js';
import {
  attentionDecisionBody,
  attentionQuery,
  attentionRefundBody,
  attentionResolveBody,
} from '../admin/attention/schemas.js';
import { accountsQuery, journalQuery, statementQuery } from '../admin/ledger/schemas.js';
import { emailLogQuery } from '../admin/emails/schemas.js';
import { REFUND_STATUSES } from '../../domain/refunds/refunds.js';
import { STEP_UP_ACTIONS, type Action } from '../../domain/operators/permissions.js';
import { paymentListParameters } from './app-paths.js';
import { fromZod, queryParameters, ref, type Json } from './json-schema.js';
import { errorResponse, list, ok, withStandardAnswers } from './responses.js';

/**
 * The admin JSON API under /api/v1/admin: an operator's session cookie, the session's CSRF token
 * in X-CSRF-Token on every request, and a role that allows the action (domain/operators/permissions.ts).
 */
const session = [{ OperatorSession: [], CsrfToken: [] }];

export const pathParam = (name: string, schema: Json, description?: string): Json => ({
  name,
  in: 'path',
  required: true,
  schema,
  ...(description && { description }),
});
// At most 15 digits: every such id is a safe integer, which is what the routes read.
const positiveId = { type: 'string', pattern: '^[1-9][0-9]{0,14}$' };
const appId = pathParam('id', positiveId, 'The app id');
const operatorId = pathParam('id', positiveId, 'The operator id');
const modeParam = pathParam('mode', { type: 'string', enum: ['TEST', 'LIVE'] });

const jsonBody = (schema: Json) => ({
  required: true,
  content: { 'application/json': { schema } },
});

/** Who may call an operation, and whether a recent step-up is needed. */
function access(action: Action): { 'x-permission': Action; description?: string } {
  return STEP_UP_ACTIONS.has(action)
    ? {
        'x-permission': action,
        description: `Needs the \`${action}\` permission and a step-up within the last 5 minutes, else 403 STEP_UP_REQUIRED whose \`meta.details\` say how this operator steps up (\`method\`, \`url\`).`,
      }
    : { 'x-permission': action };
}

interface Operation {
  id: string;
  summary: string;
  description?: string;
  action?: Action;
  parameters?: Json[];
  body?: Json;
  /** The body may be left out (every field of it is optional, and no body reads as `{}`). */
  optionalBody?: boolean;
  responses: Record<string, Json>;
  rateLimited?: boolean;
  unauthenticated?: boolean;
}

export function operation(op: Operation): Json {
  const forbidden =
    op.action && STEP_UP_ACTIONS.has(op.action)
      ? errorResponse('CSRF_TOKEN_INVALID, FORBIDDEN for this role, or STEP_UP_REQUIRED')
      : undefined;
  const accessInfo: { 'x-permission'?: Action; description?: string } = op.action ? access(op.action) : {};
  const description = [op.description, accessInfo.description].filter(Boolean).join(' ');
  return {
    operationId: op.id,
    summary: op.summary,
    tags: ['admin'],
    ...accessInfo,
    ...(description && { description }),
    security: op.unauthenticated ? [] : session,
    ...(op.parameters && { parameters: op.parameters }),
    ...(op.body && { requestBody: { ...jsonBody(op.body), ...(op.optionalBody && { required: false }) } }),
    responses: withStandardAnswers(
      { ...op.responses, ...(forbidden && !op.responses[403] && { 403: forbidden }) },
      { session: !op.unauthenticated, jsonBody: Boolean(op.body), rateLimited: op.rateLimited },
    ),
  };
}

/** The dashboard's filter forms send every field; an empty one means "no filter". */
export const emptyMeansAny = (parameter: Json): Json => ({
  ...parameter,
  schema: { anyOf: [parameter.schema, { type: 'string', maxLength: 0 }] },
});

const notFound = (code: string) => ({ 404: errorResponse(code) });
const paymentRef = pathParam('idOrReference', {
  type: 'string',
  pattern: '^([0-9]{1,15}|pay_[0-9a-z]{20})$',
});
const refundRef = pathParam(
  'id',
  { type: 'string', pattern: '^([0-9]{1,15}|rf_[0-9a-z]{20})$' },
  'Refund id or reference',
);
export const refundStatusFilter: Json = {
  type: 'string',
  pattern: `^(${REFUND_STATUSES.join('|')})(,(${REFUND_STATUSES.join('|')}))*$`,
  description: `One status, or several separated by commas: ${REFUND_STATUSES.join(', ')}`,
};

export const adminApiPaths = (): Record<string, Json> => ({
  '/admin/session': {
    post: operation({
      id: 'adminSignIn',
      summary: 'Sign in: sets the session cookie and returns the CSRF token (step-up counts as done)',
      description:
        'An operator with a second factor gives `code` too, or gets 401 SECOND_FACTOR_REQUIRED whose `meta.details.challenge` goes to POST /admin/session/second-factor with the code (five minutes, same client). Failures are throttled per (email, client): after five in a row the client waits 1 s, 2 s, 4 s … up to 15 minutes before its next attempt is checked (429 LOGIN_THROTTLED with Retry-After); other clients are not held.',
      unauthenticated: true,
      rateLimited: true,
      body: fromZod(signInFields),
      responses: {
        201: ok('Signed in', ref('OperatorSession')),
        401: errorResponse(
          'INVALID_LOGIN, SECOND_FACTOR_REQUIRED (with a challenge) or SECOND_FACTOR_INVALID',
        ),
        403: errorResponse('CSRF_TOKEN_INVALID: a cross-site Origin'),
        429: { description: 'LOGIN_THROTTLED (with Retry-After) or RATE_LIMITED' },
      },
    }),
    get: operation({
      id: 'adminSession',
      summary: 'The signed-in operator, the CSRF token and the step-up window',
      responses: { 200: ok('Session', ref('OperatorSession')) },
    }),
    delete: operation({
      id: 'adminSignOut',
      summary: 'Sign out',
      responses: {
        200: ok('Signed out', {
          type: 'object',
          required: ['signedOut'],
          properties: { signedOut: { const: true } },
          additionalProperties: false,
        }),
      },
    }),
  },
  '/admin/session/step-up': {
    post: operation({
      id: 'adminStepUp',
      summary:
        'Confirm presence again (a fresh authenticator code once enrolled, else the password); opens a 5-minute window for sensitive actions',
      description:
        "A person of the identity provider without a code here has no password to give: this answers 403 STEP_UP_REQUIRED with `meta.details.url`, a page of this service (`/admin/oidc/start?step_up=1`) to open in their browser with the session. It sends them to the provider with `prompt=login` and `max_age=0` (and `acr_values` when OIDC_SECOND_FACTOR_ACR is set); the fresh sign-in, with the provider's second factor where the session had one, confirms the session for 5 minutes from when they signed in there. A provider answer whose `auth_time` is older than that, or missing, confirms nothing. Then repeat the request.",
      body: fromZod(
        z.strictObject({
          password: z.string().min(1).max(1024).optional(),
          code: z.string().min(1).max(64).optional(),
        }),
      ),
      responses: {
        200: ok('Step-up done', ref('OperatorSession')),
        401: errorResponse(
          'INVALID_LOGIN, SECOND_FACTOR_REQUIRED, SECOND_FACTOR_INVALID, or SESSION_REQUIRED / AUTHENTICATION_REQUIRED after too many wrong answers',
        ),
        403: errorResponse(
          'STEP_UP_REQUIRED for a person of the identity provider (step up there: `meta.details.url`), or CSRF_TOKEN_INVALID',
        ),
      },
    }),
  },
  '/admin/apps': {
    get: operation({
      id: 'adminListApps',
      summary: 'Apps with their counts',
      action: 'apps.read',
      parameters: queryParameters(listQuery),
      responses: { 200: list('A page of apps', ref('AppListItem')) },
    }),
    post: operation({
      id: 'adminCreateApp',
      summary: 'Register an app: issues its TEST credentials (shown only here) and asks for its LIVE pair',
      description:
        'The LIVE pair holds every scope, money ones included: it is a key request (`liveKeyRequest`) that a FINANCE or ADMIN operator other than, and not tied to, the registrant approves; the registrant then collects it once (POST /admin/key-requests/{id}/collect).',
      action: 'apps.create',
      body: fromZod(createAppBody),
      responses: { 201: ok('App registered', ref('NewApp')), 409: errorResponse('APP_NAME_TAKEN') },
    }),
  },
  '/admin/apps/{id}': {
    get: operation({
      id: 'adminGetApp',
      summary: 'An app with its credentials and webhook endpoints',
      action: 'apps.read',
      parameters: [appId],
      responses: { 200: ok('App', ref('AppDetail')), ...notFound('APP_NOT_FOUND') },
    }),
    patch: operation({
      id: 'adminUpdateApp',
      summary: "Change an app's display name, branding, emails or request limit",
      description:
        'rateLimitPerMinute: requests per minute per credential mode (TEST and LIVE count apart); null returns the app to the service default (RATE_LIMIT_APP_PER_MINUTE), 0 leaves it unlimited. A change holds at the next request.',
      action: 'apps.update',
      parameters: [appId],
      body: fromZod(updateAppBody),
      responses: { 200: ok('App', ref('App')), ...notFound('APP_NOT_FOUND') },
    }),
  },
  ...Object.fromEntries(
    (['suspend', 'reactivate'] as const).map((verb) => [
      `/admin/apps/{id}/${verb}`,
      {
        post: operation({
          id: verb === 'suspend' ? 'adminSuspendApp' : 'adminReactivateApp',
          summary: verb === 'suspend' ? 'Suspend an app: its credentials stop working' : 'Reactivate an app',
          action: 'apps.suspend',
          parameters: [appId],
          responses: { 200: ok('App', ref('App')), ...notFound('APP_NOT_FOUND') },
        }),
      },
    ]),
  ),
  '/admin/apps/{id}/credentials/rotate': {
    post: operation({
      id: 'adminRotateCredential',
      summary: 'Issue a new credential for a mode; the old one keeps working for the grace window',
      action: 'credentials.rotate',
      parameters: [appId],
      body: fromZod(rotateBody),
      description:
        'A LIVE pair holds every scope, money ones included: rotating it is a key request, answered 202 with no secret, that a FINANCE or ADMIN operator other than the requester approves before the requester collects the new pair.',
      responses: {
        201: ok('Rotated', ref('RotatedCredential')),
        202: ok('A LIVE pair: a key request waiting for a money role', ref('KeyRequestAsked')),
        ...notFound('APP_NOT_FOUND'),
      },
    }),
  },
  '/admin/apps/{id}/keys': {
    get: operation({
      id: 'adminListNamedKeys',
      summary: "The app's named keys, each with its scopes (the app's own pairs are in the app's detail)",
      action: 'apps.read',
      parameters: [appId],
      responses: { 200: ok('Keys', ref('NamedKeys')), ...notFound('APP_NOT_FOUND') },
    }),
    post: operation({
      id: 'adminIssueNamedKey',
      summary: 'Issue a named key for a mode holding only the scopes chosen; its secret is shown once',
      description:
        'Revoke it with /admin/credentials/{id}/revoke. A working key of the same name in the mode is refused with 409 KEY_NAME_TAKEN. A LIVE key with the refunds or payouts scope is a key request, answered 202 with no secret, that a FINANCE or ADMIN operator other than the requester approves before the requester collects it.',
      action: 'credentials.rotate',
      parameters: [appId],
      body: fromZod(namedKeyBody),
      responses: {
        201: ok('Issued', ref('IssuedNamedKey')),
        202: ok('A LIVE key that may move money: a key request', ref('KeyRequestAsked')),
        ...notFound('APP_NOT_FOUND'),
        409: errorResponse('KEY_NAME_TAKEN'),
      },
    }),
  },
  '/admin/credentials/{id}/revoke': {
    post: operation({
      id: 'adminRevokeCredential',
      summary: 'Revoke a credential at once',
      action: 'credentials.revoke',
      parameters: [pathParam('id', positiveId, 'The credential id')],
      responses: { 200: ok('Revoked', ref('Credential')), ...notFound('CREDENTIAL_NOT_FOUND') },
    }),
  },
  '/admin/apps/{id}/webhooks/{mode}': {
    put: operation({
      id: 'adminSetWebhookEndpoint',
      summary: "Set the app's webhook endpoint for a mode",
      description:
        'A LIVE endpoint must use https (400 VALIDATION_ERROR otherwise); a TEST one may use http.',
      action: 'webhooks.update',
      parameters: [appId, modeParam],
      body: fromZod(webhookBody),
      responses: { 200: ok('Endpoint', ref('OperatorWebhookSecret')), ...notFound('APP_NOT_FOUND') },
    }),
  },
  '/admin/apps/{id}/webhooks/{mode}/rotate-secret': {
    post: operation({
      id: 'adminRotateWebhookSecret',
      summary: 'New signing secret; deliveries carry both signatures for 24 hours',
      action: 'webhooks.update',
      parameters: [appId, modeParam],
      responses: {
        200: ok('Endpoint', ref('OperatorWebhookSecret')),
        ...notFound('APP_NOT_FOUND or WEBHOOK_ENDPOINT_NOT_FOUND'),
      },
    }),
  },
  ...Object.fromEntries(
    (['enable', 'disable'] as const).map((action) => [
      `/admin/apps/{id}/webhook-endpoints/{endpointId}/${action}`,
      {
        post: operation({
          id: action === 'enable' ? 'adminEnableWebhookEndpoint' : 'adminDisableWebhookEndpoint',
          summary:
            action === 'enable'
              ? 'Switch one of the app’s webhook endpoints back on'
              : 'Switch one of the app’s webhook endpoints off: it is sent nothing until enabled',
          action: 'webhooks.update',
          parameters: [
            appId,
            {
              name: 'endpointId',
              in: 'path',
              required: true,
              schema: { type: 'string', pattern: '^we_[0-9a-z]{24}$' },
            },
          ],
          responses: {
            200: ok('The endpoint', ref('OperatorWebhookEndpoint')),
            ...notFound('APP_NOT_FOUND or WEBHOOK_ENDPOINT_NOT_FOUND'),
          },
        }),
      },
    ]),
  ),
  '/admin/apps/{id}/webhooks/{mode}/ping': {
    post: operation({
      id: 'adminPingWebhook',
      summary: 'Send a signed webhook.ping to the endpoint now',
      action: 'webhooks.ping',
      parameters: [appId, modeParam],
      responses: {
        200: ok('What the endpoint answered', ref('WebhookPing')),
        ...notFound('APP_NOT_FOUND or WEBHOOK_ENDPOINT_NOT_FOUND'),
      },
    }),
  },
  '/admin/payments': {
    get: operation({
      id: 'adminListPayments',
      summary: 'Payments across apps, newest first, with a summary by status and currency',
      action: 'payments.read',
      parameters: paymentListParameters(adminPaymentsQuery),
      responses: { 200: list('A page of payments', ref('AdminPayment'), ref('AdminStatusSummary')) },
    }),
  },
  '/admin/payments/{idOrReference}': {
    get: operation({
      id: 'adminGetPayment',
      summary: 'Everything about one payment: timeline, callbacks, ledger, webhooks, Temporal link',
      action: 'payments.read',
      parameters: [
        pathParam('idOrReference', { type: 'string', pattern: '^([0-9]{1,15}|pay_[0-9a-z]{20})$' }),
      ],
      responses: { 200: ok('Payment', ref('AdminPaymentDetail')), ...notFound('PAYMENT_NOT_FOUND') },
    }),
  },
  '/admin/payments/{idOrReference}/refunds': {
    post: operation({
      id: 'adminRefundPayment',
      summary:
        "Refund a payment of any app; the app's approval policy applies, and the asker may not approve it",
      action: 'refunds.create',
      parameters: [paymentRef],
      body: fromZod(operatorRefundBody),
      responses: {
        201: ok('The refund, PROCESSING or PENDING_APPROVAL', ref('AdminRefund')),
        ...notFound('PAYMENT_NOT_FOUND'),
        409: errorResponse('PAYMENT_NOT_REFUNDABLE'),
        422: errorResponse(
          'REFUND_EXCEEDS_REFUNDABLE (details.refundableMinor says what is left), REFUND_DESTINATION_CONFLICT or RAIL_NOT_AVAILABLE',
        ),
      },
    }),
  },
  '/admin/refunds': {
    get: operation({
      id: 'adminListRefunds',
      summary: 'Refunds across apps, newest first; status=PENDING_APPROVAL is the approval queue',
      action: 'payments.read',
      parameters: queryParameters(adminRefundsQuery, { status: refundStatusFilter }),
      responses: { 200: list('A page of refunds', ref('AdminRefund')) },
    }),
  },
  '/admin/refunds/{id}': {
    get: operation({
      id: 'adminGetRefund',
      summary: 'One refund: who asked, who decided, its workflow in the Temporal UI',
      action: 'payments.read',
      parameters: [refundRef],
      responses: { 200: ok('Refund', ref('AdminRefund')), ...notFound('REFUND_NOT_FOUND') },
    }),
  },
  ...Object.fromEntries(
    (['approve', 'reject'] as const).map((verb) => [
      `/admin/refunds/{id}/${verb}`,
      {
        post: operation({
          id: verb === 'approve' ? 'adminApproveRefund' : 'adminRejectRefund',
          summary:
            verb === 'approve'
              ? 'Approve a refund waiting for approval: it goes to the gateway (answers PROCESSING)'
              : 'Reject a refund waiting for approval: it releases its amount (answers REJECTED)',
          description:
            'Recorded as the signed-in operator (a refund decision: who, role, ip, when), then named by its id in a ' +
            "Workflow Update to the refund's workflow, whose activity reads the record and checks it again. Refused: " +
            'a refund no longer waiting (409 REFUND_NOT_PENDING_APPROVAL), a role other than FINANCE or ADMIN, or an ' +
            'operator disabled since (403 FORBIDDEN), and the operator who asked for the refund ' +
            '(403 SELF_APPROVAL_FORBIDDEN); a refused decision moves no money.' +
            (verb === 'approve'
              ? ' A refund its rules give two approvers waits for two different operators: the first approval answers ' +
                'PENDING_APPROVAL, the same operator approving again is refused (403 APPROVER_ALREADY_APPROVED), and ' +
                'any rejection rejects it. Approving more than REFUND_APPROVAL_STEP_UP_ABOVE_MINOR (TEST) or ' +
                'REFUND_APPROVAL_STEP_UP_ABOVE_MINOR_LIVE (LIVE) needs a step-up within 5 minutes (403 STEP_UP_REQUIRED).'
              : ''),
          action: 'refunds.approve',
          parameters: [refundRef],
          body: fromZod(decisionBody),
          responses: {
            200: ok('The refund as the decision left it', ref('AdminRefund')),
            403: errorResponse(
              'FORBIDDEN, SELF_APPROVAL_FORBIDDEN, APPROVER_ALREADY_APPROVED, STEP_UP_REQUIRED or CSRF_TOKEN_INVALID',
            ),
            ...notFound('REFUND_NOT_FOUND'),
            409: errorResponse('REFUND_NOT_PENDING_APPROVAL'),
          },
        }),
      },
    ]),
  ),
  '/admin/refunds/{id}/confirm': {
    post: operation({
      id: 'adminConfirmRefund',
      summary: 'Confirm a refund the gateway holds but cannot be asked about (it waits for finance)',
      description:
        "Recorded as the signed-in operator, then named by its id in a Workflow Update to the refund's workflow, " +
        "whose activity reads the record and checks it again. With SUCCEEDED and the gateway's refund id from its " +
        'merchant panel, the gateway is asked about the refund as usual (answers PROCESSING); otherwise the refund ' +
        'finishes with the outcome given, posted to the ledger. Refused: a refund not waiting ' +
        '(409 REFUND_NOT_AWAITING_CONFIRMATION), a role other than FINANCE or ADMIN (403 FORBIDDEN) and the ' +
        'operator who asked for the refund (403 SELF_APPROVAL_FORBIDDEN); a refused confirmation moves no money.',
      action: 'refunds.confirm',
      parameters: [refundRef],
      body: fromZod(confirmationBody),
      responses: {
        200: ok('The refund as the confirmation left it', ref('AdminRefund')),
        403: errorResponse('FORBIDDEN, SELF_APPROVAL_FORBIDDEN, STEP_UP_REQUIRED or CSRF_TOKEN_INVALID'),
        ...notFound('REFUND_NOT_FOUND'),
        409: errorResponse('REFUND_NOT_AWAITING_CONFIRMATION'),
      },
    }),
  },
  '/admin/attention': {
    get: operation({
      id: 'adminListAttention',
      summary:
        'Payments flagged for finance (captured after close, wrong amount or currency, risky), newest first',
      action: 'payments.read',
      parameters: queryParameters(attentionQuery),
      responses: { 200: list('A page of flagged payments', ref('AttentionItem')) },
    }),
  },
  '/admin/payments/{idOrReference}/attention': {
    get: operation({
      id: 'adminGetAttention',
      summary: "A payment's attention flag, its parked money and how it was resolved",
      action: 'payments.read',
      parameters: [paymentRef],
      responses: { 200: ok('Flagged payment', ref('AttentionItem')), ...notFound('PAYMENT_NOT_FOUND') },
    }),
  },
  '/admin/payments/{idOrReference}/attention/refund': {
    post: operation({
      id: 'adminRefundAttention',
      summary: "Ask to send a flagged payment's parked money back to the customer, through a refund workflow",
      description:
        "The refund (funds UNAPPLIED) always waits PENDING_APPROVAL, whatever the app's policy: a FINANCE or ADMIN operator other than the one asking approves or rejects it (POST /admin/refunds/{id}/approve or /reject; 403 SELF_APPROVAL_FORBIDDEN for the requester, checked again where the decision is applied). Once approved and confirmed by the gateway, it closes the flag as REFUNDED.",
      action: 'refunds.create',
      parameters: [paymentRef],
      body: fromZod(attentionRefundBody),
      responses: {
        202: ok('The flagged payment with its refund waiting for approval', ref('AttentionItem')),
        ...notFound('PAYMENT_NOT_FOUND'),
        409: errorResponse('PAYMENT_NOT_FLAGGED, ATTENTION_NOTHING_PARKED or REFUND_EXCEEDS_REFUNDABLE'),
      },
    }),
  },
  '/admin/payments/{idOrReference}/attention/resolve': {
    post: operation({
      id: 'adminResolveAttention',
      summary:
        "APPLY asks to post the parked money to the app's payable (a request a second operator decides); ACKNOWLEDGE closes a flag that parked nothing",
      description:
        'APPLY answers 202 with the pending request (applyRequest) and moves nothing: the same operator asking again for the same money gets the same request, anything else supersedes it. ACKNOWLEDGE answers 200 with the closed flag.',
      action: 'attention.resolve',
      parameters: [paymentRef],
      body: fromZod(attentionResolveBody),
      responses: {
        200: ok('The acknowledged payment', ref('AttentionItem')),
        202: ok(
          'The flagged payment with its pending request to apply the parked money',
          ref('AttentionItem'),
        ),
        ...notFound('PAYMENT_NOT_FOUND'),
        409: errorResponse(
          'PAYMENT_NOT_FLAGGED, ATTENTION_FUNDS_PARKED, ATTENTION_NOTHING_PARKED or ATTENTION_REFUND_IN_FLIGHT',
        ),
      },
    }),
  },
  ...Object.fromEntries(
    (
      [
        [
          'approve',
          'adminApproveAttentionRequest',
          "Approve a pending request to apply parked money: the UNAPPLIED_APPLIED entry moves it to the app's payable and the flag closes as APPLIED",
          'attention.resolve',
          'By a FINANCE or ADMIN operator other than the proposer (403 SELF_APPROVAL_FORBIDDEN), while the flag is open with the parked amount and currency the request was made against (else 409 ATTENTION_REQUEST_STALE) and no refund holds part of it (409 ATTENTION_REFUND_IN_FLIGHT). Judged again in the transaction that posts the entry.',
        ],
        [
          'reject',
          'adminRejectAttentionRequest',
          'Reject a pending request to apply parked money: nothing moves',
          'attention.resolve',
          'By a FINANCE or ADMIN operator other than the proposer (403 SELF_APPROVAL_FORBIDDEN).',
        ],
        [
          'withdraw',
          'adminWithdrawAttentionRequest',
          'Withdraw your own pending request to apply parked money',
          'payments.read',
          'Only by its proposer (403 FORBIDDEN for anyone else).',
        ],
      ] as const
    ).map(([verb, id, summary, action, description]) => [
      `/admin/payments/{idOrReference}/attention/requests/{requestId}/${verb}`,
      {
        post: operation({
          id,
          summary,
          description,
          action,
          parameters: [
            paymentRef,
            pathParam('requestId', { type: 'string', pattern: '^[1-9][0-9]{0,15}$' }, 'The request id'),
          ],
          body: fromZod(attentionDecisionBody),
          responses: {
            200: ok('The flagged payment as the decision left it', ref('AttentionItem')),
            403: errorResponse('FORBIDDEN, SELF_APPROVAL_FORBIDDEN, STEP_UP_REQUIRED or CSRF_TOKEN_INVALID'),
            404: errorResponse('PAYMENT_NOT_FOUND or ATTENTION_REQUEST_NOT_FOUND'),
            409: errorResponse(
              'ATTENTION_REQUEST_NOT_PENDING, ATTENTION_REQUEST_STALE, ATTENTION_REFUND_IN_FLIGHT or ATTENTION_NOTHING_PARKED',
            ),
          },
        }),
      },
    ]),
  ),
  '/admin/ledger/accounts': {
    get: operation({
      id: 'adminLedgerAccounts',
      summary: 'The chart of accounts of one mode, with balances',
      action: 'ledger.read',
      parameters: queryParameters(accountsQuery),
      responses: { 200: list('Every account matching the filters, on one page', ref('LedgerAccount')) },
    }),
  },
  '/admin/ledger/accounts/{id}': {
    get: operation({
      id: 'adminLedgerStatement',
      summary: "An account's statement, newest first, with the balance after each line",
      action: 'ledger.read',
      parameters: [pathParam('id', positiveId, 'The account id'), ...queryParameters(statementQuery)],
      responses: {
        200: list('A page of the statement', ref('StatementLine'), {
          type: 'object',
          required: ['account'],
          properties: { account: ref('LedgerAccount') },
          additionalProperties: false,
        }),
        ...notFound('ACCOUNT_NOT_FOUND'),
      },
    }),
  },
  '/admin/ledger/journal': {
    get: operation({
      id: 'adminLedgerJournal',
      summary: 'The journal of one mode, newest first, each entry with its postings',
      action: 'ledger.read',
      parameters: queryParameters(journalQuery),
      responses: { 200: list('A page of journal entries', ref('JournalEntry')) },
    }),
  },
  '/admin/ledger/verification': {
    get: operation({
      id: 'adminLedgerVerification',
      summary: 'Checks the ledger against its rules, as `npm run cli -- ledger:verify` does',
      description:
        'A full verification reads the whole ledger, so each API process runs one at most every 5 minutes; inside that interval the answer is 429 LEDGER_VERIFICATION_THROTTLED with Retry-After (and `meta.details.retryAfterSeconds`).',
      action: 'ledger.read',
      rateLimited: true,
      responses: {
        200: ok('Verification', ref('LedgerVerification')),
        429: errorResponse(
          'LEDGER_VERIFICATION_THROTTLED: verified moments ago; ask again after Retry-After',
        ),
      },
    }),
  },
  '/admin/webhooks/events': {
    get: operation({
      id: 'adminListEvents',
      summary: 'Webhook events and their delivery, newest first',
      action: 'webhooks.read',
      parameters: queryParameters(adminEventsQuery),
      responses: { 200: list('A page of events', ref('AdminEvent')) },
    }),
  },
  '/admin/webhooks/events/{eventId}/resend': {
    post: operation({
      id: 'adminResendEvent',
      summary: 'Deliver an event again (same webhook-id, so receivers dedupe)',
      action: 'webhooks.resend',
      parameters: [pathParam('eventId', { type: 'string', pattern: '^evt_[0-9a-z]{24}$' })],
      responses: { 202: ok('Resend started', ref('WebhookResend')), ...notFound('EVENT_NOT_FOUND') },
    }),
  },
  '/admin/emails': {
    get: operation({
      id: 'adminListEmails',
      summary: "Customers' emails (receipts, invoices, installment notices) with their status, newest first",
      description:
        'One message per event that owes one: QUEUED until the SMTP server takes it (SENT), FAILED when it ' +
        'refuses it for good (5xx) or after three days of retries, SKIPPED when no SMTP_URL is configured.',
      action: 'emails.read',
      parameters: queryParameters(emailLogQuery),
      responses: { 200: list('A page of messages', ref('CustomerEmail')) },
    }),
  },
  '/admin/overview': {
    get: operation({
      id: 'adminOverview',
      summary: 'Payment volume and checkout success per day, per app and per gateway',
      action: 'dashboard.read',
      parameters: queryParameters(overviewQuery),
      responses: { 200: ok('Overview', ref('Overview')) },
    }),
  },
  '/admin/audit': {
    get: operation({
      id: 'adminAudit',
      summary: 'The audit log, newest first',
      action: 'audit.read',
      parameters: queryParameters(auditQuery).map(emptyMeansAny),
      responses: { 200: list('A page of audit entries', ref('AuditEntry')) },
    }),
  },
  '/admin/operators': {
    get: operation({
      id: 'adminListOperators',
      summary: 'Operators, by email',
      action: 'operators.read',
      responses: { 200: list('All operators, on one page', ref('Operator')) },
    }),
    post: operation({
      id: 'adminAddOperator',
      summary: 'Propose a local (break-glass) operator account',
      description:
        'Answered 202 with a PENDING people change that an ADMIN other than, and independent of, the proposer approves; then the person receives a one-time link by email and chooses their own password. Nobody who asked sees it.',
      action: 'operators.manage',
      body: fromZod(createOperatorBody),
      responses: {
        202: ok('The pending people change', ref('PeopleChange')),
        409: errorResponse('EMAIL_TAKEN or PEOPLE_CHANGE_WAITING'),
      },
    }),
  },
  '/admin/operators/{id}': {
    patch: operation({
      id: 'adminChangeOperatorRole',
      summary: "Change an operator's role (not one's own), or propose to",
      description:
        'A role that may do nothing the current one cannot applies at once (200). One that grants anything is answered 202 with a PENDING people change a second, independent ADMIN approves.',
      action: 'operators.manage',
      parameters: [operatorId],
      body: fromZod(updateOperatorBody),
      responses: {
        200: ok('Operator', ref('Operator')),
        202: ok('The pending people change', ref('PeopleChange')),
        ...notFound('OPERATOR_NOT_FOUND'),
        409: errorResponse('OPERATOR_SELF_CHANGE or PEOPLE_CHANGE_WAITING'),
      },
    }),
  },
  '/admin/operators/{id}/disable': {
    post: operation({
      id: 'adminDisableOperator',
      summary: 'Disable an operator (not oneself): ends their sessions at once',
      action: 'operators.manage',
      parameters: [operatorId],
      responses: {
        200: ok('Operator', ref('Operator')),
        ...notFound('OPERATOR_NOT_FOUND'),
        409: errorResponse('OPERATOR_SELF_CHANGE'),
      },
    }),
  },
  '/admin/operators/{id}/enable': {
    post: operation({
      id: 'adminEnableOperator',
      summary: 'Propose re-enabling a disabled operator (not oneself)',
      description:
        'Answered 202 with a PENDING people change (ENABLE_OPERATOR) a second, independent ADMIN approves; the account stays disabled until then.',
      action: 'operators.manage',
      parameters: [operatorId],
      responses: {
        202: ok('The pending people change', ref('PeopleChange')),
        ...notFound('OPERATOR_NOT_FOUND'),
        409: errorResponse('OPERATOR_SELF_CHANGE, OPERATOR_NOT_DISABLED or PEOPLE_CHANGE_WAITING'),
      },
    }),
  },
  '/admin/operators/{id}/identity-link': {
    post: operation({
      id: 'adminLinkOperatorIdentity',
      summary: 'Propose linking a local account to a person of the identity provider (not one’s own)',
      description:
        'Answered 202 with a PENDING people change (LINK_IDENTITY) a second, independent ADMIN approves; then that person signs in through the provider as the account. Never a break-glass ADMIN (409 BREAK_GLASS_NOT_LINKABLE), nor an account or a person already linked (409 IDENTITY_ALREADY_LINKED); without an identity provider configured and no `issuer`, 404 OIDC_NOT_CONFIGURED.',
      action: 'operators.manage',
      parameters: [operatorId],
      body: fromZod(identityLinkBody),
      responses: {
        202: ok('The pending people change', ref('PeopleChange')),
        ...notFound('OPERATOR_NOT_FOUND or OIDC_NOT_CONFIGURED'),
        409: errorResponse(
          'OPERATOR_SELF_CHANGE, BREAK_GLASS_NOT_LINKABLE, IDENTITY_ALREADY_LINKED or PEOPLE_CHANGE_WAITING',
        ),
      },
    }),
  },
});
