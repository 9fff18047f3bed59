import { z } from 'zod';
import { queryInt } from '../../query-values.js';
import { ApiError } from '../../../domain/shared/errors.js';
import { MODES, type Mode } from '../../../domain/shared/mode.js';
import { SCOPES } from '../../../domain/apps/scopes.js';
import { KEY_REQUEST_STATUSES } from '../../../domain/apps/key-requests.js';

/** Request bodies of the apps area; the dashboard forms are converted to the same shapes. */

export const MAX_GRACE_HOURS = 168;
export const DEFAULT_GRACE_HOURS = 24;

const appName = z
  .string()
  .trim()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/,
    'Use 1 to 63 letters, digits, dots, dashes or underscores, starting with a letter or digit',
  );
const displayName = z.string().trim().min(1, 'Enter a display name').max(120);
const httpUrl = z
  .url({ protocol: /^https?$/, error: 'Enter an http:// or https:// URL' })
  .trim()
  .max(2000, 'URLs are at most 2000 characters');
const brandColor = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'Use a colour like #0f766e');
export const MAX_APP_RATE_LIMIT = 1_000_000;
/** The app's own requests per minute per credential mode; null: the default, 0: unlimited. */
const rateLimitPerMinute = z
  .number({ error: 'Enter a whole number of requests per minute' })
  .int('Enter a whole number of requests per minute')
  .min(0, 'Use 0 for no limit, or a positive number of requests per minute')
  .max(MAX_APP_RATE_LIMIT, `At most ${MAX_APP_RATE_LIMIT.toLocaleString('en')} requests per minute`);

export const createAppBody = z.strictObject({
  name: appName,
  displayName: displayName.optional(),
  logoUrl: httpUrl.nullable().optional(),
  brandColor: brandColor.nullable().optional(),
  receiptsEnabled: z.boolean().optional(),
  invoiceEmailsEnabled: z.boolean().optional(),
});
export type CreateAppInput = z.infer<typeof createAppBody>;

export const updateAppBody = z
  .strictObject({
    displayName: displayName.optional(),
    logoUrl: httpUrl.nullable().optional(),
    brandColor: brandColor.nullable().optional(),
    receiptsEnabled: z.boolean().optional(),
    invoiceEmailsEnabled: z.boolean().optional(),
    rateLimitPerMinute: rateLimitPerMinute.nullable().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'Send at least one field to change' })
  .meta({ minProperties: 1 });
export type UpdateAppInput = z.infer<typeof updateAppBody>;

export const rotateBody = z.strictObject({
  mode: z.enum(MODES),
  graceHours: z
    .number()
    .positive('The grace window must be longer than 0 hours')
    .max(MAX_GRACE_HOURS, `The grace window is at most ${MAX_GRACE_HOURS} hours (7 days)`)
    .default(DEFAULT_GRACE_HOURS),
});

export const namedKeyBody = z.strictObject({
  mode: z.enum(MODES),
  name: z
    .string()
    .trim()
    .regex(
      /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,62}$/,
      'Use 1 to 63 letters, digits, spaces, dots, dashes or underscores',
    )
    .describe('What the key is for, unique among the working keys of the mode'),
  scopes: z
    .array(z.enum(SCOPES))
    .min(1, 'Choose at least one scope')
    .max(SCOPES.length)
    .describe('What the key may do: read, reporting, payments, refunds, payouts, webhooks'),
});
export type NamedKeyInput = z.infer<typeof namedKeyBody>;

export const webhookBody = z.strictObject({ url: httpUrl });

export const listQuery = z.strictObject({
  page: queryInt({ min: 1, max: 100000 }).default(1),
  size: queryInt({ min: 1, max: 100 }).default(20),
});

/** Path ids are positive integers; anything else names nothing. */
export function pathId(
  value: string | undefined,
  notFound: 'APP_NOT_FOUND' | 'CREDENTIAL_NOT_FOUND',
): number {
  const id = /^[1-9]\d{0,15}$/.test(value ?? '') ? Number(value) : NaN;
  if (!Number.isSafeInteger(id)) throw new ApiError(notFound);
  return id;
}

export function pathMode(value: string | undefined): Mode {
  const mode = (value ?? '').toUpperCase();
  if (!(MODES as readonly string[]).includes(mode)) {
    throw new ApiError('VALIDATION_ERROR', 'The mode is TEST or LIVE', [
      { field: 'mode', message: 'Use TEST or LIVE' },
    ]);
  }
  return mode as Mode;
}

export const keyRequestListQuery = z.strictObject({
  status: z.enum(KEY_REQUEST_STATUSES).optional(),
  appId: queryInt({ min: 1, max: Number.MAX_SAFE_INTEGER }).optional(),
  page: queryInt({ min: 1, max: 100000 }).default(1),
  size: queryInt({ min: 1, max: 100 }).default(20),
});

export const keyRequestDecisionBody = z.strictObject({
  comment: z.string().trim().min(1).max(500).optional(),
});
