import type { Orm } from '../orm/orm.js';
import type { DependencyCheck } from './dependency-check.js';

/** The pool's own connection answers `select 1`: no new connection per probe. */
export const postgresqlCheck =
  (orm: Orm): DependencyCheck =>
  () =>
    orm.em.getConnection().execute('select 1');

/** What both the client's Connection and the worker's NativeConnection offer. */
export interface TemporalConnection {
  workflowService: { getSystemInfo(request: object): Promise<unknown> };
  withDeadline<T>(deadline: number | Date, fn: () => Promise<T>): Promise<T>;
}

/**
 * The frontend answers GetSystemInfo over the process's existing connection: cheap, needs no
 * namespace permission, and proves the connection the process works through is up.
 */
export const temporalCheck =
  (connection: TemporalConnection): DependencyCheck =>
  (timeoutMs) =>
    connection.withDeadline(Date.now() + timeoutMs, () => connection.workflowService.getSystemInfo({}));
