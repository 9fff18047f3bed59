import { MONEY_ACTIONS } from '../../domain/approvals/rule-book.js';
import { WAITING_KINDS } from '../../domain/approvals/waiting.js';
import { operation } from './admin-paths.js';
import {
  instant,
  integer,
  nullableInstant,
  nullableInteger,
  nullableText,
  record,
  ref,
  text,
  type Json,
} from './json-schema.js';
import { list } from './responses.js';

/** The approvals queue in the admin JSON API: every act waiting for a second person. */

export const adminApprovalsSchemas = (): Record<string, Json> => ({
  WaitingApproval: record({
    kind: { type: 'string', enum: [...WAITING_KINDS] },
    action: { type: 'string', enum: [...MONEY_ACTIONS], description: 'The rule book’s action' },
    title: text,
    id: { ...text, description: 'The act’s reference or id, as its own routes name it' },
    appId: nullableInteger,
    mode: { type: ['string', 'null'], enum: ['TEST', 'LIVE', null] },
    amountMinor: nullableInteger,
    currency: nullableText,
    detail: nullableText,
    requestedByOperatorId: { ...nullableInteger, description: 'Null: an app’s key asked' },
    requestedAt: instant,
    closesAt: {
      ...nullableInstant,
      description: 'When it expires if nobody decides it; null: it waits on something other than time',
    },
    approvalsRequired: integer,
    approvalsSoFar: integer,
    mine: { type: 'boolean', description: 'The reader asked for it' },
    mayDecide: { type: 'boolean' },
    whyNot: { ...nullableText, description: 'Why the reader may not decide it; null when they may' },
    page: { ...text, description: 'The act’s page in the dashboard' },
    approve: { ...nullableText, description: 'The admin API route that approves it' },
  }),
});

export const adminApprovalsPaths = (): Record<string, Json> => ({
  '/admin/approvals': {
    get: operation({
      id: 'adminListApprovals',
      summary:
        'Everything waiting for a second person that the reader may decide or asked for, oldest first, each judged for the reader by the rule book and the second-person rule',
      action: 'dashboard.read',
      parameters: [],
      responses: { 200: list('The waiting acts', ref('WaitingApproval')) },
    }),
  },
});
