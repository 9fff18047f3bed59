import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics served at /metrics. */
export const registry = new Registry();
collectDefaultMetrics({ register: registry });

export const httpDuration = new Histogram({
  name: 'http_request_duration_seconds',
  help: 'HTTP request latency',
  labelNames: ['method', 'route', 'status'],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  registers: [registry],
});

export const paymentsCreated = new Counter({
  name: 'payments_created_total',
  help: 'Payments created',
  labelNames: ['mode', 'gateway'],
  registers: [registry],
});

export const callbacksReceived = new Counter({
  name: 'gateway_callbacks_total',
  help: 'Gateway callbacks received, by whether their signature passed the first check',
  labelNames: ['gateway', 'kind', 'signature'],
  registers: [registry],
});
