import type { EntityManager } from '@mikro-orm/postgresql';
import type { RouteDeps } from './deps.js';

/**
 * Starts the workflow of something already committed (a refund, an invoice, a payout, a batch) and
 * marks it started. When the start fails (Temporal away, the process stopping) the request still
 * answers with what it committed: the sweeper finds the row unmarked and starts it.
 */
export async function startOrLeaveToSweeper(
  deps: Pick<RouteDeps, 'orm' | 'logger'>,
  what: { kind: string; reference: string },
  start: () => Promise<void>,
  markStarted: (em: EntityManager) => Promise<void>,
): Promise<void> {
  try {
    await start();
    await markStarted(deps.orm.em.fork() as EntityManager);
  } catch (error) {
    deps.logger.warn(
      { err: error, [what.kind]: what.reference },
      `${what.kind} workflow not started; the sweeper will`,
    );
  }
}
