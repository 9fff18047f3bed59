import { z, type ZodType } from 'zod';
import { decodeCursor, decodeTextCursor } from '../domain/shared/list-cursor.js';

/**
 * How a query value reads in the OpenAPI document. A query string is always text, so the
 * document states what the text must look like (a whole number in a range, a date), not the
 * union of forms the parser takes internally.
 */
export const documentedQueryValues = new WeakMap<ZodType, Record<string, unknown>>();

function documented<T extends ZodType>(schema: T, json: Record<string, unknown>): T {
  documentedQueryValues.set(schema, json);
  return schema;
}

/**
 * Query-string values parsed strictly. A number is plain decimal digits (or already a number) (no `1e3`, `0x10`, spaces
 * or `5.0`); a date is ISO-8601 within years 1 to 9999, which PostgreSQL can store.
 */
export function queryInt(bounds: { min: number; max?: number }) {
  const max = bounds.max ?? Number.MAX_SAFE_INTEGER;
  return documented(
    z
      .union([
        z.number(),
        z
          .string()
          .regex(/^\d{1,16}$/, 'must be a whole number written in digits')
          .transform(Number),
      ])
      .pipe(z.number().int().min(bounds.min).max(max)),
    { type: 'integer', minimum: bounds.min, maximum: max },
  );
}

function inCalendar(date: Date): boolean {
  const year = date.getUTCFullYear();
  return !Number.isNaN(date.getTime()) && year >= 1 && year <= 9999;
}

/** An instant: a date, or a date-time with an offset (or, with `local`, without one). */
export function queryInstant(options: { local?: boolean } = {}) {
  const forms = [
    z.iso.datetime({ offset: true }),
    z.iso.date(),
    ...(options.local ? [z.iso.datetime({ local: true })] : []),
  ] as const;
  const accepted = z.union(forms);
  const { $schema: _ignored, ...json } = z.toJSONSchema(accepted) as Record<string, unknown>;
  return documented(
    accepted
      .transform((value) => new Date(value))
      .refine(inCalendar, 'must be a date between the years 1 and 9999'),
    {
      ...json,
      description: `An ISO-8601 date${options.local ? ', or date-time with or without an offset' : ' or date-time with an offset'}, years 0001 to 9999`,
      not: { pattern: '^0000' },
    },
  );
}

/**
 * A list filter taking one of `values`; absent or empty, it filters nothing. The dashboard's filter
 * forms send an empty value for "all", so the document lists the empty value with the others.
 */
export function queryFilter<const T extends readonly [string, ...string[]]>(values: T) {
  return documented(
    z.preprocess((v) => (v === '' ? undefined : v), z.enum(values).optional()),
    {
      type: 'string',
      enum: ['', ...values],
      description: `One of ${values.join(', ')}; empty or absent: all`,
    },
  );
}

/** A calendar day, YYYY-MM-DD, in the years 1 to 9999 (PostgreSQL has no year 0). */
export function queryDay() {
  return z.iso
    .date({ error: 'must be a date, YYYY-MM-DD' })
    .refine((value) => !value.startsWith('0000'), 'must be a date between the years 1 and 9999');
}

/**
 * A list's `after`: the previous page's pagination.nextCursor, read as the row id it names. It
 * continues the list at any depth for the cost of one page; `page` must then be 1.
 */
export function queryCursor(what: string) {
  return z
    .string()
    .transform((value, ctx) => {
      const id = decodeCursor(value);
      if (id === null)
        ctx.addIssue({ code: 'custom', message: 'must be a pagination.nextCursor this API gave' });
      return id ?? 0;
    })
    .optional()
    .describe(
      `Continue after the last ${what} of a page: its pagination.nextCursor. Reads any depth at the cost of one page; \`page\` must then be 1`,
    );
}

/** `after` for a list whose rows have text ids of the given shape (webhook events). */
export function queryTextCursor(what: string, idShape: RegExp) {
  return z
    .string()
    .transform((value, ctx) => {
      const id = decodeTextCursor(value, idShape);
      if (id === null)
        ctx.addIssue({ code: 'custom', message: 'must be a pagination.nextCursor this API gave' });
      return id ?? '';
    })
    .optional()
    .describe(
      `Continue after the last ${what} of a page: its pagination.nextCursor. Reads any depth at the cost of one page; \`page\` must then be 1`,
    );
}

/** `after` continues from a cursor, so it cannot be combined with a page number. */
export function cursorOrPage(query: { after?: number | string; page: number }): boolean {
  return query.after === undefined || query.page === 1;
}

export const CURSOR_OR_PAGE = {
  message: 'page and after cannot be combined: after continues from a cursor',
  path: ['page'],
};
