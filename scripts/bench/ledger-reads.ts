import { Client as PgClient } from 'pg';
import { appBalances, refreshBalanceSnapshots } from '../../db/ledger/ledger-balances.js';
import type { Orm } from '../../platform/orm/orm.js';
import { accountCode } from '../../domain/ledger/ledger.js';
import { round, summarize, type LatencySummary } from './load.js';
import { CURRENCY, GATEWAY, MODE, createLedgerApps, openAccounts, type LedgerPhaseHooks } from './ledger.js';

/**
 * A balance read with an app's payable account at a million postings: with no snapshot (the
 * read sums every posting) and after a snapshot with a few thousand postings since (the read
 * sums only those). The history is bulk-loaded; the reads are the service's own `appBalances`.
 */

const AMOUNT_MINOR = 1_000;
const BATCH = 100_000;
/** "A few thousand": postings made after the snapshot, which the read still has to sum. */
const AFTER_SNAPSHOT = 3_000;

export interface BalanceReadResult {
  postings: number;
  loadS: number;
  noSnapshot: LatencySummary;
  snapshotRefreshMs: number;
  postingsAfterSnapshot: number;
  withSnapshot: LatencySummary;
}

/** Captures of AMOUNT_MINOR each into (clearing, payable), entries `from`..`to`, one transaction. */
async function loadCaptures(
  loader: PgClient,
  accounts: { clearing: string; payable: string },
  from: number,
  to: number,
): Promise<void> {
  await loader.query(
    `with entry as (
       insert into journal_entries (source_type, source_id, kind, mode, currency)
       select 'payment', 'ledger-history-' || g, 'CAPTURE', $6, $7 from generate_series($1::int, $2::int) g
       returning id
     )
     insert into postings (entry_id, account_id, amount_minor)
     select entry.id, line.account_id, line.amount_minor from entry,
       (values ($3::bigint, $5::bigint), ($4::bigint, -$5::bigint)) line (account_id, amount_minor)`,
    [from, to, accounts.clearing, accounts.payable, AMOUNT_MINOR, MODE, CURRENCY],
  );
}

/** `reads` timed `appBalances` calls after a few untimed ones; each must see `expectedMinor`. */
async function timeReads(orm: Orm, appId: string, reads: number, expectedMinor: number) {
  const samples: number[] = [];
  for (let i = 0; i < reads + 3; i++) {
    const t0 = performance.now();
    const [position] = await appBalances(orm.em.fork(), Number(appId), MODE);
    const elapsed = performance.now() - t0;
    if (position?.capturedMinor !== expectedMinor)
      throw new Error(`balance read gave ${position?.capturedMinor}, expected ${expectedMinor}`);
    if (i >= 3) samples.push(elapsed);
  }
  return summarize(samples);
}

export async function balanceReads(
  orm: Orm,
  databaseUrl: string,
  settings: { postings: number; reads: number },
  hooks: LedgerPhaseHooks,
): Promise<BalanceReadResult> {
  const [appId] = await createLedgerApps(orm, 1, 'history');
  const loader = new PgClient({ connectionString: databaseUrl });
  await loader.connect();
  try {
    // The bench's own throwaway database only: replica mode skips the per-row triggers (the
    // commit-time balanced-entry check, the foreign keys), which would make the load take minutes.
    // Every loaded entry is balanced by construction. This session only; reads run with them on.
    await loader.query('set session_replication_role = replica');
    const ids = await openAccounts(orm, [appId!]);
    const accounts = {
      clearing: ids.get(
        accountCode({ type: 'GATEWAY_CLEARING', mode: MODE, currency: CURRENCY, gateway: GATEWAY }),
      )!,
      payable: ids.get(accountCode({ type: 'APP_PAYABLE', mode: MODE, currency: CURRENCY, appId: appId! }))!,
    };
    hooks.log(`ledger: loading ${settings.postings} postings into app ${appId}'s payable account`);
    const started = performance.now();
    for (let from = 1; from <= settings.postings; from += BATCH) {
      hooks.signal.throwIfAborted();
      await loadCaptures(loader, accounts, from, Math.min(settings.postings, from + BATCH - 1));
    }
    // What autovacuum would have done by the time an account had a million postings: without
    // the visibility map a balance read could not sum from the index alone.
    await loader.query('vacuum analyze journal_entries, postings, ledger_accounts');
    const loadS = round((performance.now() - started) / 1000);
    hooks.log(`ledger: loaded in ${loadS} s; ${settings.reads} balance reads without a snapshot`);

    const capturedMinor = settings.postings * AMOUNT_MINOR;
    const noSnapshot = await timeReads(orm, appId!, settings.reads, capturedMinor);
    hooks.log(`ledger: no snapshot: p50 ${noSnapshot.p50Ms} ms, p95 ${noSnapshot.p95Ms} ms`);

    const refreshStarted = performance.now();
    await refreshBalanceSnapshots(orm.em.fork());
    const snapshotRefreshMs = round(performance.now() - refreshStarted);
    // After the snapshot, in a later transaction: past its horizon, so every read has to sum them.
    const last = settings.postings + AFTER_SNAPSHOT;
    await loadCaptures(loader, accounts, settings.postings + 1, last);
    await loader.query('analyze postings');
    const withSnapshot = await timeReads(orm, appId!, settings.reads, last * AMOUNT_MINOR);
    hooks.log(
      `ledger: snapshot refresh ${snapshotRefreshMs} ms; with snapshot + ${AFTER_SNAPSHOT} newer postings: p50 ${withSnapshot.p50Ms} ms, p95 ${withSnapshot.p95Ms} ms`,
    );
    return {
      postings: settings.postings,
      loadS,
      noSnapshot,
      snapshotRefreshMs,
      postingsAfterSnapshot: AFTER_SNAPSHOT,
      withSnapshot,
    };
  } finally {
    await loader.end();
  }
}
