import type { Router } from '@koa/router';
import type { Context } from 'koa';
import { z } from 'zod';
import { json, registerControlSetting } from './control.js';

/**
 * A payout rail simulator's statement of a day: every transfer it made that day (and, for the
 * bank, every return), as the rail's own export lays it out, and the faults that make it disagree
 * with what the rail answered: a transfer left out, another amount or fee, a line listed twice,
 * a line for a reference the rail never answered for. Served at `GET /__simulator/statement?date=`;
 * the faults at `/__simulator/statement-faults`.
 */

export interface StatementEntry {
  /** The rail's transaction id. */
  transactionId: string;
  /** Our payout reference, as the rail holds it. */
  reference: string;
  /** When it happened (epoch ms): its day is Dhaka's. */
  atMs: number;
  amountMinor: number;
  feeMinor: number;
  direction: 'DEBIT' | 'CREDIT';
  /** Whatever else the rail's layout prints (the wallet, the account). */
  counterparty: string;
}

const reference = z.string().min(1).max(200);
const minor = z.number().int().min(-1_000_000_000).max(1_000_000_000);

export const statementFaultsSchema = z
  .object({
    /** References whose lines the statement leaves out. */
    omit: z.array(reference).max(100).default([]),
    /** Per reference, minor units added to the amount the statement shows. */
    amountDeltaMinor: z.record(reference, minor).default({}),
    /** Per reference, minor units added to the fee the statement shows. */
    feeDeltaMinor: z.record(reference, minor).default({}),
    /** References whose line the statement lists twice (a second transaction of the rail). */
    duplicate: z.array(reference).max(100).default([]),
    /** Lines the rail shows for references it never answered for. */
    extra: z
      .array(
        z
          .object({
            reference,
            amountMinor: z.number().int().min(1).max(1_000_000_000),
            feeMinor: z.number().int().min(0).max(1_000_000).default(0),
          })
          .strict(),
      )
      .max(100)
      .default([]),
  })
  .strict();
export type StatementFaults = z.infer<typeof statementFaultsSchema>;

const NO_FAULTS: StatementFaults = {
  omit: [],
  amountDeltaMinor: {},
  feeDeltaMinor: {},
  duplicate: [],
  extra: [],
};

const DHAKA_OFFSET_MS = 6 * 3_600_000;
export const dhakaDayOf = (ms: number) => new Date(ms + DHAKA_OFFSET_MS).toISOString().slice(0, 10);

/** The statement's entries of `day` with the faults applied, in time order. */
export function statementOfDay(
  entries: readonly StatementEntry[],
  day: string,
  faults: StatementFaults,
  dayStartMs: number,
): StatementEntry[] {
  const omitted = new Set(faults.omit);
  const shown: StatementEntry[] = [];
  for (const entry of [...entries].sort((a, b) => a.atMs - b.atMs)) {
    if (dhakaDayOf(entry.atMs) !== day || omitted.has(entry.reference)) continue;
    const changed = {
      ...entry,
      amountMinor: entry.amountMinor + (faults.amountDeltaMinor[entry.reference] ?? 0),
      feeMinor: Math.max(0, entry.feeMinor + (faults.feeDeltaMinor[entry.reference] ?? 0)),
    };
    shown.push(changed);
    if (faults.duplicate.includes(entry.reference) && entry.direction === 'DEBIT') {
      shown.push({ ...changed, transactionId: `${entry.transactionId}D`, atMs: entry.atMs + 1 });
    }
  }
  faults.extra.forEach((extra, index) => {
    shown.push({
      transactionId: `XTRA${day.replace(/-/g, '')}${index + 1}`,
      reference: extra.reference,
      atMs: dayStartMs + 12 * 3_600_000 + index,
      amountMinor: extra.amountMinor,
      feeMinor: extra.feeMinor,
      direction: 'DEBIT',
      counterparty: '',
    });
  });
  return shown;
}

/** A CSV cell, quoted when it needs to be (RFC 4180). */
export function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export const csvRow = (cells: readonly string[]) => `${cells.map(csvCell).join(',')}\r\n`;

/** A Dhaka wall-clock time of `ms`, `YYYY-MM-DD HH:MM:SS`. */
export const dhakaTime = (ms: number) =>
  new Date(ms + DHAKA_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');

const dateQuery = z.object({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) });

/**
 * The statement routes of one rail simulator: `GET /__simulator/statement?date=YYYY-MM-DD` (the
 * rail's file, `render`ed from `entries`), and its faults.
 */
export function registerStatementRoutes(
  router: Router,
  input: {
    entries: () => readonly StatementEntry[];
    render: (entries: readonly StatementEntry[], day: string) => string;
    fileName: (day: string) => string;
    parse: <T>(ctx: Context, schema: z.ZodType<T>) => Promise<T | undefined>;
  },
): { reset: () => void } {
  let faults: StatementFaults = NO_FAULTS;
  router.get('/__simulator/statement', (ctx) => {
    const query = dateQuery.safeParse(ctx.query);
    if (!query.success) return json(ctx, 400, { error: 'date=YYYY-MM-DD is required' });
    const day = query.data.date;
    const dayStartMs = Date.parse(`${day}T00:00:00+06:00`);
    const shown = statementOfDay(input.entries(), day, faults, dayStartMs);
    ctx.status = 200;
    ctx.type = 'text/csv; charset=utf-8';
    ctx.set('content-disposition', `attachment; filename="${input.fileName(day)}"`);
    ctx.body = input.render(shown, day);
  });
  registerControlSetting(router, input.parse, {
    path: '/__simulator/statement-faults',
    schema: statementFaultsSchema,
    apply: (body) => {
      faults = body;
    },
    snapshot: () => faults,
    clear: () => {
      faults = NO_FAULTS;
    },
  });
  return {
    reset: () => {
      faults = NO_FAULTS;
    },
  };
}
