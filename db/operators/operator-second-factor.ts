import type { EntityManager } from '@mikro-orm/postgresql';
import { openTotpSecret, sealTotpSecret } from '../../platform/sealing/operator-secret-seal.js';
import type { Keyring } from '../../platform/sealing/secret-box.js';
import {
  isRecoveryCodeShape,
  newRecoveryCodes,
  recoveryCodeDigest,
} from '../../domain/operators/recovery-codes.js';
import { checkTotp, newTotpSecret } from '../../domain/operators/totp.js';
import { appendAudit, type AuditActor } from './audit.js';

/**
 * An operator's second factor: enrolment (a pending secret confirmed by a first code), checking a
 * code (a TOTP code once per time step, or an unused recovery code), and an administrator's reset.
 */

/** Starts (or restarts) enrolment: a new secret waits, sealed, until a first code confirms it. */
export async function beginEnrolment(
  em: EntityManager,
  operatorId: number,
  keyring: Keyring,
): Promise<{ secret: string }> {
  const secret = newTotpSecret();
  await em.execute('update operators set totp_pending_sealed = ? where id = ?', [
    sealTotpSecret(keyring, operatorId, secret),
    operatorId,
  ]);
  return { secret };
}

/** The secret waiting for its first code, if enrolment has begun. */
export async function pendingSecret(
  em: EntityManager,
  operatorId: number,
  keyring: Keyring,
): Promise<string | null> {
  const [row] = await em.execute<Array<{ totp_pending_sealed: string | null }>>(
    'select totp_pending_sealed from operators where id = ?',
    [operatorId],
  );
  return row?.totp_pending_sealed ? openTotpSecret(keyring, operatorId, row.totp_pending_sealed) : null;
}

/**
 * Confirms enrolment with a first code from the pending secret: the secret becomes the operator's,
 * earlier recovery codes are void and ten new ones are returned (their digests kept). Null: no
 * enrolment pending or the code is wrong.
 */
export async function confirmEnrolment(
  em: EntityManager,
  actor: AuditActor,
  input: { operatorId: number; code: string; now: Date; keyring: Keyring },
): Promise<{ recoveryCodes: string[] } | null> {
  const secret = await pendingSecret(em, input.operatorId, input.keyring);
  if (!secret) return null;
  const matched = await checkTotp(secret, input.code, { now: input.now, afterStep: null });
  if (!matched) return null;
  const recoveryCodes = newRecoveryCodes();
  await em.transactional(async (tx) => {
    await tx.execute(
      `update operators set totp_sealed = totp_pending_sealed, totp_pending_sealed = null,
         totp_enrolled_at = ?, totp_last_step = ?, updated_at = ? where id = ?`,
      [input.now, matched.step, input.now, input.operatorId],
    );
    await tx.execute('delete from operator_recovery_codes where operator_id = ?', [input.operatorId]);
    for (const code of recoveryCodes) {
      await tx.execute(
        'insert into operator_recovery_codes (operator_id, code_digest, created_at) values (?, ?, ?)',
        [input.operatorId, recoveryCodeDigest(code), input.now],
      );
    }
    await appendAudit(tx, actor, {
      action: 'operator.second_factor_enrolled',
      targetType: 'operator',
      targetId: input.operatorId,
      after: { method: 'TOTP', recoveryCodes: recoveryCodes.length },
    });
  });
  return { recoveryCodes };
}

export type SecondFactorCheck = { ok: true; via: 'TOTP' | 'RECOVERY_CODE' } | { ok: false };

/**
 * Checks a code for an enrolled operator: a six-digit TOTP code whose time step is later than the
 * last one accepted (claimed by a conditional update, so two requests cannot both spend it), or an
 * unused recovery code (spent by the same kind of update).
 */
export async function checkSecondFactor(
  em: EntityManager,
  input: { operatorId: number; code: string; now: Date; keyring: Keyring },
): Promise<SecondFactorCheck> {
  const code = input.code.slice(0, 64);
  if (isRecoveryCodeShape(code)) {
    const spent = await em.execute<Array<{ id: string }>>(
      `update operator_recovery_codes set used_at = ?
        where operator_id = ? and code_digest = ? and used_at is null returning id`,
      [input.now, input.operatorId, recoveryCodeDigest(code)],
    );
    return spent.length ? { ok: true, via: 'RECOVERY_CODE' } : { ok: false };
  }
  const [row] = await em.execute<Array<{ totp_sealed: string | null; totp_last_step: string | null }>>(
    'select totp_sealed, totp_last_step from operators where id = ?',
    [input.operatorId],
  );
  if (!row?.totp_sealed) return { ok: false };
  const afterStep = row.totp_last_step === null ? null : Number(row.totp_last_step);
  const matched = await checkTotp(openTotpSecret(input.keyring, input.operatorId, row.totp_sealed), code, {
    now: input.now,
    afterStep,
  });
  if (!matched) return { ok: false };
  const claimed = await em.execute<Array<{ id: string }>>(
    `update operators set totp_last_step = ?
      where id = ? and (totp_last_step is null or totp_last_step < ?) returning id`,
    [matched.step, input.operatorId, matched.step],
  );
  return claimed.length ? { ok: true, via: 'TOTP' } : { ok: false };
}

export async function unusedRecoveryCodes(em: EntityManager, operatorId: number): Promise<number> {
  const [row] = await em.execute<Array<{ n: string }>>(
    'select count(*) as n from operator_recovery_codes where operator_id = ? and used_at is null',
    [operatorId],
  );
  return Number(row?.n ?? 0);
}

/**
 * Removes an operator's second factor (lost phone and recovery codes), in one transaction with its
 * audit entry; their sessions end, so the next sign-in enrols afresh where the posture requires it.
 */
export async function resetSecondFactor(
  em: EntityManager,
  actor: AuditActor,
  input: { operatorId: number; now: Date },
): Promise<{ wasEnrolled: boolean }> {
  return em.transactional(async (tx) => {
    const [row] = await tx.execute<Array<{ email: string; totp_enrolled_at: Date | null }>>(
      'select email, totp_enrolled_at from operators where id = ? for update',
      [input.operatorId],
    );
    const wasEnrolled = Boolean(row?.totp_enrolled_at);
    await tx.execute(
      `update operators set totp_sealed = null, totp_pending_sealed = null, totp_enrolled_at = null,
         totp_last_step = null, updated_at = ? where id = ?`,
      [input.now, input.operatorId],
    );
    await tx.execute('delete from operator_recovery_codes where operator_id = ?', [input.operatorId]);
    await tx.execute(
      'update operator_sessions set revoked_at = ? where operator_id = ? and revoked_at is null',
      [input.now, input.operatorId],
    );
    await appendAudit(tx, actor, {
      action: 'operator.second_factor_reset',
      targetType: 'operator',
      targetId: input.operatorId,
      before: { email: row?.email, enrolled: wasEnrolled },
      after: { enrolled: false, sessionsRevoked: true },
    });
    return { wasEnrolled };
  });
}
