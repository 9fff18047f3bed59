import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context } from 'koa';
import { appendAudit } from '../../db/audit.js';
import { revokeSession } from '../../db/operators.js';
import type { ApiDeps } from '../deps.js';
import { auditActor, now, type AdminState } from './session.js';

/** Wrong step-up passwords a session may give; the next one ends it. */
export const STEP_UP_FAILURES_ALLOWED = 4;

/**
 * Records a wrong step-up password. Someone at an unlocked dashboard guessing the operator's
 * password gets a few tries: then the session ends, and it must be signed into again (where
 * sign-in throttling applies). Returns true when the session was ended.
 */
export async function stepUpFailed(
  deps: Pick<ApiDeps, 'clock'>,
  db: EntityManager,
  ctx: Context,
  admin: AdminState,
): Promise<boolean> {
  await appendAudit(db, auditActor(ctx), {
    action: 'operator.step_up_failed',
    targetType: 'operator',
    targetId: admin.operator.id,
    after: { session: admin.session.id.slice(0, 8) },
  });
  const [row] = await db.execute<Array<{ n: string }>>(
    `select count(*) as n from audit_log
      where action = 'operator.step_up_failed' and target_type = 'operator' and target_id = ?
        and after->>'session' = ?`,
    [String(admin.operator.id), admin.session.id.slice(0, 8)],
  );
  if (Number(row?.n ?? 0) <= STEP_UP_FAILURES_ALLOWED) return false;
  await revokeSession(db, admin.session.id, now(deps));
  await appendAudit(db, auditActor(ctx), {
    action: 'operator.session_ended',
    targetType: 'operator',
    targetId: admin.operator.id,
    after: { reason: 'too many wrong step-up passwords' },
  });
  return true;
}
