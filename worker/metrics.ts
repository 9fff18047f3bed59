import { timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import type { Logger } from 'pino';
import { Counter, Registry, collectDefaultMetrics } from 'prom-client';

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

export interface WorkerMetricsServer {
  port: number;
  /** The bearer token a scrape must present; null leaves it open (the development stack only). */
  token: string | null;
  /** The SDK's Prometheus endpoint: task latencies, slots, sticky cache, schedule-to-start, polls. */
  coreUrl: string;
  metrics: WorkerMetrics;
  logger: Pick<Logger, 'warn'>;
  host?: string;
}

/**
 * `GET /metrics` on the worker: the Temporal SDK's metrics and the worker's own in one
 * exposition, to the bearer of METRICS_TOKEN as on the API. A port already taken (another worker
 * on the same host) costs the metrics, never the worker.
 */
export async function serveWorkerMetrics(options: WorkerMetricsServer): Promise<Server | null> {
  const server = createServer((req, res) => {
    void (async () => {
      if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
        res.writeHead(404).end();
        return;
      }
      if (options.token !== null) {
        const presented = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
        if (!sameToken(presented, options.token)) {
          res.writeHead(401, { 'WWW-Authenticate': 'Bearer realm="metrics"' }).end();
          return;
        }
      }
      const core = await fetch(options.coreUrl)
        .then((response) => (response.ok ? response.text() : ''))
        .catch(() => '');
      const own = await options.metrics.registry.metrics();
      res.writeHead(200, { 'content-type': options.metrics.registry.contentType }).end(`${core}\n${own}`);
    })().catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  return new Promise((resolve) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      options.logger.warn({ err: error, port: options.port }, 'worker metrics not served');
      resolve(null);
    });
    server.listen(options.port, options.host, () => resolve(server));
  });
}
