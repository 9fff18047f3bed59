import pg from 'pg';
import { postJournalEntries } from '../../db/ledger/ledger.js';
import type { Orm } from '../../platform/orm/orm.js';
import {
  accountCode,
  captureEntries,
  type AccountKey,
  type CaptureInput,
} from '../../domain/ledger/ledger.js';
import { closedLoop, round, type OpResult, type RunResult } from './load.js';

/**
 * Ledger throughput: captures posted through the service's own posting path (`postJournalEntries`
 * in a MikroORM transaction), spread over many apps and concentrated on one, beside the same rows
 * written by one bare SQL transaction per capture, all at the same concurrency in the same run.
 */

/** Every capture carries a fee, so each posts two entries (CAPTURE and FEE), as SSLCOMMERZ's do. */
export const ENTRIES_PER_CAPTURE = 2;
export const GATEWAY = 'sslcommerz';
export const MODE = 'TEST';
export const CURRENCY = 'BDT';

export interface LedgerRun extends RunResult {
  capturesPerS: number;
  entriesPerS: number;
}

export interface LedgerThroughput {
  concurrency: number;
  apps: number;
  entriesPerCapture: number;
  bare: LedgerRun;
  spread: LedgerRun;
  concentrated: LedgerRun;
  /** Posting path on one app over the same spread over `apps`: 1 means no hot-app penalty. */
  concentratedToSpread: number | null;
  /** Posting path (spread) over bare SQL: what the path costs beyond the rows themselves. */
  postingToBare: number | null;
}

export interface LedgerPhaseHooks {
  log: (message: string) => void;
  /** Called around each measured run, for the CPU sampler. */
  mark: (name: string) => void;
  signal: AbortSignal;
}

/** Apps for the ledger to post to; plain rows, as the ledger needs nothing else of an app. */
export async function createLedgerApps(orm: Orm, count: number, label: string): Promise<string[]> {
  const rows = await orm.em.fork().execute<Array<{ id: string }>>(
    `insert into apps (name, display_name) select ?::text || g, ?::text || g
         from generate_series(1, ?::int) g returning id`,
    [`ledger-${label}-`, `Ledger bench ${label} `, count],
  );
  return rows.map((row) => String(row.id));
}

function captureInput(reference: string, appId: string, n: number): CaptureInput {
  // Amounts vary so no two entries are alike; the fee is SSLCOMMERZ-like (2.5 %).
  const amountMinor = 10_000 + (n % 90_000);
  return {
    paymentReference: reference,
    appId,
    mode: MODE,
    gateway: GATEWAY,
    currency: CURRENCY,
    amountMinor,
    feeMinor: Math.round(amountMinor * 0.025),
  };
}

/**
 * Opens the gateway's accounts and the apps' payable accounts before any run, so the first run
 * does not pay for opening them (the posting path still issues its account upsert every time:
 * that is part of its cost). Returns their ids by code, for the writes that bypass that path.
 */
export async function openAccounts(orm: Orm, appIds: string[]): Promise<Map<string, string>> {
  const shared = { mode: MODE, currency: CURRENCY } as const;
  const keys: AccountKey[] = [
    { ...shared, type: 'GATEWAY_CLEARING', gateway: GATEWAY },
    { ...shared, type: 'GATEWAY_FEES', gateway: GATEWAY },
    ...appIds.map((appId): AccountKey => ({ ...shared, type: 'APP_PAYABLE', appId })),
  ];
  const em = orm.em.fork();
  // DO NOTHING: in a full run the gateway's accounts already exist, opened by real payments.
  await em.execute(
    `insert into ledger_accounts (code, type, mode, currency, gateway, app_id)
     values ${keys.map(() => '(?, ?, ?, ?, ?, ?::bigint)').join(', ')} on conflict (code) do nothing`,
    keys.flatMap((k) => [accountCode(k), k.type, k.mode, k.currency, k.gateway ?? null, k.appId ?? null]),
  );
  const rows = await em.execute<Array<{ id: string; code: string }>>(
    `select id, code from ledger_accounts where code in (${keys.map(() => '?').join(', ')})`,
    keys.map(accountCode),
  );
  return new Map(rows.map((row) => [row.code, row.id]));
}

/** One capture through the service's posting path, in its own transaction. */
function postingOp(orm: Orm, appIds: string[], label: string): () => Promise<OpResult> {
  let next = 0;
  return async () => {
    const n = next++;
    const drafts = captureEntries(captureInput(`ledger-${label}-${n}`, appIds[n % appIds.length]!, n));
    await orm.em.fork().transactional((tx) => postJournalEntries(tx, drafts));
    return { ok: true };
  };
}

/**
 * The same rows written with nothing around them: one transaction per capture on the pg driver,
 * one statement per entry (the entry and its two postings), account ids known in advance.
 */
function bareOp(pool: pg.Pool, appIds: string[], accounts: Map<string, string>): () => Promise<OpResult> {
  let next = 0;
  return async () => {
    const n = next++;
    const drafts = captureEntries(captureInput(`ledger-bare-${n}`, appIds[n % appIds.length]!, n));
    const client = await pool.connect();
    try {
      await client.query('begin');
      for (const draft of drafts) {
        await client.query(
          `with entry as (
             insert into journal_entries (source_type, source_id, kind, mode, currency)
             values ('payment', $1, $2, $3, $4) returning id
           )
           insert into postings (entry_id, account_id, amount_minor)
           select entry.id, line.account_id, line.amount_minor from entry,
             (values ($5::bigint, $6::bigint), ($7::bigint, $8::bigint)) line (account_id, amount_minor)`,
          [
            draft.sourceId,
            draft.kind,
            draft.mode,
            draft.currency,
            // Every capture entry is a transfer: exactly two postings, debit then credit.
            ...draft.postings.flatMap((p) => [accounts.get(accountCode(p.account)), p.amountMinor]),
          ],
        );
      }
      await client.query('commit');
      return { ok: true };
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  };
}

async function measure(
  name: string,
  op: () => Promise<OpResult>,
  concurrency: number,
  warmupS: number,
  durationS: number,
  hooks: LedgerPhaseHooks,
): Promise<LedgerRun> {
  await closedLoop(concurrency, warmupS, op, hooks.signal);
  hooks.mark(`${name}:start`);
  const run = await closedLoop(concurrency, durationS, op, hooks.signal);
  hooks.mark(`${name}:end`);
  hooks.signal.throwIfAborted();
  const result = {
    ...run,
    capturesPerS: run.throughputPerS,
    entriesPerS: round(run.throughputPerS * ENTRIES_PER_CAPTURE),
  };
  hooks.log(
    `${name}: ${result.entriesPerS} entries/s (${result.capturesPerS} captures/s), p50 ${run.latency.p50Ms} ms, p99 ${run.latency.p99Ms} ms, failed ${run.failed}`,
  );
  if (run.ok === 0) throw new Error(`${name}: no capture succeeded: ${JSON.stringify(run.failures)}`);
  return result;
}

export async function ledgerThroughput(
  orm: Orm,
  databaseUrl: string,
  settings: { concurrency: number; apps: number; warmupS: number; durationS: number },
  hooks: LedgerPhaseHooks,
): Promise<LedgerThroughput> {
  const { concurrency, warmupS, durationS } = settings;
  const appIds = await createLedgerApps(orm, settings.apps, 'throughput');
  const accounts = await openAccounts(orm, appIds);
  const pool = new pg.Pool({ connectionString: databaseUrl, max: concurrency });
  let bare: LedgerRun;
  try {
    // Bare first: the posting path then runs against the larger tables, never the other way.
    hooks.log(`ledger: bare SQL, ${concurrency} concurrent, warm-up ${warmupS} s, ${durationS} s`);
    bare = await measure(
      'ledgerBare',
      bareOp(pool, appIds, accounts),
      concurrency,
      warmupS,
      durationS,
      hooks,
    );
  } finally {
    await pool.end();
  }
  hooks.log(`ledger: posting path over ${appIds.length} apps`);
  const spread = await measure(
    'ledgerSpread',
    postingOp(orm, appIds, 'spread'),
    concurrency,
    warmupS,
    durationS,
    hooks,
  );
  hooks.log('ledger: posting path on one app');
  const concentrated = await measure(
    'ledgerConcentrated',
    postingOp(orm, appIds.slice(0, 1), 'concentrated'),
    concurrency,
    warmupS,
    durationS,
    hooks,
  );
  const ratio = (a: number, b: number) => (b > 0 ? round(a / b, 2) : null);
  return {
    concurrency,
    apps: appIds.length,
    entriesPerCapture: ENTRIES_PER_CAPTURE,
    bare,
    spread,
    concentrated,
    concentratedToSpread: ratio(concentrated.entriesPerS, spread.entriesPerS),
    postingToBare: ratio(spread.entriesPerS, bare.entriesPerS),
  };
}
