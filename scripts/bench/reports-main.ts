import { performance } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { EntityManager } from '@mikro-orm/postgresql';
import pg from 'pg';
import { produceReportRun } from '../../activities/reports/produce-report.js';
import { reportFile, reportRows } from '../../activities/reports/report-files.js';
import { paymentRecord } from '../../activities/reports/report-records.js';
import { paymentBatches } from '../../db/ledger/export-batches.js';
import { systemActor } from '../../db/operators/audit.js';
import { reportRunContent } from '../../db/reports/report-runs.js';
import { addDays } from '../../domain/reports/report-schedules.js';
import { instantInZone } from '../../domain/shared/company-day.js';
import { CSV_BOM, csvRecord, csvRecords } from '../../domain/shared/csv.js';
import { createOrm, migrate } from '../../platform/orm/orm.js';

/**
 * `npm run bench:reports`: what a report run costs beside what the dashboard's CSV export of the
 * same rows costs, in the same run on the same database. BENCH_REPORT_ROWS payments (20,000 by
 * default) of one day are written straight into a fresh database; then, each measured
 * BENCH_REPORT_ROUNDS times (3), the median:
 *
 * - baseline: the payments CSV export streamed to nowhere (what /admin/exports/payments.csv does);
 * - a report run: the same rows read, written as CSV and stored with the run (produceReportRun);
 * - the run's XLSX, made from the stored rows; the run's rows read back for the JSON API.
 *
 * Prints one line per row with the time, rows per second and the heap it grew by, and the run's
 * cost as a multiple of the baseline.
 */

const ROWS = Number(process.env.BENCH_REPORT_ROWS ?? 20_000);
const ROUNDS = Number(process.env.BENCH_REPORT_ROUNDS ?? 3);
const ADMIN_URL = process.env.BENCH_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DATABASE = 'oi_bench_reports';
const ZONE = 'Asia/Dhaka';
const DAY = '2026-11-16';

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function measure(what: string, run: () => Promise<unknown>) {
  const times: number[] = [];
  const heaps: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    const startedAt = performance.now();
    await run();
    times.push(performance.now() - startedAt);
    heaps.push(process.memoryUsage().heapUsed - heapBefore);
  }
  const ms = median(times);
  const row = {
    what,
    ms: Math.round(ms),
    rowsPerS: Math.round(ROWS / (ms / 1000)),
    heapMb: +(median(heaps) / 2 ** 20).toFixed(1),
  };
  console.log(
    `${what.padEnd(44)} ${String(row.ms).padStart(7)} ms ${String(row.rowsPerS).padStart(9)} rows/s  heap +${row.heapMb} MB`,
  );
  return row;
}

async function main(): Promise<void> {
  await admin(`drop database if exists ${DATABASE} with (force)`);
  await admin(`create database ${DATABASE}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${DATABASE}`;
  const orm = await createOrm({ databaseUrl: url.toString(), poolMax: 4 });
  try {
    await migrate(orm);
    const em = () => orm.em.fork() as EntityManager;
    const [app] = await em().execute<Array<{ id: string }>>(
      "insert into apps (name, display_name) values ('bench-reports', 'Bench reports') returning id",
    );
    const noon = instantInZone(DAY, '12:00', ZONE);
    await em().execute(
      `insert into payments (reference, app_id, mode, status, amount_minor, currency, customer_reference, expires_at,
         created_at, gateway, gateway_transaction_id, order_id, customer_name, product_name)
       select 'pay_' || lpad(i::text, 20, '0'), ?, 'TEST', 'SUCCEEDED', 1000 + i, 'BDT', 'cust_' || i, ?,
              ?::timestamptz + (i || ' milliseconds')::interval, 'sslcommerz', 'TXN' || i, 'ORD-' || i,
              'Customer ' || i, 'Plan'
       from generate_series(1, ?) as i`,
      [app!.id, noon, noon, ROWS],
    );
    console.log(`${ROWS} payments of ${DAY}; median of ${ROUNDS} rounds each (Node ${process.version})`);
    const period = {
      from: instantInZone(DAY, '00:00', ZONE),
      to: instantInZone(addDays(DAY, 1), '00:00', ZONE),
    };

    const baseline = await measure('baseline: payments CSV export, streamed', async () => {
      async function* chunks() {
        yield CSV_BOM + csvRecord(['x']);
        for await (const batch of paymentBatches(em(), { mode: 'TEST', ...period }))
          yield csvRecords(batch.map(paymentRecord));
      }
      await pipeline(Readable.from(chunks()), new Writable({ write: (_c, _e, done) => done() }));
    });
    let runId = 0;
    let key = 0;
    const run = await measure('report run: read, CSV, stored', async () => {
      const { run: made } = await produceReportRun(
        em(),
        ZONE,
        {
          type: 'payments',
          format: 'xlsx',
          mode: 'TEST',
          appId: Number(app!.id),
          from: DAY,
          to: DAY,
          filters: {},
          scheduleId: null,
          idempotencyKey: `bench-${key++}`,
          deliveryStatus: 'NONE',
        },
        systemActor('bench'),
        new Date(),
      );
      runId = made.id;
    });
    const content = (await reportRunContent(em(), runId))!;
    const xlsx = await measure("the run's XLSX, from its stored rows", async () =>
      reportFile(
        {
          type: 'payments',
          mode: 'TEST',
          from: DAY,
          to: DAY,
          appId: 1,
          createdAt: new Date(`${DAY}T12:00:00Z`),
        },
        content,
        'xlsx',
      ),
    );
    const rows = await measure("the run's rows, read back for the API", async () => reportRows(content));
    console.log(
      `stored CSV ${(content.length / 2 ** 20).toFixed(1)} MB; a run costs ${(run.ms / baseline.ms).toFixed(2)}× the export (XLSX ${(xlsx.ms / baseline.ms).toFixed(2)}×, rows ${(rows.ms / baseline.ms).toFixed(2)}×)`,
    );
  } finally {
    await orm.close(true);
    await admin(`drop database if exists ${DATABASE} with (force)`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
