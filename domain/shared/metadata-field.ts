import { z } from 'zod';
import { boundedText } from './text-fields.js';

/** `metadata` on a payment, a refund or an invoice: the app's own keys, echoed back and in webhooks. */
const metadataValue = z.union([boundedText(500), z.number().finite(), z.boolean(), z.null()]);
export const metadataField = () =>
  z
    .record(z.string().regex(/^[A-Za-z0-9_.-]{1,40}$/, 'Keys are 1-40 of A-Z a-z 0-9 _ . -'), metadataValue)
    .refine((m) => Object.keys(m).length <= 20, 'At most 20 keys')
    .meta({ maxProperties: 20 })
    .optional()
    .describe('Up to 20 flat key/value pairs, echoed on reads and webhooks');
