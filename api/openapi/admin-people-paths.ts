import { PEOPLE_CHANGE_KINDS, PEOPLE_CHANGE_STATUSES } from '../../domain/operators/people-changes.js';
import { ROLES } from '../../domain/operators/permissions.js';
import { controlDecisionBody } from '../admin/controls/schemas.js';
import { peopleChangesQuery } from '../admin/people/schemas.js';
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
  text,
  type Json,
} from './json-schema.js';
import { errorResponse, list, ok } from './responses.js';

/** Changes to people (new local accounts, granted roles, resets) that a second ADMIN decides. */

const changeId = pathParam('id', { type: 'string', pattern: '^[1-9][0-9]{0,15}$' }, 'The people change id');
const nullableRole = { type: ['string', 'null'], enum: [...ROLES, null] };

export const adminPeopleSchemas = (): Record<string, Json> => ({
  PeopleChange: record({
    id: integer,
    kind: { type: 'string', enum: [...PEOPLE_CHANGE_KINDS] },
    targetOperatorId: {
      ...nullableInteger,
      description: 'The account; for CREATE_OPERATOR, set once approved',
    },
    email: text,
    role: { ...nullableRole, description: 'CREATE_OPERATOR and GRANT_ROLE: the role it gives' },
    fromRole: { ...nullableRole, description: 'GRANT_ROLE: the role it was proposed against' },
    status: { type: 'string', enum: [...PEOPLE_CHANGE_STATUSES] },
    proposedByOperatorId: integer,
    proposedAt: instant,
    decidedByOperatorId: nullableInteger,
    decidedAt: nullableInstant,
    comment: nullableText,
  }),
});

/** A decision's comment is optional, and so is the body that carries it. */
const optionalBody = (op: Json): Json => {
  const body = (op as { requestBody?: Record<string, unknown> }).requestBody;
  return body ? { ...(op as Record<string, unknown>), requestBody: { ...body, required: false } } : op;
};

const SECOND_PERSON =
  'By an ADMIN other than the proposer, not tied to them (an account the proposer created, or changed within OPERATOR_TIE_WINDOW_DAYS), and not the account it changes: 403 SELF_APPROVAL_FORBIDDEN.';

export const adminPeoplePaths = (): Record<string, Json> => ({
  '/admin/people-changes': {
    get: operation({
      id: 'adminListPeopleChanges',
      summary: 'Proposals to change people, newest first (status=PENDING: the queue)',
      action: 'operators.read',
      parameters: queryParameters(peopleChangesQuery),
      responses: { 200: list('A page of people changes', ref('PeopleChange')) },
    }),
  },
  '/admin/people-changes/{id}': {
    get: operation({
      id: 'adminGetPeopleChange',
      summary: 'One people change',
      action: 'operators.read',
      parameters: [changeId],
      responses: {
        200: ok('The people change', ref('PeopleChange')),
        404: errorResponse('PEOPLE_CHANGE_NOT_FOUND'),
      },
    }),
  },
  ...Object.fromEntries(
    (
      [
        [
          'approve',
          'adminApprovePeopleChange',
          'Approve a pending people change: it applies, and a new account or a password reset emails its one-time link to the person',
          `${SECOND_PERSON} 409 PEOPLE_CHANGE_STALE when the account changed since; 503 OPERATOR_EMAIL_NOT_SENT (nothing applied) when the link cannot be emailed.`,
        ],
        ['reject', 'adminRejectPeopleChange', 'Reject a pending people change', SECOND_PERSON],
        [
          'withdraw',
          'adminWithdrawPeopleChange',
          'Withdraw your own pending people change',
          'Only by its proposer (403 FORBIDDEN for anyone else).',
        ],
      ] as const
    ).map(([verb, id, summary, description]) => [
      `/admin/people-changes/{id}/${verb}`,
      {
        post: optionalBody(
          operation({
            id,
            summary,
            description,
            action: 'operators.manage',
            parameters: [changeId],
            body: fromZod(controlDecisionBody),
            responses: {
              200: ok('The people change as the decision left it', ref('PeopleChange')),
              403: errorResponse(
                'FORBIDDEN, SELF_APPROVAL_FORBIDDEN, STEP_UP_REQUIRED or CSRF_TOKEN_INVALID',
              ),
              404: errorResponse('PEOPLE_CHANGE_NOT_FOUND'),
              409: errorResponse('PEOPLE_CHANGE_NOT_PENDING or PEOPLE_CHANGE_STALE'),
              ...(verb === 'approve' && { 503: errorResponse('OPERATOR_EMAIL_NOT_SENT') }),
            },
          }),
        ),
      },
    ]),
  ),
});
