import type { Logger } from 'pino';
import { failedChecks, type ReadinessReport } from './readiness.js';

/**
 * A log line when readiness changes (not on every probe): warn with the failed checks when the
 * process stops being ready, info when it is ready again.
 */
export const logReadinessChanges =
  (logger: Pick<Logger, 'info' | 'warn'>) =>
  (report: ReadinessReport): void => {
    if (report.status === 'ready') logger.info('ready');
    else if (report.status === 'draining') logger.info('draining: no longer ready');
    else logger.warn({ failed: failedChecks(report) }, 'not ready');
  };
