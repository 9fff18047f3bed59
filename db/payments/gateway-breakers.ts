import type { EntityManager } from '@mikro-orm/postgresql';
import {
  afterFailure,
  afterSuccess,
  CLOSED_BREAKER,
  isDegraded,
  type BreakerState,
} from '../../domain/payments/gateway-breaker.js';
import type { Mode } from '../../domain/shared/mode.js';
import { instant, text, type Row } from '../../platform/orm/row-values.js';

/**
 * The session-opening circuit breakers, one row per gateway and mode, shared by every process.
 * Each opening's result moves its row under the row's lock, by the rule in domain/gateway-breaker.
 */

export interface DegradedGateway {
  gateway: string;
  mode: Mode;
  since: Date;
  until: Date;
  lastFailureReason: string | null;
}

function stateFromRow(row: Row | undefined): BreakerState {
  if (!row) return CLOSED_BREAKER;
  return {
    consecutiveFailures: Number(row.consecutive_failures),
    firstFailureAt: instant(row.first_failure_at),
    degradedSince: instant(row.degraded_since),
    degradedUntil: instant(row.degraded_until),
  };
}

/** Records one session opening's result for the gateway and mode. */
export async function recordSessionOpening(
  em: EntityManager,
  input: { gateway: string; mode: Mode; ok: boolean; failureReason?: string | null; at?: Date },
): Promise<BreakerState> {
  const at = input.at ?? new Date();
  if (input.ok) return closeBreaker(em, input.gateway, input.mode, at);
  return em.transactional(async (tx) => {
    await tx.execute(
      `insert into gateway_breakers (gateway, mode, updated_at) values (?, ?, ?)
       on conflict (gateway, mode) do nothing`,
      [input.gateway, input.mode, at],
    );
    const [row] = await tx.execute<Row[]>(
      `select consecutive_failures, first_failure_at, degraded_since, degraded_until
         from gateway_breakers where gateway = ? and mode = ? for update`,
      [input.gateway, input.mode],
    );
    const before = stateFromRow(row);
    const next = afterFailure(before, at);
    await tx.execute(
      `update gateway_breakers set consecutive_failures = ?, first_failure_at = ?, degraded_since = ?,
         degraded_until = ?, last_failure_reason = coalesce(?, last_failure_reason), updated_at = ?
       where gateway = ? and mode = ?`,
      [
        next.consecutiveFailures,
        next.firstFailureAt,
        next.degradedSince,
        next.degradedUntil,
        input.failureReason?.slice(0, 255) ?? null,
        at,
        input.gateway,
        input.mode,
      ],
    );
    return next;
  });
}

/**
 * A success closes the breaker (`afterSuccess`). Almost every opening succeeds on a closed
 * breaker: the update's condition then matches nothing, so it writes and locks nothing, and
 * openings of one gateway never queue behind each other on its row.
 */
async function closeBreaker(em: EntityManager, gateway: string, mode: Mode, at: Date): Promise<BreakerState> {
  const { sql, params } = closeBreakerStatement(gateway, mode, at);
  await em.execute(sql, params);
  return afterSuccess();
}

/**
 * The statement that closes a breaker after a success, for a caller that sends it as part of
 * another (a data-modifying `with` clause): the success and what it succeeded at, one write.
 */
export function closeBreakerStatement(
  gateway: string,
  mode: Mode,
  at: Date,
): { sql: string; params: unknown[] } {
  const closed = afterSuccess();
  return {
    sql: `update gateway_breakers set consecutive_failures = ?, first_failure_at = ?, degraded_since = ?,
       degraded_until = ?, updated_at = ?
     where gateway = ? and mode = ?
       and (consecutive_failures <> 0 or first_failure_at is not null or degraded_until is not null)`,
    params: [
      closed.consecutiveFailures,
      closed.firstFailureAt,
      closed.degradedSince,
      closed.degradedUntil,
      at,
      gateway,
      mode,
    ],
  };
}

/** The gateways degraded at `at`, for one mode or both. */
export async function degradedGateways(em: EntityManager, at: Date, mode?: Mode): Promise<DegradedGateway[]> {
  const rows = await em.execute<Row[]>(
    `select gateway, mode, consecutive_failures, first_failure_at, degraded_since, degraded_until,
            last_failure_reason
       from gateway_breakers where degraded_until > ? ${mode ? 'and mode = ?' : ''}
      order by mode, gateway`,
    mode ? [at, mode] : [at],
  );
  return rows
    .filter((row) => isDegraded(stateFromRow(row), at))
    .map((row) => ({
      gateway: String(row.gateway),
      mode: row.mode as Mode,
      since: instant(row.degraded_since) ?? instant(row.degraded_until)!,
      until: instant(row.degraded_until)!,
      lastFailureReason: text(row.last_failure_reason),
    }));
}
