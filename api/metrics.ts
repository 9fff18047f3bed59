import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { KEY_REQUEST_KINDS } from '../domain/apps/key-requests.js';
import type { LedgerVerifyRun } from '../db/ledger/ledger-verify-runs.js';

/** How long a scrape-time database count is reused: a flood of scrapes costs one query per period. */
export const GAUGE_CACHE_MS = 15_000;

/** HTTP methods a label may name; anything else is counted as OTHER, so labels stay few. */
const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
export const methodLabel = (method: string) => (KNOWN_METHODS.has(method) ? method : 'OTHER');

function cached<T>(read: () => Promise<T[]>, now: () => number, periodMs = GAUGE_CACHE_MS) {
  let last: { at: number; rows: Promise<T[]> } | null = null;
  return () => {
    if (!last || now() - last.at > periodMs) {
      const rows = read();
      last = { at: now(), rows };
      // A failed read is not kept: the next scrape tries again.
      rows.catch(() => {
        last = null;
      });
    }
    return last.rows;
  };
}

/** `cached` for a read of one value: a flood of scrapes costs one query per period. */
function cachedOne<T>(read: () => Promise<T>, now: () => number) {
  const rows = cached(async () => [await read()], now);
  return async () => (await rows())[0]!;
}

/** Prometheus metrics served at /metrics; one set per app instance. */
export function createMetrics(
  query: <T>(sql: string) => Promise<T[]>,
  latestLedgerRun: () => Promise<LedgerVerifyRun | null>,
  now: () => number = Date.now,
) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  const httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });

  const paymentsCreated = new Counter({
    name: 'payments_created_total',
    help: 'Payments created',
    labelNames: ['mode', 'gateway'],
    registers: [registry],
  });

  const refundRatioAlarms = new Counter({
    name: 'refund_ratio_alarms_total',
    help: "Apps' days whose refunds went over their alarm threshold of the day's sales (raised once a day)",
    labelNames: ['app_id', 'mode'],
    registers: [registry],
  });

  const callbacksReceived = new Counter({
    name: 'gateway_callbacks_total',
    help: 'Gateway callbacks received, by whether their signature passed the first check',
    labelNames: ['gateway', 'kind', 'signature'],
    registers: [registry],
  });

  const callbacksForNoPayment = new Counter({
    name: 'gateway_callbacks_for_no_payment_total',
    help: 'Gateway callbacks and browser returns naming no payment of ours (or one on another gateway): counted, never stored',
    labelNames: ['gateway', 'kind'],
    registers: [registry],
  });

  const authenticationRefused = new Counter({
    name: 'api_authentication_refused_total',
    help: 'App API requests refused at authentication, by error code and, when the key is one of ours, its app',
    labelNames: ['code', 'app_id'],
    registers: [registry],
  });

  const liveMoneyKeysIssued = new Counter({
    name: 'live_money_keys_issued_total',
    help: 'LIVE keys that may move money (refunds or payouts scope, or an app LIVE pair) collected after a money role approved them',
    labelNames: ['kind'],
    registers: [registry],
  });
  // Both series exist from the start at 0: increase() then sees the first key issued, which it
  // could not were the series born at 1 (the app and the key are in the audit entry).
  for (const kind of KEY_REQUEST_KINDS) liveMoneyKeysIssued.inc({ kind }, 0);

  const requestLogDropped = new Counter({
    name: 'request_log_dropped_total',
    help: 'Request log entries lost: dropped from a full buffer, or in a batch the database refused',
    registers: [registry],
  });

  // Business gauges are read from PostgreSQL at scrape time, so they are right whichever API or
  // worker instance made the change; the counts are reused for a few seconds.
  const paymentCounts = cached<{ mode: string; status: string; count: string }>(
    () => query('select mode, status, count(*) as count from payments group by mode, status'),
    now,
  );
  const eventCounts = cached<{ delivery_status: string; count: string }>(
    () => query('select delivery_status, count(*) as count from events group by delivery_status'),
    now,
  );
  const attentionCounts = cached<{ mode: string; count: string }>(
    () =>
      query(`select mode, count(*) as count from payments
      where attention_reason is not null and attention_resolved_at is null group by mode`),
    now,
  );
  new Gauge({
    name: 'attention_open',
    help: 'Flagged payments waiting for an operator (parked money, mismatches), by mode',
    labelNames: ['mode'],
    registers: [registry],
    async collect() {
      const rows = await attentionCounts();
      this.reset();
      for (const row of rows) this.set({ mode: row.mode }, Number(row.count));
    },
  });

  new Gauge({
    name: 'payments',
    help: 'Payments by mode and status',
    labelNames: ['mode', 'status'],
    registers: [registry],
    async collect() {
      const rows = await paymentCounts();
      this.reset();
      for (const row of rows) this.set({ mode: row.mode, status: row.status }, Number(row.count));
    },
  });

  new Gauge({
    name: 'webhook_events',
    help: 'Webhook events by delivery outcome',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      const rows = await eventCounts();
      this.reset();
      for (const row of rows) this.set({ status: row.delivery_status }, Number(row.count));
    },
  });

  // The scheduled run's findings (workflows/ledger/ledger-verify.ts): every API process reads the
  // latest row, none runs the checks. Breaches per check, 0 for a check that passes: an alert
  // needs the series before it breaks.
  const ledgerRun = cachedOne(latestLedgerRun, now);
  new Gauge({
    name: 'ledger_verify_breaches',
    help: 'Rows breaking each ledger:verify rule (a sample of at most 20 counted) in the latest scheduled run',
    labelNames: ['check'],
    registers: [registry],
    async collect() {
      // No run yet, or the database away: no series, never a failed scrape.
      const run = await ledgerRun().catch(() => null);
      this.reset();
      for (const check of run?.checks ?? []) this.set({ check: check.name }, check.breaches);
    },
  });
  new Gauge({
    name: 'ledger_verify_last_run_timestamp_seconds',
    help: 'When the latest scheduled run of the ledger checks finished (Unix seconds; 0 before the first)',
    registers: [registry],
    async collect() {
      const run = await ledgerRun().catch(() => null);
      this.reset();
      if (run) this.set(run.finishedAt.getTime() / 1000);
    },
  });

  return {
    registry,
    httpDuration,
    paymentsCreated,
    refundRatioAlarms,
    callbacksReceived,
    callbacksForNoPayment,
    authenticationRefused,
    requestLogDropped,
    liveMoneyKeysIssued,
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
