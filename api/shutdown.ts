import type { Server } from 'node:http';
import type { Logger } from 'pino';
import type { Config } from '../platform/config/index.js';
import { closeGracefully } from '../platform/http/graceful-close.js';
import type { Readiness } from '../platform/health/readiness.js';
import type { EventStreamHub } from './webhooks/event-stream-hub.js';

/**
 * At SIGTERM (or SIGINT): readiness answers `draining` at once, event streams end (their clients
 * resume elsewhere), the server keeps taking connections for SHUTDOWN_DRAIN_DELAY_SECONDS, then
 * lets the requests in flight finish within SHUTDOWN_GRACE_SECONDS; `release` closes the rest
 * (request log, database, Temporal) and the process exits 0.
 */
export function drainOnSignals(parts: {
  server: Server;
  readiness: Readiness;
  eventStreams: EventStreamHub;
  config: Pick<Config, 'SHUTDOWN_GRACE_SECONDS' | 'SHUTDOWN_DRAIN_DELAY_SECONDS'>;
  logger: Pick<Logger, 'info' | 'warn'>;
  release: () => Promise<unknown>;
}): void {
  const stop = (signal: NodeJS.Signals) => {
    const { config, logger } = parts;
    logger.info(
      {
        signal,
        graceSeconds: config.SHUTDOWN_GRACE_SECONDS,
        drainDelaySeconds: config.SHUTDOWN_DRAIN_DELAY_SECONDS,
      },
      'api draining',
    );
    parts.readiness.drain();
    parts.eventStreams.closeAll();
    void closeGracefully(parts.server, {
      drainDelayMs: config.SHUTDOWN_DRAIN_DELAY_SECONDS * 1000,
      graceMs: config.SHUTDOWN_GRACE_SECONDS * 1000,
    })
      .then((cut) => {
        if (cut > 0) logger.warn({ connections: cut }, 'grace period over: connections still open were cut');
        logger.info('api stopped taking requests');
        return parts.release();
      })
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.warn({ err: error }, 'api stopped with an error while closing');
          process.exit(1);
        },
      );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
