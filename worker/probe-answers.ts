import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { ERROR_CATALOGUE } from '../domain/shared/errors.js';
import { notReadyDetails, notReadyMessage, type Readiness } from '../platform/health/readiness.js';

/** The worker's probe paths, answered without credentials (its /metrics keeps METRICS_TOKEN). */
export const WORKER_PROBE_PATHS = new Set(['/health', '/health/live', '/health/ready']);

/** The API's envelope, so one parser reads the API's probes and the worker's. */
function send(res: ServerResponse, status: number, data: unknown, error?: Record<string, unknown>): void {
  const meta = { success: !error, timestamp: new Date().toISOString(), requestId: `req_${randomUUID()}` };
  res
    .writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' })
    .end(JSON.stringify({ data: error ? null : data, meta: { ...meta, ...error } }));
}

/** Liveness from the process alone; readiness from the worker's state and its dependencies. */
export async function answerProbe(path: string, res: ServerResponse, readiness: Readiness): Promise<void> {
  if (path !== '/health/ready') return send(res, 200, { status: 'ok' });
  const report = await readiness.report();
  if (report.status === 'ready') return send(res, 200, { status: 'ready', checks: report.checks });
  send(res, ERROR_CATALOGUE.NOT_READY.status, null, {
    errorCode: 'NOT_READY',
    message: notReadyMessage(report),
    details: notReadyDetails(report),
  });
}
