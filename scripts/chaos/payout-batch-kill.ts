import type { EntityManager } from '@mikro-orm/postgresql';
import { Client as PgClient } from 'pg';
import { registerApp } from '../../db/apps/apps.js';
import { createOrm } from '../../platform/orm/orm.js';
import { sleep } from '../bench/processes.js';
import { PEPPER, type ChaosStack, type Restartable } from './stack.js';
import {
  TERMINAL_PAYOUT_STATUSES as TERMINAL,
  payoutBatchLine,
  type PayoutBatchKillResult,
} from './payout-batch-report.js';

/**
 * A payout batch paid out while its workers and PostgreSQL die: an app of its own sends one batch
 * of N lines (bKash wallets, Nagad wallets, bank accounts by BEFTN and by NPSB, in turn) through
 * the API; once its cancel window is over and its lines' payouts are being made, a worker is
 * killed with SIGKILL and brought back; once they are being sent, PostgreSQL and then the other
 * worker. The bank's clearing sessions are held every few seconds meanwhile, so BEFTN lines settle.
 * What must hold: the batch COMPLETED, every line with exactly one payout, every payout terminal,
 * and no rail paid any payout's reference twice (their simulators' own books).
 */

type Say = (line: string) => void;

/** One question to PostgreSQL on a connection of its own (it is killed meanwhile); null while it is down. */
async function ask<T>(databaseUrl: string, sql: string, values: unknown[]): Promise<T[] | null> {
  const client = new PgClient({ connectionString: databaseUrl, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    return (await client.query(sql, values)).rows as T[];
  } catch {
    return null;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function control(stack: ChaosStack, rail: string, method: string, route: string, body?: unknown) {
  const response = await fetch(`${stack.gatewaysUrl}/${rail}${route}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${rail} simulator ${method} ${route}: ${response.status} ${text}`);
  return (text ? JSON.parse(text) : null) as unknown;
}

/** Each rail's disbursement account topped up by what its lines add up to: no line waits for funds. */
async function fundRails(stack: ChaosStack, lines: Array<ReturnType<typeof payoutBatchLine>>): Promise<void> {
  const total = (type: string) =>
    lines.filter((line) => line.beneficiary.type === type).reduce((sum, line) => sum + line.amountMinor, 0);
  const bkash = total('BKASH_WALLET');
  const nagad = total('NAGAD_WALLET');
  const bank = total('BANK_ACCOUNT');
  if (bkash > 0)
    await control(stack, 'bkash-disbursement', 'POST', '/__simulator/balance/top-up', { amountMinor: bkash });
  if (nagad > 0)
    await control(stack, 'nagad-disbursement', 'POST', '/__simulator/balance/top-up', { amountMinor: nagad });
  if (bank > 0) await control(stack, 'bank', 'POST', '/__simulator/balance/fund', { amountMinor: bank });
}

async function createApp(databaseUrl: string): Promise<{ appId: number; key: string; secret: string }> {
  const orm = await createOrm({ databaseUrl, poolMax: 1 });
  try {
    const em = orm.em.fork() as EntityManager;
    const registered = await registerApp(em, { name: 'chaos-payouts', displayName: 'Chaos Payouts' }, PEPPER);
    return {
      appId: registered.app.id,
      key: registered.credentials.TEST.apiKey,
      secret: registered.credentials.TEST.secret,
    };
  } finally {
    await orm.close();
  }
}

/** The batch through the API; asked again under the same key until it answers (the same batch). */
async function postBatch(
  stack: ChaosStack,
  app: { key: string; secret: string },
  lines: unknown[],
  say: Say,
): Promise<string> {
  const key = `chaos-batch-${Date.now()}`;
  for (let attempt = 1; ; attempt += 1) {
    try {
      const response = await fetch(`${stack.apiUrl}/api/v1/payout-batches`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-api-key': app.key,
          'x-api-secret': app.secret,
          'idempotency-key': key,
        },
        body: JSON.stringify({ lines }),
        signal: AbortSignal.timeout(120_000),
      });
      const body = (await response.json()) as { data?: { reference: string; status: string } };
      if (response.status === 201 || response.status === 200) {
        say(`payout batch: ${body.data!.reference} ${body.data!.status}`);
        return body.data!.reference;
      }
      if (response.status < 500 || attempt >= 5)
        throw new Error(`POST /api/v1/payout-batches answered ${response.status}: ${JSON.stringify(body)}`);
    } catch (error) {
      if (attempt >= 5) throw error;
      say(`payout batch: asking again (${String(error)})`);
    }
    await sleep(2_000);
  }
}

interface Progress {
  status: string;
  made: number;
  terminal: number;
}

async function progressOf(databaseUrl: string, reference: string): Promise<Progress | null> {
  const rows = await ask<{ status: string; made: string; terminal: string }>(
    databaseUrl,
    `select b.status,
            count(l.payout_id) as made,
            count(*) filter (where p.status = any($2::text[])) as terminal
       from payout_batches b join payout_batch_lines l on l.batch_id = b.id
       left join payouts p on p.id = l.payout_id
      where b.reference = $1 group by b.status`,
    [reference, TERMINAL],
  );
  if (!rows?.[0]) return null;
  return { status: rows[0].status, made: Number(rows[0].made), terminal: Number(rows[0].terminal) };
}

/** Polls until `ready` holds of the batch's progress (or the batch is past it); answers the last read. */
async function waitUntil(
  databaseUrl: string,
  reference: string,
  ready: (progress: Progress) => boolean,
  timeoutMs: number,
): Promise<Progress | null> {
  const deadline = Date.now() + timeoutMs;
  let last: Progress | null = null;
  while (Date.now() < deadline) {
    last = (await progressOf(databaseUrl, reference)) ?? last;
    if (last && (ready(last) || last.status === 'COMPLETED' || last.status === 'CANCELLED')) return last;
    await sleep(100);
  }
  return last;
}

export async function payoutBatchWhileWorkersDie(
  stack: ChaosStack,
  lineCount: number,
  options: { timeoutS: number; crash: (target: Restartable, downForMs: number) => Promise<void> },
  say: Say,
): Promise<PayoutBatchKillResult> {
  const app = await createApp(stack.databaseUrl);
  const lines = Array.from({ length: lineCount }, (_, i) => payoutBatchLine(i + 1));
  await fundRails(stack, lines);
  say(`payout batch: ${lineCount} lines (bKash, Nagad, bank BEFTN and NPSB in turn), the rails funded`);

  // The bank holds a clearing session every few seconds, as its day would: BEFTN lines settle.
  let clearing = true;
  const sessions = (async () => {
    while (clearing) {
      await control(stack, 'bank', 'POST', '/__simulator/clearing/advance').catch(() => undefined);
      await sleep(5_000);
    }
  })();

  const started = Date.now();
  const reference = await postBatch(stack, app, lines, say);
  try {
    const making = await waitUntil(stack.databaseUrl, reference, (p) => p.made > 0, options.timeoutS * 1000);
    const madeAtWorkerKill = making?.made ?? 0;
    say(`payout batch: ${madeAtWorkerKill} of ${lineCount} lines' payouts made (${making?.status ?? '-'})`);
    await options.crash(stack.workers[0]!, 3_000);

    const sending = await waitUntil(
      stack.databaseUrl,
      reference,
      (p) => p.terminal > 0,
      options.timeoutS * 1000,
    );
    const terminalAtPostgresKill = sending?.terminal ?? 0;
    say(
      `payout batch: ${terminalAtPostgresKill} of ${lineCount} payouts terminal (${sending?.status ?? '-'})`,
    );
    await options.crash(stack.postgres, 3_000);
    await options.crash(stack.workers.at(-1)!, 3_000);

    let completionS: number | null = null;
    let lastSaid = Date.now();
    const deadline = Date.now() + options.timeoutS * 1000;
    for (;;) {
      const progress = await progressOf(stack.databaseUrl, reference);
      if (progress?.status === 'COMPLETED') {
        completionS = (Date.now() - started) / 1000;
        break;
      }
      if (Date.now() > deadline) {
        say(`payout batch: not COMPLETED within ${options.timeoutS} s`);
        break;
      }
      if (Date.now() - lastSaid > 30_000 && progress) {
        say(`payout batch: ${progress.status}, ${progress.made} made, ${progress.terminal} terminal`);
        lastSaid = Date.now();
      }
      await sleep(250);
    }
    if (completionS !== null) say(`payout batch: COMPLETED ${completionS.toFixed(1)} s after its POST`);
    clearing = false;
    await sessions;
    return {
      ...(await tally(stack, app.appId, reference)),
      lines: lineCount,
      madeAtWorkerKill,
      terminalAtPostgresKill,
      completionS,
    };
  } finally {
    clearing = false;
    await sessions;
  }
}

type Tally = Omit<
  PayoutBatchKillResult,
  'lines' | 'madeAtWorkerKill' | 'terminalAtPostgresKill' | 'completionS'
>;

/** What PostgreSQL and the rails' simulators hold of the batch once it is over. */
async function tally(stack: ChaosStack, appId: number, reference: string): Promise<Tally> {
  const db = new PgClient({ connectionString: stack.databaseUrl });
  await db.connect();
  try {
    const count = async (sql: string, values: unknown[]) => Number((await db.query(sql, values)).rows[0]!.n);
    const batch = await db.query<{ id: string; status: string }>(
      'select id, status from payout_batches where reference = $1',
      [reference],
    );
    const batchId = batch.rows[0]!.id;
    const payouts = await db.query<{ reference: string; status: string; rail: string }>(
      `select p.reference, p.status, p.rail from payouts p where p.app_id = $1`,
      [appId],
    );
    const byStatus: Record<string, number> = {};
    const byRail: Record<string, number> = {};
    for (const payout of payouts.rows) {
      byStatus[payout.status] = (byStatus[payout.status] ?? 0) + 1;
      byRail[payout.rail] = (byRail[payout.rail] ?? 0) + 1;
    }

    // Times each rail paid a reference: bKash by merchantInvoiceNumber, Nagad by orderId (the
    // reference without its underscore), the bank by the lines it debited the company for.
    const paid = new Map<string, number>();
    const add = (ref: string) => paid.set(ref, (paid.get(ref) ?? 0) + 1);
    const bkash = (await control(stack, 'bkash-disbursement', 'GET', '/__simulator/transfers')) as {
      transfers: Array<{ merchantInvoiceNumber: string; requests: number }>;
    };
    for (const transfer of bkash.transfers) add(transfer.merchantInvoiceNumber);
    const nagad = (await control(stack, 'nagad-disbursement', 'GET', '/__simulator/transfers')) as {
      movements: Array<{ kind: string; orderId: string | null }>;
    };
    const byOrderId = new Map(payouts.rows.map((p) => [p.reference.replace('_', ''), p.reference]));
    for (const movement of nagad.movements) {
      if (movement.kind === 'TRANSFER' && movement.orderId)
        add(byOrderId.get(movement.orderId) ?? movement.orderId);
    }
    const bank = (await control(stack, 'bank', 'GET', '/__simulator/state')) as {
      files: Array<{ lines: Array<{ reference: string; debitedAtMs: number | null }> }>;
    };
    for (const file of bank.files) {
      for (const line of file.lines) if (line.debitedAtMs !== null) add(line.reference);
    }
    const ours = new Map(payouts.rows.map((p) => [p.reference, p.status]));

    return {
      batchStatus: batch.rows[0]!.status,
      byStatus,
      byRail,
      linesWithoutPayout: await count(
        'select count(*) as n from payout_batch_lines where batch_id = $1 and payout_id is null',
        [batchId],
      ),
      payoutsNotOnOneLine: await count(
        `select count(*) as n from payouts p where p.app_id = $1
           and (select count(*) from payout_batch_lines l where l.payout_id = p.id and l.batch_id = $2) <> 1`,
        [appId, batchId],
      ),
      payoutsNotTerminal: payouts.rows.filter((p) => !TERMINAL.includes(p.status)).length,
      paidTwice: [...paid.entries()].filter(([ref, times]) => ours.has(ref) && times > 1).length,
      succeededUnpaid: payouts.rows.filter((p) => p.status === 'SUCCEEDED' && !paid.has(p.reference)).length,
      paidNotSucceeded: [...paid.keys()].filter((ref) => ours.has(ref) && ours.get(ref) !== 'SUCCEEDED')
        .length,
      askedAgain: bkash.transfers.filter((t) => ours.has(t.merchantInvoiceNumber) && t.requests > 1).length,
      completedEvents: await count(
        `select count(*) as n from events where source_type = 'payout_batch' and source_id = $1
           and type = 'payout_batch.completed'`,
        [reference],
      ),
    };
  } finally {
    await db.end().catch(() => undefined);
  }
}
