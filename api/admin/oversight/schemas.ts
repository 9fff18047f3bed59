import { z } from 'zod';
import { queryInstant, queryInt, queryCursor, cursorOrPage, CURSOR_OR_PAGE } from '../../query-values.js';
import { MODES } from '../../../domain/shared/mode.js';
import { MIN_PASSWORD_LENGTH } from '../../../domain/operators/passwords.js';
import { ROLES } from '../../../domain/operators/permissions.js';

/** Request schemas of the oversight area (overview, audit log, operators): strict, as everywhere. */

const upper = (v: unknown) => (typeof v === 'string' ? v.trim().toUpperCase() : v);
const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

export const modeParam = z.preprocess(upper, z.enum(MODES));
export const roleParam = z.preprocess(upper, z.enum(ROLES, { error: `must be one of ${ROLES.join(', ')}` }));

export const overviewQuery = z.strictObject({
  mode: modeParam.default('TEST'),
  days: queryInt({ min: 1, max: 90 }).default(14),
});

const instant = queryInstant({ local: true });
const optionalText = (max: number) => z.preprocess(blankToUndefined, z.string().trim().max(max).optional());

/** Audit filters; the dashboard form sends empty fields, which mean "no filter". */
export const auditQuery = z
  .strictObject({
    action: optionalText(100).describe('Action prefix, e.g. "operator." or "credential.rotate"'),
    actor: optionalText(254).describe('Part of the actor (an operator email, an app, "cli")'),
    targetType: optionalText(50),
    targetId: optionalText(100),
    from: z.preprocess(blankToUndefined, instant.optional()),
    to: z.preprocess(blankToUndefined, instant.optional()),
    page: z.preprocess(blankToUndefined, queryInt({ min: 1, max: 100000 }).default(1)),
    size: z.preprocess(blankToUndefined, queryInt({ min: 1, max: 100 }).default(50)),
    after: z.preprocess(blankToUndefined, queryCursor('entry')),
  })
  .refine(cursorOrPage, CURSOR_OR_PAGE);

export const operatorEmail = z.preprocess(
  (v) => (typeof v === 'string' ? v.trim().toLowerCase() : v),
  z.email('must be an email address').max(254),
);
export const newPassword = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(1024, 'must be at most 1024 characters');

/** No password: the person chooses it through the link emailed to them once a second ADMIN approves. */
export const createOperatorBody = z.strictObject({
  email: operatorEmail,
  role: roleParam,
});

export const updateOperatorBody = z.strictObject({ role: roleParam });

export const operatorIdParam = z.coerce
  .number({ error: 'must be an operator id' })
  .int('must be an operator id')
  .positive('must be an operator id')
  .max(Number.MAX_SAFE_INTEGER);
