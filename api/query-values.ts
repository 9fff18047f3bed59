import { z } from 'zod';

/**
 * Query-string values parsed strictly. A number is plain decimal digits (or already a number) (no `1e3`, `0x10`, spaces
 * or `5.0`); a date is ISO-8601 within years 1 to 9999, which PostgreSQL can store.
 */
export function queryInt(bounds: { min: number; max?: number }) {
  return z
    .union([
      z.number(),
      z
        .string()
        .regex(/^\d{1,16}$/, 'must be a whole number written in digits')
        .transform(Number),
    ])
    .pipe(
      z
        .number()
        .int()
        .min(bounds.min)
        .max(bounds.max ?? Number.MAX_SAFE_INTEGER),
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
  return z
    .union(forms)
    .transform((value) => new Date(value))
    .refine(inCalendar, 'must be a date between the years 1 and 9999');
}
