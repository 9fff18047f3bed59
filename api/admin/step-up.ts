import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context } from 'koa';
import { appendAudit } from '../../db/audit.js';
import { checkSecondFactor } from '../../db/operator-second-factor.js';
import { markStepUp, revokeSession } from '../../db/operators.js';
import { verifyPassword } from '../../domain/passwords.js';
import type { ApiDeps } from '../deps.js';
import { auditActor, now, type AdminState } from './session.js';
import { passwordWork } from './sign-in.js';

/** Wrong step-up answers (passwords or codes) a session may give; the next one ends it. */
export const STEP_UP_FAILURES_ALLOWED = 4;

/**
 * Records a wrong step-up answer. Someone at an unlocked dashboard guessing the operator's
 * password or code gets a few tries: then the session ends, and it must be signed into again (where
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
    after: { reason: 'too many wrong step-up answers' },
  });
  return true;
}

/** What step-up asks of an operator: the authenticator code once enrolled, else the password. */
export function stepUpAsks(admin: AdminState): 'CODE' | 'PASSWORD' {
  return admin.operator.totpEnrolledAt ? 'CODE' : 'PASSWORD';
}

export type StepUpOutcome = 'CONFIRMED' | 'MISSING' | 'WRONG' | 'SESSION_ENDED';

/**
 * Step-up, shared by the pages' inline form and the JSON API: an enrolled operator proves presence
 * with a fresh code (a password alone is what a phished or shoulder-surfed operator has lost), one
 * without a second factor with the password. A right answer opens the step-up window.
 */
export async function confirmStepUp(
  deps: ApiDeps,
  db: EntityManager,
  ctx: Context,
  admin: AdminState,
  answer: { password?: string | undefined; code?: string | undefined },
): Promise<StepUpOutcome> {
  const asks = stepUpAsks(admin);
  const given = asks === 'CODE' ? answer.code : answer.password;
  if (!given) return 'MISSING';
  const right =
    asks === 'CODE'
      ? (
          await checkSecondFactor(db, {
            operatorId: admin.operator.id,
            code: given,
            now: now(deps),
            keyring: deps.keyring,
          })
        ).ok
      : await passwordWork.run(() => verifyPassword(admin.operator.passwordHash, given.slice(0, 1024)));
  if (!right) return (await stepUpFailed(deps, db, ctx, admin)) ? 'SESSION_ENDED' : 'WRONG';
  const at = now(deps);
  await markStepUp(db, admin.session.id, at);
  admin.session.stepUpAt = at;
  await appendAudit(db, auditActor(ctx), {
    action: 'operator.step_up',
    targetType: 'operator',
    targetId: admin.operator.id,
    after: { with: asks === 'CODE' ? 'second factor' : 'password' },
  });
  return 'CONFIRMED';
}
