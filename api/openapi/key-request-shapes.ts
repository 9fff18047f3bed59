import { KEY_REQUEST_KINDS, KEY_REQUEST_STATUSES } from '../../domain/apps/key-requests.js';
import { SCOPES } from '../../domain/apps/scopes.js';
import { MODES } from '../../domain/shared/mode.js';
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

/**
 * Key requests: a LIVE key that may move money (a named key with refunds or payouts, or an app's
 * LIVE pair) waits for a FINANCE or ADMIN operator independent of the requester, then the
 * requester collects it once. The shapes the apps operations and the /admin/key-requests routes
 * (api/openapi/admin-key-request-paths.ts) answer with.
 */

export const adminKeyRequestSchemas = (): Record<string, Json> => ({
  KeyRequest: record({
    id: integer,
    appId: integer,
    mode: { type: 'string', enum: [...MODES] },
    kind: { type: 'string', enum: [...KEY_REQUEST_KINDS] },
    action: { type: 'string', enum: ['key.money-scopes', 'app.live-credentials'] },
    name: { ...nullableText, description: "A named key's name; null for an app's LIVE pair" },
    scopes: {
      type: ['array', 'null'],
      items: { type: 'string', enum: [...SCOPES] },
      description: "A named key's scopes; null: every scope (an app's LIVE pair)",
    },
    status: { type: 'string', enum: [...KEY_REQUEST_STATUSES] },
    requestedByOperatorId: integer,
    requestedAt: instant,
    decidedByOperatorId: nullableInteger,
    decidedAt: nullableInstant,
    comment: nullableText,
    collectedAt: nullableInstant,
    credentialId: { ...nullableInteger, description: 'The key collected' },
  }),
  KeyRequestAsked: record({
    keyRequest: ref('KeyRequest'),
  }),
  CollectedKey: record({
    keyRequest: ref('KeyRequest'),
    credential: ref('Credential'),
    secret: { ...text, description: 'Shown only in this answer' },
    previous: { oneOf: [ref('Credential'), { type: 'null' }] },
  }),
});
