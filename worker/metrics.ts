import { timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import type { Logger } from 'pino';
import { Counter, Registry, collectDefaultMetrics } from 'prom-client';
import { EPHEMERAL_PORT } from '../platform/config/setting-types.js';
import type { Readiness } from '../platform/health/readiness.js';
import { listeningPort, reportListeningPort } from '../platform/http/listening-port.js';
import { answerProbe, WORKER_PROBE_PATHS } from './probe-answers.js';

/** The worker's own metrics, beside the Temporal SDK's (which its core serves on a private port). */
export interface WorkerMetrics {
  registry: Registry;
  /** One per webhook delivery attempt, by what the endpoint's answer meant. */
  webhookAttempts: Counter<'outcome'>;
}

export function createWorkerMetrics(): WorkerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'oi_worker_' });
  return {
    registry,
    webhookAttempts: new Counter({
      name: 'oi_webhook_attempts_total',
      help: 'Webhook delivery attempts by outcome: DELIVERED (2xx), RETRY (anything else, retried), GONE (410, or an endpoint switched off)',
      labelNames: ['outcome'],
      registers: [registry],
    }),
  };
}

/** A free port on 127.0.0.1, for the SDK's own Prometheus endpoint, which only this process reads. */
export function freeLocalPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createNetServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function sameToken(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * The port WORKER_METRICS_PORT asks the worker to listen on: null when it is 0 (not served), 0
 * for `ephemeral` (the kernel picks one, and the worker names it).
 */
export function workerMetricsListenPort(setting: number | typeof EPHEMERAL_PORT): number | null {
  if (setting === EPHEMERAL_PORT) return 0;
  return setting > 0 ? setting : null;
}

export interface WorkerMetricsServer {
  /** 0: a port the kernel picks, logged and written to `portFile`. */
  port: number;
  /** LISTEN_PORT_FILE: where the port it listens on is written once it does. */
  portFile?: string;
  /**
   * What /metrics serves and to whom: the bearer of `token`, or anyone when null (the development
   * stack only). Null: /metrics is not served (no METRICS_TOKEN), the probes still are.
   */
  metrics: {
    token: string | null;
    /** The SDK's Prometheus endpoint: task latencies, slots, sticky cache, schedule-to-start, polls. */
    coreUrl: string;
    own: WorkerMetrics;
  } | null;
  /** What /health/ready answers from (worker/worker-readiness.ts). */
  readiness: Readiness;
  logger: Pick<Logger, 'warn' | 'info'>;
  host?: string;
}

/**
 * The worker's port: its probes (/health/live, /health/ready) to anyone, as an orchestrator asks
 * them, and `GET /metrics` — the Temporal SDK's metrics and the worker's own in one exposition —
 * to the bearer of METRICS_TOKEN as on the API. A port already taken (another worker on the same
 * host) costs the probes and metrics, never the worker.
 */
export async function serveWorkerMetrics(options: WorkerMetricsServer): Promise<Server | null> {
  const server = createServer((req, res) => {
    void (async () => {
      const path = (req.url ?? '').split('?')[0]!;
      if (req.method === 'GET' && WORKER_PROBE_PATHS.has(path)) {
        await answerProbe(path, res, options.readiness);
        return;
      }
      const metrics = options.metrics;
      if (req.method !== 'GET' || path !== '/metrics' || !metrics) {
        res.writeHead(404).end();
        return;
      }
      if (metrics.token !== null) {
        const presented = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
        if (!sameToken(presented, metrics.token)) {
          res.writeHead(401, { 'WWW-Authenticate': 'Bearer realm="metrics"' }).end();
          return;
        }
      }
      const core = await fetch(metrics.coreUrl)
        .then((response) => (response.ok ? response.text() : ''))
        .catch(() => '');
      const own = await metrics.own.registry.metrics();
      res.writeHead(200, { 'content-type': metrics.own.registry.contentType }).end(`${core}\n${own}`);
    })().catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      options.logger.warn({ err: error, port: options.port }, 'worker probes and metrics not served');
      resolve(null);
    });
    server.listen(options.port, options.host, () => {
      const port = listeningPort(server);
      options.logger.info({ port }, 'worker probes and metrics listening');
      try {
        reportListeningPort(options.portFile, port);
        resolve(server);
      } catch (error) {
        server.close();
        reject(error as Error);
      }
    });
  });
}
