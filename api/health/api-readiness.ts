import type { Logger } from 'pino';
import type { Orm } from '../../platform/orm/orm.js';
import {
  postgresqlCheck,
  temporalCheck,
  type TemporalConnection,
} from '../../platform/health/dependencies.js';
import { createReadiness, type Readiness } from '../../platform/health/readiness.js';
import { logReadinessChanges } from '../../platform/health/readiness-log.js';

/** The API is ready when PostgreSQL and Temporal both answer: every write needs the two. */
export function apiReadiness(deps: {
  orm: Orm;
  temporal: TemporalConnection;
  timeoutMs: number;
  logger?: Pick<Logger, 'info' | 'warn'>;
}): Readiness {
  return createReadiness({
    dependencies: { postgresql: postgresqlCheck(deps.orm), temporal: temporalCheck(deps.temporal) },
    timeoutMs: deps.timeoutMs,
    onChange: deps.logger && logReadinessChanges(deps.logger),
  });
}
