import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics served at /metrics; one set per app instance. */
export function createMetrics(query: <T>(sql: string) => Promise<T[]>) {
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

  const callbacksReceived = new Counter({
    name: 'gateway_callbacks_total',
    help: 'Gateway callbacks received, by whether their signature passed the first check',
    labelNames: ['gateway', 'kind', 'signature'],
    registers: [registry],
  });

  // Business gauges are read from PostgreSQL at scrape time, so they are right whichever API or
  // worker instance made the change.
  new Gauge({
    name: 'payments',
    help: 'Payments by mode and status',
    labelNames: ['mode', 'status'],
    registers: [registry],
    async collect() {
      this.reset();
      const rows = await query<{ mode: string; status: string; count: string }>(
        'select mode, status, count(*) as count from payments group by mode, status',
      );
      for (const row of rows) this.set({ mode: row.mode, status: row.status }, Number(row.count));
    },
  });

  new Gauge({
    name: 'webhook_events',
    help: 'Webhook events by delivery outcome',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      this.reset();
      const rows = await query<{ delivery_status: string; count: string }>(
        'select delivery_status, count(*) as count from events group by delivery_status',
      );
      for (const row of rows) this.set({ status: row.delivery_status }, Number(row.count));
    },
  });

  return { registry, httpDuration, paymentsCreated, callbacksReceived };
}

export type Metrics = ReturnType<typeof createMetrics>;
