import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ApiError } from '../../domain/shared/errors.js';
import { passwordProblem } from '../../domain/operators/password-rules.js';
import { hashPassword } from '../../domain/operators/passwords.js';
import { appendAudit, type AuditActor } from './audit.js';
import { OperatorSchema } from '../../platform/orm/entities.js';
import { tokenDigest } from './operators.js';

/**
 * Operators' passwords after creation: changing one's own, and a reset an administrator issues (a
 * one-time token, kept only as its digest, that lets the operator choose a new password). Either
 * way the new password must pass the rules, and sessions end.
 */
export const PASSWORD_RESET_TTL_MS = 60 * 60 * 1000;

export function assertAcceptablePassword(password: string, email: string): void {
  const problem = passwordProblem(password, email);
  if (problem) {
    throw new ApiError('PASSWORD_TOO_WEAK', `The new password ${problem}`, [
      { field: 'newPassword', message: problem },
    ]);
  }
}

/** Sets a new password; every session of the operator but `keepSessionId` ends, in one transaction. */
export async function setPassword(
  em: EntityManager,
  actor: AuditActor,
  input: {
    operatorId: number;
    email: string;
    password: string;
    now: Date;
    keepSessionId: string | null;
    action: 'operator.password_changed' | 'operator.password_reset_completed';
  },
): Promise<{ sessionsEnded: number }> {
  assertAcceptablePassword(input.password, input.email);
  const passwordHash = await hashPassword(input.password);
  return em.transactional(async (tx) => {
    await tx.nativeUpdate(OperatorSchema, { id: input.operatorId }, { passwordHash, updatedAt: input.now });
    const ended = await tx.execute<Array<{ id: string }>>(
      `update operator_sessions set revoked_at = ?
        where operator_id = ? and revoked_at is null and id is distinct from ? returning id`,
      [input.now, input.operatorId, input.keepSessionId],
    );
    await appendAudit(tx, actor, {
      action: input.action,
      targetType: 'operator',
      targetId: input.operatorId,
      after: { sessionsEnded: ended.length },
    });
    return { sessionsEnded: ended.length };
  });
}

/**
 * Issues a reset for an operator: a random token valid for an hour, once. An earlier unused reset
 * for the same operator is void from now on.
 */
export async function issuePasswordReset(
  em: EntityManager,
  actor: AuditActor & { operatorId: number },
  input: { operatorId: number; now: Date },
): Promise<{ token: string; expiresAt: Date; email: string }> {
  const token = randomBytes(24).toString('base64url');
  const expiresAt = new Date(input.now.getTime() + PASSWORD_RESET_TTL_MS);
  return em.transactional(async (tx) => {
    const operator = await tx.findOne(OperatorSchema, { id: input.operatorId });
    if (!operator) throw new ApiError('OPERATOR_NOT_FOUND');
    await tx.execute(
      'update operator_password_resets set used_at = ? where operator_id = ? and used_at is null',
      [input.now, input.operatorId],
    );
    await tx.execute(
      `insert into operator_password_resets (id, operator_id, issued_by, created_at, expires_at)
       values (?, ?, ?, ?, ?)`,
      [tokenDigest(token), input.operatorId, actor.operatorId, input.now, expiresAt],
    );
    await appendAudit(tx, actor, {
      action: 'operator.password_reset_issued',
      targetType: 'operator',
      targetId: input.operatorId,
      after: { email: operator.email, expiresAt: expiresAt.toISOString() },
    });
    return { token, expiresAt, email: operator.email };
  });
}

/** The operator a reset token is for, while it is unused and unexpired. */
export async function findPasswordReset(
  em: EntityManager,
  token: string,
  now: Date,
): Promise<{ id: string; operatorId: number; email: string } | null> {
  const [row] = await em.execute<Array<{ id: string; operator_id: string; email: string }>>(
    `select r.id, r.operator_id, o.email from operator_password_resets r join operators o on o.id = r.operator_id
      where r.id = ? and r.used_at is null and r.expires_at > ? and o.status = 'ACTIVE'`,
    [tokenDigest(token.slice(0, 200)), now],
  );
  return row ? { id: row.id, operatorId: Number(row.operator_id), email: row.email } : null;
}

/**
 * Completes a reset: the token is spent by a conditional update (a second use finds it spent), the
 * password set and every session ended.
 */
export async function completePasswordReset(
  em: EntityManager,
  input: { token: string; password: string; now: Date; ip: string | null },
): Promise<{ email: string }> {
  const reset = await findPasswordReset(em, input.token, input.now);
  if (!reset) throw new ApiError('PASSWORD_RESET_INVALID');
  assertAcceptablePassword(input.password, reset.email);
  const spent = await em.execute<Array<{ id: string }>>(
    'update operator_password_resets set used_at = ? where id = ? and used_at is null returning id',
    [input.now, reset.id],
  );
  if (!spent.length) throw new ApiError('PASSWORD_RESET_INVALID');
  await setPassword(
    em,
    { type: 'OPERATOR', id: String(reset.operatorId), label: reset.email, ip: input.ip },
    {
      operatorId: reset.operatorId,
      email: reset.email,
      password: input.password,
      now: input.now,
      keepSessionId: null,
      action: 'operator.password_reset_completed',
    },
  );
  return { email: reset.email };
}
