import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Client as PgClient } from 'pg';
import { temporal as protos } from '@temporalio/proto';
import { verifyLedger } from '../../db/ledger/ledger-verify.js';
import { createOrm } from '../../platform/orm/orm.js';
import { processCounts } from '../bench/options.js';
import { ROOT, sleep } from '../bench/processes.js';
import { ChaosApprover, type ApproverResult } from './approver.js';
import { drivePayments, type DriverResult } from './driver.js';
import { driveNoSaleLost, type NoSaleLostResult } from './no-sale-lost.js';
import { driveInvoices, type InvoiceDriverResult } from './invoices.js';
import { ChaosReceiver } from './receiver.js';
import { payoutBatchWhileWorkersDie } from './payout-batch-kill.js';
import { payoutBatchChecks } from './payout-batch-report.js';
import { settlementChecks, settlementWhileWorkersDie } from './settlement-kill.js';
import { startChaosStack, type ChaosStack, type Restartable } from './stack.js';

const number = (name: string, fallback: number) => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number`);
  return value;
};

export function readChaosOptions(argv: string[] = process.argv.slice(2)) {
  // The scale-out layout by default: two of each behind one balancer, killed in turn.
  const { apiProcesses, workers, cpuPerWorker, cpuPerApi } = processCounts(argv, {
    apiProcesses: 2,
    workers: 2,
  });
  if (cpuPerWorker !== null || cpuPerApi !== null)
    throw new Error(
      'chaos runs its processes uncapped: --cpu-per-worker and --cpu-per-api are for the bench',
    );
  return {
    apiProcesses,
    workers,
    payments: number('CHAOS_PAYMENTS', 300),
    concurrency: number('CHAOS_CONCURRENCY', 8),
    expiryMinutes: number('CHAOS_EXPIRY_MINUTES', 5),
    validationOutageS: number('CHAOS_VALIDATION_OUTAGE_S', 180),
    quietTimeoutS: number('CHAOS_QUIET_TIMEOUT_S', 1200),
    /** Payments per gateway for each way a sale could be lost at the gateway (no-sale-lost.ts). */
    noSaleLostPerCase: number('CHAOS_NO_SALE_LOST_PER_CASE', 2),
    /** Seconds between the faults; the whole schedule takes about ten of these. */
    faultSpacingS: number('CHAOS_FAULT_SPACING_S', 8),
    /** Seconds the app's webhook endpoint answers 503 while payments flow (0: never). */
    receiverOutageS: number('CHAOS_RECEIVER_OUTAGE_S', 180),
    /** Invoices of two installments each, issued and paid through the faults. */
    invoices: number('CHAOS_INVOICES', 10),
    /** Seconds PostgreSQL stays down in its long outage, after its quick restart (0: skip). */
    postgresOutageS: number('CHAOS_POSTGRES_OUTAGE_S', 120),
    /** Lines of the settlement report imported while every worker is killed mid-posting (0: skip). */
    settlementLines: number('CHAOS_SETTLEMENT_LINES', 20_000),
    /** Lines of the payout batch paid out while a worker and PostgreSQL are killed (0: skip). */
    payoutBatchLines: number('CHAOS_PAYOUT_BATCH_LINES', 1_000),
    /** `payout-batch`: that scenario alone on a fresh stack, without the payments and their faults. */
    only: chaosOnly(process.env.CHAOS_ONLY),
  };
}

const ONLY = ['payout-batch'] as const;
type ChaosOnly = (typeof ONLY)[number];

function chaosOnly(raw: string | undefined): ChaosOnly | null {
  if (raw === undefined || raw === '') return null;
  if (!ONLY.includes(raw as ChaosOnly)) throw new Error(`CHAOS_ONLY takes ${ONLY.join(', ')} (got '${raw}')`);
  return raw as ChaosOnly;
}

type Options = ReturnType<typeof readChaosOptions>;

/** Refunds above this wait for an approver: the driver's halves and rests fall on both sides of it. */
const APPROVAL_THRESHOLD_MINOR = 2_000;

const started = Date.now();
const say = (line: string) =>
  console.log(`[chaos ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);

async function crash(target: Restartable, downForMs: number): Promise<void> {
  say(`SIGKILL ${target.name}`);
  await target.kill();
  await sleep(downForMs);
  say(`restarting ${target.name}`);
  await target.start();
  say(`${target.name} is back`);
}

/**
 * The faults, one after another while payments flow: every part of the stack goes away once or
 * more (with several API processes or workers, the first and then the last of each).
 */
async function runFaults(stack: ChaosStack, receiver: ChaosReceiver, options: Options): Promise<void> {
  const gap = () => sleep(options.faultSpacingS * 1000);
  if (options.receiverOutageS > 0) {
    say(`the app's webhook endpoint answers 503 for ${options.receiverOutageS} s`);
    receiver.takeDown(options.receiverOutageS * 1000);
  }
  await gap();
  await crash(stack.workers[0]!, 3_000);
  await gap();
  await crash(stack.apis[0]!, 2_000);
  await gap();
  say(`taking the gateway's validation API away for ${options.validationOutageS} s`);
  await fetch(`${stack.simulatorUrl}/__simulator/outages`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ validation: { forMs: options.validationOutageS * 1000 } }),
  });
  await gap();
  say("taking the gateway's refund API away for 60 s");
  await fetch(`${stack.simulatorUrl}/__simulator/outages`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ refund: { forMs: 60_000 } }),
  });
  await gap();
  // A gateway that crashes keeps what it approved, and its outages too, in its database.
  await crash(stack.sslcommerzSimulator, 2_000);
  await crash(stack.postgres, 3_000);
  await gap();
  if (options.postgresOutageS > 0) {
    say(`PostgreSQL down for ${options.postgresOutageS} s`);
    await crash(stack.postgres, options.postgresOutageS * 1000);
    await gap();
  }
  await crash(stack.temporal, 3_000);
  await gap();
  await crash(stack.gatewaySimulators, 2_000);
  await gap();
  await crash(stack.workers.at(-1)!, 3_000);
  await gap();
  await crash(stack.apis.at(-1)!, 2_000);
}

async function waitForQuiet(db: PgClient, appId: number, timeoutS: number): Promise<boolean> {
  const deadline = Date.now() + timeoutS * 1000;
  let lastReport = 0;
  for (;;) {
    const { rows } = await db.query<{ open: string; refunding: string; parked: string; undelivered: string }>(
      `select (select count(*) from payments where app_id = $1 and status in ('CREATED', 'PENDING')) as open,
              (select count(*) from refunds where app_id = $1 and status in ('PENDING_APPROVAL', 'PROCESSING')) as refunding,
              (select count(*) from payments where app_id = $1 and unapplied_minor > 0
                 and attention_resolved_at is null) as parked,
              (select count(*) from events where app_id = $1 and delivery_status = 'PENDING')
                + (select count(*) from customer_emails where app_id = $1 and status = 'QUEUED') as undelivered`,
      [appId],
    );
    const [open, refunding, parked, undelivered] = [
      rows[0]!.open,
      rows[0]!.refunding,
      rows[0]!.parked,
      rows[0]!.undelivered,
    ].map(Number) as [number, number, number, number];
    if (open + refunding + parked + undelivered === 0) return true;
    if (Date.now() - lastReport > 30_000) {
      say(
        `waiting for quiet: ${open} payments open, ${refunding} refunds in flight, ` +
          `${parked} late captures not yet refunded, ${undelivered} events or emails undelivered`,
      );
      lastReport = Date.now();
    }
    if (Date.now() > deadline) return false;
    await sleep(5_000);
  }
}

interface Check {
  what: string;
  value: number | string;
  ok: boolean;
}

/**
 * Invoices paid in installments through the faults, and the customers' emails: every invoice the
 * app paid in full is PAID with its paid amount equal to its payments and one `invoice.paid`;
 * every email is SENT and reached the customers' mailbox.
 */
async function invoiceAndEmailChecks(
  db: PgClient,
  stack: ChaosStack,
  invoices: InvoiceDriverResult,
): Promise<Check[]> {
  const count = async (sql: string, values: unknown[]) => Number((await db.query(sql, values)).rows[0]!.n);
  const mine = [stack.appId, invoices.paidInFull];
  const sent = await db.query<{ smtp_message_id: string | null }>(
    "select smtp_message_id from customer_emails where app_id = $1 and status = 'SENT'",
    [stack.appId],
  );
  const caught = new Map<string, number>();
  for (const message of stack.mail.messages()) {
    if (message.messageId) caught.set(message.messageId, (caught.get(message.messageId) ?? 0) + 1);
  }
  const strip = (id: string) => id.replace(/^<|>$/g, '');
  const emailsRecorded = await count('select count(*) as n from customer_emails where app_id = $1', [
    stack.appId,
  ]);
  const caughtIds = new Set([...caught.keys()].map(strip));
  return [
    { what: 'invoices issued', value: invoices.issued.length, ok: invoices.issued.length > 0 },
    { what: 'invoice steps given up by the client', value: invoices.givenUp, ok: true },
    {
      what: 'invoices paid in full but not PAID',
      value: await count(
        `select count(*) as n from invoices where app_id = $1 and reference = any($2::text[]) and status <> 'PAID'`,
        mine,
      ),
      ok: false,
    },
    {
      what: "invoices whose paid amount is not their payments' sum",
      value: await count(
        `select count(*) as n from invoices i where i.app_id = $1 and i.paid_minor <>
           (select coalesce(sum(p.amount_minor), 0) from payments p where p.invoice_id = i.reference
              and p.status in ('SUCCEEDED', 'PARTIALLY_REFUNDED', 'REFUNDED'))`,
        [stack.appId],
      ),
      ok: false,
    },
    {
      what: 'PAID invoices without exactly 1 invoice.paid',
      value: await count(
        `select count(*) as n from invoices i where i.app_id = $1 and i.status = 'PAID' and
           (select count(*) from events e join payments p on e.source_type = 'invoice_payment'
              and e.source_id = p.reference where p.invoice_id = i.reference and e.type = 'invoice.paid') <> 1`,
        [stack.appId],
      ),
      ok: false,
    },
    {
      what: 'customer emails recorded (invoices issued, receipts)',
      value: emailsRecorded,
      ok: invoices.issued.length === 0 || emailsRecorded >= invoices.issued.length,
    },
    {
      what: 'customer emails not SENT',
      value: await count("select count(*) as n from customer_emails where app_id = $1 and status <> 'SENT'", [
        stack.appId,
      ]),
      ok: false,
    },
    {
      what: 'emails SENT that never reached the mailbox',
      value: sent.rows.filter((row) => !row.smtp_message_id || !caughtIds.has(strip(row.smtp_message_id)))
        .length,
      ok: false,
    },
    {
      what: 'emails received twice (sent again after a crash before it was recorded)',
      value: [...caught.values()].filter((n) => n > 1).length,
      ok: true,
    },
  ];
}

async function verify(
  db: PgClient,
  temporal: Client,
  stack: ChaosStack,
  {
    driven,
    noSaleLost,
    invoices,
    approvals,
  }: {
    driven: DriverResult;
    noSaleLost: NoSaleLostResult;
    invoices: InvoiceDriverResult;
    approvals: ApproverResult;
  },
  receiver: ChaosReceiver,
): Promise<Check[]> {
  /** A count; `$1` is the run's app, `$2` (when given) a list of payments' references. */
  const one = async (sql: string, references?: string[]) =>
    Number((await db.query(sql, references ? [stack.appId, references] : [stack.appId])).rows[0]!.n);
  const statuses = await db.query<{ status: string; n: string }>(
    'select status, count(*) as n from payments where app_id = $1 group by status order by status',
    [stack.appId],
  );
  const byStatus = Object.fromEntries(statuses.rows.map((row) => [row.status, Number(row.n)]));
  const stuck = (byStatus.CREATED ?? 0) + (byStatus.PENDING ?? 0);
  const captured = (byStatus.SUCCEEDED ?? 0) + (byStatus.PARTIALLY_REFUNDED ?? 0) + (byStatus.REFUNDED ?? 0);
  const rows = Object.values(byStatus).reduce((a, b) => a + b, 0);

  const events = await db.query<{ id: string }>(
    "select id from events where app_id = $1 and delivery_status <> 'NO_ENDPOINT'",
    [stack.appId],
  );
  const neverReceived = events.rows.filter((event) => !receiver.deliveries.has(event.id)).length;
  const failed = await temporal.workflow.count('ExecutionStatus="Failed"');
  const gatewayMismatches = await gatewayRefundMismatches(db, stack);
  const ledger = await ledgerBreaches(stack.databaseUrl);
  const late = driven.lateCaptures;
  const paid = driven.paid + noSaleLost.paid.length + invoices.installmentsPaid;
  const lost = await salesLost(db, stack.appId, noSaleLost);
  for (const sale of lost) {
    say(`sale lost: ${sale.line}`);
    // What the run's stack knows of it, printed now: the stack and its stores end with the run.
    const story = await lostSaleStory(db, temporal, sale.reference).catch((error: unknown) => [
      `its story could not be read: ${String(error)}`,
    ]);
    for (const line of story) say(`  ${line}`);
  }

  return [
    { what: 'payments started (201)', value: driven.created.length, ok: driven.created.length > 0 },
    { what: 'creates given up by the client', value: driven.createsGivenUp, ok: true },
    {
      what: 'payments in the database',
      value: rows,
      ok: rows === driven.created.length + noSaleLost.created + invoices.paymentsCreated,
    },
    {
      what: 'final statuses',
      value: Object.entries(byStatus)
        .filter(([status]) => status !== 'CREATED' && status !== 'PENDING')
        .map(([status, n]) => `${status} ${n}`)
        .join(', '),
      ok: true,
    },
    { what: 'stuck (CREATED or PENDING)', value: stuck, ok: stuck === 0 },
    {
      what: 'paid at the gateway but not SUCCEEDED (or refunded since)',
      value: Math.max(0, paid - captured),
      ok: paid <= captured,
    },
    {
      what: 'no sale lost: paid through a failed capture or a forged return first',
      value: noSaleLost.paid.length,
      ok: noSaleLost.paid.length > 0,
    },
    { what: 'no sale lost: steps given up by the client', value: noSaleLost.stepsGivenUp, ok: true },
    { what: 'no sale lost: steps refused', value: noSaleLost.refused.length, ok: false },
    {
      what: 'no sale lost: not SUCCEEDED with 1 capture entry and 1 payment.succeeded',
      value: lost.length,
      ok: false,
    },
    {
      what: 'captured payments without exactly 1 capture entry',
      value: await one(`select count(*) as n from payments p where p.app_id = $1
          and p.status in ('SUCCEEDED', 'PARTIALLY_REFUNDED', 'REFUNDED')
          and (select count(*) from journal_entries j where j.source_type = 'payment' and j.source_id = p.reference
               and j.kind = 'CAPTURE') <> 1`),
      ok: false,
    },
    {
      what: 'captures on payments that did not succeed',
      value:
        await one(`select count(*) as n from journal_entries j join payments p on p.reference = j.source_id
          where p.app_id = $1 and j.kind = 'CAPTURE'
            and p.status not in ('SUCCEEDED', 'PARTIALLY_REFUNDED', 'REFUNDED')`),
      ok: false,
    },
    {
      what: 'final payments without their event',
      value: await one(`select count(*) as n from payments p where p.app_id = $1
          and p.status in ('SUCCEEDED', 'PARTIALLY_REFUNDED', 'REFUNDED', 'FAILED', 'CANCELLED', 'EXPIRED')
          and not exists (select 1 from events e where e.source_type = 'payment' and e.source_id = p.reference)`),
      ok: false,
    },
    {
      what: 'events without a delivery',
      value:
        await one(`select count(*) as n from events e where e.app_id = $1 and e.delivery_status <> 'NO_ENDPOINT'
          and not exists (select 1 from webhook_attempts a where a.event_id = e.id)`),
      ok: false,
    },
    { what: 'deliveries refused while the app was down (503)', value: receiver.refused, ok: true },
    { what: 'events the app never received', value: neverReceived, ok: neverReceived === 0 },
    {
      what: 'idempotency keys left in progress',
      value: await one(
        `select count(*) as n from idempotency_keys where app_id = $1 and state = 'IN_PROGRESS'`,
      ),
      ok: false,
    },
    {
      what: 'payments per Idempotency-Key above 1',
      value: await one(`select count(*) as n from (select idempotency_key from payments where app_id = $1
          and idempotency_key is not null group by idempotency_key having count(*) > 1) d`),
      ok: false,
    },
    {
      what: 'payments that entered a status twice',
      value: await one(`select count(*) as n from (select c.payment_id from payment_status_changes c
          join payments p on p.id = c.payment_id where p.app_id = $1
          group by c.payment_id, c.to_status having count(*) > 1) d`),
      ok: false,
    },
    {
      what: 'events recorded twice for one payment outcome',
      value: await one(`select count(*) as n from (select source_id, type from events where app_id = $1
          group by source_id, type having count(*) > 1) d`),
      ok: false,
    },
    { what: 'refunds taken (201)', value: driven.refundsTaken, ok: driven.refundsTaken > 0 },
    { what: 'refund steps given up by the client', value: driven.refundStepsGivenUp, ok: true },
    { what: 'refund repeats answering another refund', value: driven.refundReplaysDiffering, ok: false },
    {
      what: 'refunds not final (PENDING_APPROVAL or PROCESSING)',
      value: await one(`select count(*) as n from refunds where app_id = $1
          and status in ('PENDING_APPROVAL', 'PROCESSING')`),
      ok: false,
    },
    {
      what: 'refunds that waited for an approver',
      value: await one(
        `select count(*) as n from refunds where app_id = $1 and approval_expires_at is not null`,
      ),
      ok: true,
    },
    { what: "approvals the finance operator's API calls got (200)", value: approvals.approved, ok: true },
    {
      what: 'refunds that waited, carried out without one applied approval',
      value: await one(`select count(*) as n from refunds r where r.app_id = $1
          and r.approval_expires_at is not null and r.status in ('PROCESSING', 'SUCCEEDED')
          and (select count(*) from refund_decisions d where d.refund_id = r.id and d.stage = 'APPROVAL'
               and d.verdict = 'APPROVE' and d.status = 'APPLIED') <> 1`),
      ok: false,
    },
    {
      what: 'refunds FAILED (no gateway refused any)',
      value: await one(`select count(*) as n from refunds where app_id = $1 and status = 'FAILED'`),
      ok: false,
    },
    {
      what: 'refunds per Idempotency-Key above 1',
      value: await one(`select count(*) as n from (select idempotency_key from refunds where app_id = $1
          and idempotency_key is not null group by idempotency_key having count(*) > 1) d`),
      ok: false,
    },
    {
      what: 'succeeded refunds without exactly 1 ledger entry',
      value: await one(`select count(*) as n from refunds r where r.app_id = $1 and r.status = 'SUCCEEDED'
          and (select count(*) from journal_entries j where j.source_type = 'refund' and j.source_id = r.reference
               and j.kind in ('REFUND', 'UNAPPLIED_REFUND')) <> 1`),
      ok: false,
    },
    {
      what: "payments whose refundedMinor is not their refunds' sum",
      value: await one(`select count(*) as n from payments p where p.app_id = $1 and p.refunded_minor <>
          (select coalesce(sum(r.amount_minor), 0) from refunds r where r.payment_id = p.id
             and r.funds = 'CAPTURED' and r.status = 'SUCCEEDED')`),
      ok: false,
    },
    {
      what: 'payments whose status disagrees with refundedMinor',
      value: await one(`select count(*) as n from payments p where p.app_id = $1
          and p.status in ('SUCCEEDED', 'PARTIALLY_REFUNDED', 'REFUNDED')
          and p.status <> case when p.refunded_minor = 0 then 'SUCCEEDED'
                               when p.refunded_minor < p.amount_minor then 'PARTIALLY_REFUNDED'
                               else 'REFUNDED' end`),
      ok: false,
    },
    {
      what: 'payments refunded more than captured',
      value: await one(
        `select count(*) as n from payments where app_id = $1 and refunded_minor > amount_minor`,
      ),
      ok: false,
    },
    { what: 'late captures (paid after expiry)', value: late.length, ok: true },
    {
      what: 'late captures not parked and flagged',
      value: await one(
        `select count(*) as n from unnest($2::text[]) as late(reference)
          left join payments p on p.reference = late.reference and p.app_id = $1
         where p.id is null or p.status <> 'EXPIRED' or p.unapplied_minor <> p.amount_minor
            or p.attention_reason is null`,
        late,
      ),
      ok: false,
    },
    {
      what: 'late captures not refunded in full (LATE_CAPTURE)',
      value: await one(
        `select count(*) as n from payments p where p.app_id = $1 and p.reference = any($2::text[])
           and p.unapplied_minor <> (select coalesce(sum(r.amount_minor), 0) from refunds r
             where r.payment_id = p.id and r.funds = 'UNAPPLIED' and r.reason = 'LATE_CAPTURE'
               and r.status = 'SUCCEEDED')`,
        late,
      ),
      ok: false,
    },
    { what: 'payments whose gateway refunds differ from ours', value: gatewayMismatches, ok: false },
    ...(await invoiceAndEmailChecks(db, stack, invoices)),
    { what: 'ledger:verify breaches', value: ledger, ok: false },
    { what: 'failed workflows', value: failed.count, ok: failed.count === 0 },
    {
      what: 'unbalanced currencies in the ledger',
      value: await one(`select count(*) as n from (select j.currency from postings p join journal_entries j
          on j.id = p.entry_id where $1::bigint is not null group by j.currency having sum(p.amount_minor) <> 0) u`),
      ok: false,
    },
  ].map((check) =>
    check.ok === false && typeof check.value === 'number' ? { ...check, ok: check.value === 0 } : check,
  );
}

/**
 * The payments paid through a failed capture or a forged return first that did not end SUCCEEDED
 * with one capture and one `payment.succeeded`: each in words (gateway, case, reference, status).
 */
async function salesLost(
  db: PgClient,
  appId: number,
  noSaleLost: NoSaleLostResult,
): Promise<Array<{ reference: string; line: string }>> {
  const { rows } = await db.query<{ reference: string; status: string | null }>(
    `select saved.reference, p.status from unnest($2::text[]) as saved(reference)
       left join payments p on p.reference = saved.reference and p.app_id = $1
      where p.id is null or p.status <> 'SUCCEEDED'
         or (select count(*) from journal_entries j where j.source_type = 'payment'
              and j.source_id = p.reference and j.kind = 'CAPTURE') <> 1
         or (select count(*) from events e where e.source_type = 'payment'
              and e.source_id = p.reference and e.type = 'payment.succeeded') <> 1`,
    [appId, noSaleLost.paid.map((payment) => payment.reference)],
  );
  return rows.map((row) => {
    const sale = noSaleLost.paid.find((payment) => payment.reference === row.reference);
    return {
      reference: row.reference,
      line: `${sale?.gateway} ${sale?.case} ${row.reference}: ${row.status ?? 'missing'}`,
    };
  });
}

/**
 * A lost sale's story, for the report: its status changes, its stored callbacks with their checks
 * and verdicts, and its workflow's history (each event's type and time, and any failure's message).
 */
async function lostSaleStory(db: PgClient, temporal: Client, reference: string): Promise<string[]> {
  const lines: string[] = [];
  const changes = await db.query<Record<string, unknown>>(
    `select c.* from payment_status_changes c join payments p on p.id = c.payment_id
      where p.reference = $1 order by c.id`,
    [reference],
  );
  for (const row of changes.rows) lines.push(`status change ${JSON.stringify(row)}`);
  const callbacks = await db.query<Record<string, unknown>>(
    'select * from gateway_callbacks where reference = $1 order by id',
    [reference],
  );
  for (const { payload: _payload, ...row } of callbacks.rows) lines.push(`callback ${JSON.stringify(row)}`);
  try {
    const history = await temporal.workflow.getHandle(`payment-${reference}`).fetchHistory();
    for (const event of history.events ?? []) {
      const failure =
        event.activityTaskFailedEventAttributes?.failure?.message ??
        event.markerRecordedEventAttributes?.failure?.message ??
        event.workflowTaskFailedEventAttributes?.failure?.message;
      const time = event.eventTime?.seconds
        ? new Date(Number(event.eventTime.seconds) * 1000).toISOString()
        : '';
      lines.push(
        `history ${String(event.eventId)} ${time} ${protos.api.enums.v1.EventType[event.eventType ?? 0] ?? String(event.eventType)}${failure ? `: ${failure}` : ''}`,
      );
    }
  } catch (error) {
    lines.push(`history unavailable: ${String(error)}`);
  }
  return lines;
}

/**
 * Payments with refunds whose money refunded at the gateway (the simulator's own books) differs
 * from the refunds recorded SUCCEEDED here: a refund sent twice, or one never recorded.
 */
async function gatewayRefundMismatches(db: PgClient, stack: ChaosStack): Promise<number> {
  const { rows } = await db.query<{ reference: string; refunded: string }>(
    `select p.reference, coalesce(sum(r.amount_minor) filter (where r.status = 'SUCCEEDED'), 0) as refunded
       from payments p join refunds r on r.payment_id = p.id where p.app_id = $1 group by p.reference`,
    [stack.appId],
  );
  let mismatches = 0;
  for (const row of rows) {
    const response = await fetch(`${stack.simulatorUrl}/__simulator/sessions/by-tran-id/${row.reference}`);
    const session = (await response.json()) as { transaction?: { refundedMinor: number } };
    if (session.transaction?.refundedMinor !== Number(row.refunded)) mismatches += 1;
  }
  return mismatches;
}

/** The ledger's own audit (`ledger:verify`) over everything the run wrote: the number of breaches. */
async function ledgerBreaches(databaseUrl: string): Promise<number> {
  const orm = await createOrm({ databaseUrl, poolMax: 2 });
  try {
    const results = await verifyLedger(orm.em.fork() as EntityManager);
    return results.reduce((sum, check) => sum + check.breaches.length, 0);
  } finally {
    await orm.close();
  }
}

function printTable(checks: Check[]): void {
  const width = Math.max(...checks.map((c) => c.what.length));
  console.log('');
  console.log(`${'check'.padEnd(width)}  ${'value'.padStart(8)}  result`);
  console.log(`${'-'.repeat(width)}  --------  ------`);
  for (const check of checks) {
    console.log(
      `${check.what.padEnd(width)}  ${String(check.value).padStart(8)}  ${check.ok ? 'ok' : 'BREACH'}`,
    );
  }
}

/**
 * `CHAOS_ONLY=payout-batch npm run chaos`: the payout batch scenario alone on the stack, checked
 * with the ledger's audit and the workflows that failed; resolves to the exit code.
 */
async function payoutBatchAlone(stack: ChaosStack, options: Options): Promise<number> {
  if (options.payoutBatchLines <= 0)
    throw new Error('CHAOS_ONLY=payout-batch with CHAOS_PAYOUT_BATCH_LINES=0 runs nothing');
  const result = await payoutBatchWhileWorkersDie(
    stack,
    options.payoutBatchLines,
    { timeoutS: options.quietTimeoutS, crash },
    say,
  );
  const connection = await Connection.connect({ address: stack.temporalAddress });
  try {
    const failed = await new Client({ connection }).workflow.count('ExecutionStatus="Failed"');
    const ledger = await ledgerBreaches(stack.databaseUrl);
    const checks: Check[] = [
      ...payoutBatchChecks(result),
      { what: 'ledger:verify breaches', value: ledger, ok: ledger === 0 },
      { what: 'failed workflows', value: failed.count, ok: failed.count === 0 },
    ];
    printTable(checks);
    const breaches = checks.filter((check) => !check.ok).length;
    console.log(breaches ? `\n${breaches} breach(es)` : '\nno breaches');
    return breaches ? 1 : 0;
  } finally {
    await connection.close().catch(() => undefined);
  }
}

/** `npm run chaos`: resolves to the exit code (1 on any breach). */
export async function runChaos(): Promise<number> {
  const options = readChaosOptions();
  const receiver = new ChaosReceiver();
  await receiver.listen();
  const logDir = path.join(ROOT, 'bench-results', 'chaos-logs');
  say(`starting a private stack (logs in ${path.relative(ROOT, logDir)})`);
  say(`${options.apiProcesses} api process(es), ${options.workers} worker(s)`);
  const stack = await startChaosStack(receiver, logDir, options);
  // Interrupted, the run still stops everything it started: its processes live in groups of their own.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      say(`${signal}: stopping the stack`);
      void stack.teardown().finally(() => process.exit(130));
    });
  }
  let db: PgClient | null = null;
  let connection: Connection | null = null;
  try {
    if (options.only === 'payout-batch') return await payoutBatchAlone(stack, options);
    // Refunds report processing for a while before the bank moves the money: their workflows
    // follow them across the crashes.
    await fetch(`${stack.simulatorUrl}/__simulator/faults`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ faults: { refundSettlesAfterMs: 20_000 } }),
    });
    // Larger refunds wait for a finance operator, who approves them through the faults.
    const approver = new ChaosApprover({
      apiUrl: stack.apiUrl,
      appId: stack.appId,
      ...stack.approver,
      thresholdMinor: APPROVAL_THRESHOLD_MINOR,
      log: say,
    });
    await approver.setPolicy();
    approver.start();
    say(
      `refunds above ${APPROVAL_THRESHOLD_MINOR / 100} BDT wait for ${stack.approver.email} to approve them`,
    );
    say(`driving ${options.payments} payments, ${options.concurrency} at a time, while the faults run`);
    say(
      `and on every gateway, ${options.noSaleLostPerCase} payment(s) each whose capture fails once ` +
        'or whose forged return comes first',
    );
    // PostgreSQL is crashed meanwhile: each question opens a connection of its own.
    const callbacksJudged = async (reference: string, count: number) => {
      const client = new PgClient({ connectionString: stack.databaseUrl });
      try {
        await client.connect();
        const { rows } = await client.query<{ n: string }>(
          'select count(*) as n from gateway_callbacks where reference = $1 and outcome is not null',
          [reference],
        );
        return Number(rows[0]!.n) >= count;
      } catch {
        return false;
      } finally {
        await client.end().catch(() => undefined);
      }
    };
    const [driven, noSaleLost, invoices] = await Promise.all([
      drivePayments({
        apiUrl: stack.apiUrl,
        simulatorUrl: stack.simulatorUrl,
        credentials: stack.credentials,
        payments: options.payments,
        concurrency: options.concurrency,
        expiryMinutes: options.expiryMinutes,
        abandonShare: 0.1,
        lateShare: 0.5,
        refundShare: 0.3,
        stepPatienceMs: 180_000,
      }),
      driveNoSaleLost({
        apiUrl: stack.apiUrl,
        sslcommerzUrl: stack.simulatorUrl,
        gatewaysUrl: stack.gatewaysUrl,
        credentials: stack.credentials,
        perCase: options.noSaleLostPerCase,
        expiryMinutes: options.expiryMinutes,
        stepPatienceMs: 180_000,
        callbacksJudged,
      }),
      driveInvoices({
        apiUrl: stack.apiUrl,
        simulatorUrl: stack.simulatorUrl,
        credentials: stack.credentials,
        invoices: options.invoices,
        concurrency: 2,
        stepPatienceMs: 180_000,
      }),
      runFaults(stack, receiver, options),
    ]);
    say(
      `invoices: ${invoices.issued.length} issued, ${invoices.installmentsPaid} installments paid, ` +
        `${invoices.paidInFull.length} paid in full, ${invoices.givenUp} given up by the client`,
    );
    say(
      `driven: ${driven.created.length} created, ${driven.paid} paid, ${driven.abandoned} abandoned ` +
        `(${driven.lateCaptures.length} paid after expiry), ${driven.refundsTaken} refunds taken`,
    );
    say(`no sale lost: ${noSaleLost.paid.length} paid through a failed capture or a forged return first`);
    for (const refusal of noSaleLost.refused) say(`no sale lost, refused: ${refusal}`);
    db = new PgClient({ connectionString: stack.databaseUrl });
    await db.connect();
    const quiet = await waitForQuiet(db, stack.appId, options.quietTimeoutS);
    const approvals = await approver.stop();
    say(
      `approver: ${approvals.approved} approved, ${approvals.settledElsewhere} decided already, ` +
        `${approvals.signIns} sign-in(s), ${approvals.stepUps} step-up(s), ${approvals.unanswered} calls unanswered`,
    );
    say(
      quiet
        ? 'quiet: every payment and refund final, every late capture refunded, every event delivered'
        : 'gave up waiting for quiet',
    );
    // The scenarios below kill PostgreSQL: an idle connection held through them would die with an
    // error nobody listens for. The checks read on a connection of their own afterwards.
    await db.end();
    db = null;
    // Once the payments are quiet: a settlement day of its own, its workers killed while it posts.
    const settlement =
      options.settlementLines > 0
        ? await settlementWhileWorkersDie(stack, options.settlementLines, say)
        : null;
    // Then a payout batch paid out while a worker and PostgreSQL die.
    const payoutBatch =
      options.payoutBatchLines > 0
        ? await payoutBatchWhileWorkersDie(
            stack,
            options.payoutBatchLines,
            { timeoutS: options.quietTimeoutS, crash },
            say,
          )
        : null;
    connection = await Connection.connect({ address: stack.temporalAddress });
    db = new PgClient({ connectionString: stack.databaseUrl });
    await db.connect();
    const checks = [
      ...(await verify(
        db,
        new Client({ connection }),
        stack,
        { driven, noSaleLost, invoices, approvals },
        receiver,
      )),
      ...(settlement ? settlementChecks(settlement) : []).map((check) =>
        check.ok === false && typeof check.value === 'number' ? { ...check, ok: check.value === 0 } : check,
      ),
      ...(payoutBatch ? payoutBatchChecks(payoutBatch) : []),
    ];
    printTable(checks);
    const breaches = checks.filter((check) => !check.ok).length;
    console.log(breaches ? `\n${breaches} breach(es)` : '\nno breaches');
    return breaches ? 1 : 0;
  } finally {
    await db?.end().catch(() => undefined);
    await connection?.close().catch(() => undefined);
    await stack.teardown();
    await receiver.close();
  }
}
