import type { EntityManager } from '@mikro-orm/postgresql';
import { afterWrongCode, type CodeCeiling } from '../../domain/operators/code-ceiling.js';

/**
 * The per-operator count of wrong second-factor codes (operators.code_failures) and the lock it
 * earns (operators.code_locked_until): shared by every door that checks a code at sign-in.
 */

export type CodeClaim = { allowed: true } | { allowed: false; lockedUntil: Date };

/**
 * Takes one code attempt under the operator row's lock, counted as wrong in advance (a right code
 * clears it): parallel guesses from any number of addresses therefore get no more attempts than
 * the same guesses one after another. The attempt that reaches the ceiling locks the operator; while
 * locked, none is taken.
 */
export async function claimCodeAttempt(
  em: EntityManager,
  operatorId: number,
  now: Date,
  ceiling: CodeCeiling,
): Promise<CodeClaim> {
  return em.transactional(async (tx) => {
    const [row] = await tx.execute<Array<{ code_failures: number; code_locked_until: Date | string | null }>>(
      'select code_failures, code_locked_until from operators where id = ? for update',
      [operatorId],
    );
    const lockedUntil = row?.code_locked_until ? new Date(row.code_locked_until) : null;
    if (lockedUntil && lockedUntil.getTime() > now.getTime()) return { allowed: false, lockedUntil };
    const next = afterWrongCode(Number(row?.code_failures ?? 0), ceiling);
    await tx.execute('update operators set code_failures = ?, code_locked_until = ? where id = ?', [
      next.failures,
      next.locks ? new Date(now.getTime() + ceiling.lockMs) : null,
      operatorId,
    ]);
    return { allowed: true };
  });
}

/** A right code: the count starts afresh and any lock this attempt set is lifted. */
export async function clearWrongCodes(em: EntityManager, operatorId: number): Promise<void> {
  await em.execute('update operators set code_failures = 0, code_locked_until = null where id = ?', [
    operatorId,
  ]);
}
