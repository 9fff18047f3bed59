import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Client, Connection } from '@temporalio/client';
import { Client as PgClient } from 'pg';
import { importSettlementReport } from '../../activities/reconciliation/settlement-imports.js';
import { createOrm } from '../../platform/orm/orm.js';
import { startReconciliations } from '../../activities/reconciliation/reconciliation-starts.js';
import { createLedgerApps } from '../bench/ledger.js';
import { CURRENCY, GATEWAY, MODE, loadPayments, writeReport } from '../bench/reconciliation.js';
import { sleep } from '../bench/processes.js';
import type { ChaosStack } from './stack.js';

/**
 * A settlement report imported while the worker dies: N captured payments (bulk-loaded for an app
 * of their own) and SSLCOMMERZ's report settling them, imported through the service's import; once
 * the day's reconciliation has posted its first batch, every worker is killed with SIGKILL and
 * brought back. The day is in the past (its grace is over), so once matched it closes and its
 * workflow completes. What must hold: every line posted exactly once, the gateway's clearing back
 * where it was before the payments were loaded, the bank holding every line's net.
 */

/** A day long past: its grace is over, so the run closes (and its workflow ends) once all is matched. */
const SETTLEMENT_DATE = '2026-01-15';
const LABEL = 'chaos';

export interface SettlementKillResult {
  lines: number;
  /** Lines matched when the workers were killed: a kill mid-posting is 0 < this < lines. */
  matchedAtKill: number;
  /** Seconds from the workers' return to the day closed. */
  closedAfterReturnS: number | null;
  workflowStatus: string;
  runStatus: string | null;
  matched: number;
  openExceptions: number;
  /** Lines whose SETTLEMENT entry is not exactly one (of two postings). */
  linesNotPostedOnce: number;
  /** The gateway's clearing after, minus before the payments were loaded: 0 when right. */
  clearingDriftMinor: number;
  /** The bank's gain minus the lines' net: 0 when right. */
  bankDriftMinor: number;
}

type Say = (line: string) => void;

async function balance(db: PgClient, type: 'GATEWAY_CLEARING' | 'BANK'): Promise<number> {
  const { rows } = await db.query<{ balance: string }>(
    `select coalesce(sum(p.amount_minor), 0) as balance from postings p join ledger_accounts a on a.id = p.account_id
      where a.type = $1 and a.gateway = $2 and a.mode = $3 and a.currency = $4`,
    [type, GATEWAY, MODE, CURRENCY],
  );
  return Number(rows[0]!.balance);
}

export async function settlementWhileWorkersDie(
  stack: ChaosStack,
  lines: number,
  say: Say,
): Promise<SettlementKillResult> {
  const db = new PgClient({ connectionString: stack.databaseUrl });
  await db.connect();
  const orm = await createOrm({ databaseUrl: stack.databaseUrl, poolMax: 4 });
  const connection = await Connection.connect({ address: stack.temporalAddress });
  const workDir = mkdtempSync(path.join(tmpdir(), 'oi-chaos-settlement-'));
  try {
    const client = new Client({ connection });
    const clearingBefore = await balance(db, 'GATEWAY_CLEARING');
    const bankBefore = await balance(db, 'BANK');
    const [appId] = await createLedgerApps(orm, 1, 'chaos-settlement');
    await loadPayments(orm, appId!, LABEL, lines);
    const file = path.join(workDir, `sslcommerz-settlement-${SETTLEMENT_DATE}.csv`);
    await writeReport(file, LABEL, lines, SETTLEMENT_DATE);
    say(`settlement: ${lines} captured payments loaded; importing their report for ${SETTLEMENT_DATE}`);
    const imported = await importSettlementReport(orm.em.fork() as EntityManager, {
      gateway: GATEWAY,
      mode: MODE,
      fileName: path.basename(file),
      stream: createReadStream(file),
      importedBy: null,
    });
    const [workflowId] = await startReconciliations(
      { client, taskQueue: 'payments' },
      { gateway: GATEWAY, mode: MODE, dates: imported.settlementDates },
    );
    say(`settlement: ${imported.storedLines} lines stored; ${workflowId} matching`);

    const matchedOfDay = async () =>
      Number(
        (
          await db.query<{ n: string }>(
            `select count(*) as n from recon_matches m join settlement_lines l on l.id = m.line_id
              where l.import_id = $1`,
            [imported.importId],
          )
        ).rows[0]!.n,
      );
    // The first batch posted, the rest not yet: the workers die mid-posting.
    let matchedAtKill = 0;
    const deadline = Date.now() + 300_000;
    while (matchedAtKill === 0 && Date.now() < deadline) {
      await sleep(50);
      matchedAtKill = await matchedOfDay();
    }
    say(`settlement: ${matchedAtKill} of ${lines} lines posted; SIGKILL to every worker`);
    await Promise.all(stack.workers.map((worker) => worker.kill()));
    await sleep(3_000);
    say('settlement: restarting the workers');
    await Promise.all(stack.workers.map((worker) => worker.start()));
    const back = Date.now();

    let workflowStatus = 'UNKNOWN';
    try {
      await Promise.race([
        client.workflow.getHandle(workflowId!).result(),
        sleep(600_000).then(() => Promise.reject(new Error('not closed within 10 minutes'))),
      ]);
    } catch (error) {
      say(`settlement: the day did not complete: ${String(error)}`);
    }
    workflowStatus = (await client.workflow.getHandle(workflowId!).describe()).status.name;
    const closedAfterReturnS = workflowStatus === 'COMPLETED' ? (Date.now() - back) / 1000 : null;
    say(
      `settlement: workflow ${workflowStatus}` +
        (closedAfterReturnS !== null
          ? `, ${closedAfterReturnS.toFixed(1)} s after the workers returned`
          : ''),
    );

    const { rows: runs } = await db.query<{
      status: string;
      matched_count: string;
      open_exception_count: string;
    }>(
      `select status, matched_count, open_exception_count from recon_runs
        where gateway = $1 and mode = $2 and settlement_date = $3::date`,
      [GATEWAY, MODE, SETTLEMENT_DATE],
    );
    const { rows: notOnce } = await db.query<{ n: string }>(
      `select count(*) as n from settlement_lines l
        where l.import_id = $1
          and ((select count(*) from journal_entries e where e.source_type = 'settlement_line'
                 and e.source_id = l.line_key and e.kind = 'SETTLEMENT') <> 1
            or (select count(*) from postings p join journal_entries e on e.id = p.entry_id
                 where e.source_type = 'settlement_line' and e.source_id = l.line_key and e.kind = 'SETTLEMENT') <> 2)`,
      [imported.importId],
    );
    const { rows: net } = await db.query<{ net: string }>(
      'select coalesce(sum(net_minor), 0) as net from settlement_lines where import_id = $1',
      [imported.importId],
    );
    return {
      lines,
      matchedAtKill,
      closedAfterReturnS,
      workflowStatus,
      runStatus: runs[0]?.status ?? null,
      matched: Number(runs[0]?.matched_count ?? 0),
      openExceptions: Number(runs[0]?.open_exception_count ?? 0),
      linesNotPostedOnce: Number(notOnce[0]!.n),
      clearingDriftMinor: (await balance(db, 'GATEWAY_CLEARING')) - clearingBefore,
      bankDriftMinor: (await balance(db, 'BANK')) - bankBefore - Number(net[0]!.net),
    };
  } finally {
    rmSync(workDir, { recursive: true, force: true });
    await connection.close().catch(() => undefined);
    await orm.close();
    await db.end().catch(() => undefined);
  }
}

/** The scenario's lines in the chaos report: `ok: false` on a number means it must be 0. */
export function settlementChecks(result: SettlementKillResult) {
  return [
    {
      what: `settlement lines imported while every worker was killed mid-posting (${result.matchedAtKill} posted before)`,
      value: result.lines,
      ok: result.matchedAtKill > 0 && result.matchedAtKill < result.lines,
    },
    {
      what: 'settlement day closed (its workflow completed) after the workers returned',
      value: `${result.workflowStatus} ${result.runStatus ?? '-'}`,
      ok: result.workflowStatus === 'COMPLETED' && result.runStatus === 'CLOSED',
    },
    { what: 'settlement lines not matched', value: result.lines - result.matched, ok: false },
    { what: 'settlement exceptions open', value: result.openExceptions, ok: false },
    {
      what: 'settlement lines without exactly 1 SETTLEMENT entry (2 postings)',
      value: result.linesNotPostedOnce,
      ok: false,
    },
    {
      what: 'gateway clearing not back where it was (minor units)',
      value: result.clearingDriftMinor,
      ok: false,
    },
    {
      what: "bank account's gain minus the lines' net (minor units)",
      value: result.bankDriftMinor,
      ok: false,
    },
  ];
}
