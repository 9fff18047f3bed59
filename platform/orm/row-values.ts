/**
 * Reading a row as the PostgreSQL driver returns it (bigint and timestamptz as text, jsonb parsed
 * or as text) into the values the service works with. One home for the plain-SQL readers.
 */
export type Row = Record<string, unknown>;

/** A nullable column as text. */
export const text = (value: unknown): string | null =>
  value === null || value === undefined ? null : String(value);

/** A nullable timestamptz column as a Date. */
export const instant = (value: unknown): Date | null =>
  value === null || value === undefined ? null : new Date(value as string);

/** A jsonb column, parsed when the driver handed it over as text. */
export const json = <T>(value: unknown): T => (typeof value === 'string' ? JSON.parse(value) : value) as T;
