import { keyRequestDecisionBody, keyRequestListQuery } from '../admin/apps/schemas.js';
import { operation, pathParam } from './admin-paths.js';
import { fromZod, queryParameters, ref, type Json } from './json-schema.js';
import { errorResponse, list, ok } from './responses.js';

/**
 * Key requests: a LIVE key that may move money (a named key with refunds or payouts, or an app's
 * LIVE pair) waits for a FINANCE or ADMIN operator independent of the requester, then the
 * requester collects it once.
 */

const requestId = pathParam('id', { type: 'string', pattern: '^[1-9][0-9]{0,15}$' }, 'The key request id');

const SECOND_PERSON =
  'By a FINANCE or ADMIN operator other than the requester and not tied to them (an account the requester created, or changed within OPERATOR_TIE_WINDOW_DAYS, or the other way round): 403 SELF_APPROVAL_FORBIDDEN. No key is made here: the requester collects it.';

export const adminKeyRequestPaths = (): Record<string, Json> => ({
  '/admin/key-requests': {
    get: operation({
      id: 'adminListKeyRequests',
      summary: 'Requests for LIVE keys that may move money, newest first (status=WAITING: the queue)',
      action: 'apps.read',
      parameters: queryParameters(keyRequestListQuery),
      responses: { 200: list('A page of key requests', ref('KeyRequest')) },
    }),
  },
  '/admin/key-requests/{id}': {
    get: operation({
      id: 'adminGetKeyRequest',
      summary: 'One key request',
      action: 'apps.read',
      parameters: [requestId],
      responses: {
        200: ok('The key request', ref('KeyRequest')),
        404: errorResponse('KEY_REQUEST_NOT_FOUND'),
      },
    }),
  },
  ...Object.fromEntries(
    (
      [
        [
          'approve',
          'adminApproveKeyRequest',
          'Approve a waiting key request',
          SECOND_PERSON,
          'credentials.approve',
        ],
        [
          'reject',
          'adminRejectKeyRequest',
          'Reject a waiting key request',
          SECOND_PERSON,
          'credentials.approve',
        ],
        [
          'withdraw',
          'adminWithdrawKeyRequest',
          'Withdraw your own waiting key request',
          'Only by its requester (403 FORBIDDEN for anyone else).',
          'apps.read',
        ],
      ] as const
    ).map(([verb, id, summary, description, action]) => [
      `/admin/key-requests/{id}/${verb}`,
      {
        post: operation({
          id,
          summary,
          description,
          action,
          parameters: [requestId],
          body: fromZod(keyRequestDecisionBody),
          optionalBody: true,
          responses: {
            200: ok('The key request as the decision left it', ref('KeyRequest')),
            403: errorResponse('FORBIDDEN, SELF_APPROVAL_FORBIDDEN, STEP_UP_REQUIRED or CSRF_TOKEN_INVALID'),
            404: errorResponse('KEY_REQUEST_NOT_FOUND'),
            409: errorResponse('KEY_REQUEST_NOT_WAITING'),
          },
        }),
      },
    ]),
  ),
  '/admin/key-requests/{id}/collect': {
    post: operation({
      id: 'adminCollectKeyRequest',
      summary: 'Collect an approved key: its secret is made now and shown only in this answer',
      description:
        'Only by its requester (403 FORBIDDEN for anyone else), once: 409 KEY_REQUEST_NOT_APPROVED before approval, 409 KEY_REQUEST_ALREADY_COLLECTED after. An app LIVE pair replaces the current one, which keeps working for the grace window asked for.',
      action: 'credentials.rotate',
      parameters: [requestId],
      responses: {
        201: ok('The key, its secret shown once', ref('CollectedKey')),
        404: errorResponse('KEY_REQUEST_NOT_FOUND'),
        409: errorResponse('KEY_REQUEST_NOT_APPROVED or KEY_REQUEST_ALREADY_COLLECTED'),
      },
    }),
  },
});
