import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { tokenDigest } from './operators.js';

/**
 * The half-way point of a two-step sign-in: the password was right, the second factor is owed. The
 * raw token goes to the client (JSON body or a hidden form field), the table keeps its digest. It
 * lives five minutes, serves one client, and dies after a few wrong codes.
 */
export const CHALLENGE_TTL_MS = 5 * 60 * 1000;
export const CHALLENGE_FAILURES_ALLOWED = 5;

export async function openChallenge(
  em: EntityManager,
  input: { operatorId: number; client: string; now: Date },
): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(input.now.getTime() + CHALLENGE_TTL_MS);
  await em.execute(
    `insert into operator_sign_in_challenges (id, operator_id, client, created_at, expires_at)
     values (?, ?, ?, ?, ?)`,
    [tokenDigest(token), input.operatorId, input.client.slice(0, 300), input.now, expiresAt],
  );
  return { token, expiresAt };
}

/** The operator a live challenge belongs to (same client, not expired, not used, not worn out). */
export async function findChallenge(
  em: EntityManager,
  input: { token: string; client: string; now: Date },
): Promise<{ id: string; operatorId: number } | null> {
  const [row] = await em.execute<Array<{ id: string; operator_id: string }>>(
    `select id, operator_id from operator_sign_in_challenges
      where id = ? and client = ? and used_at is null and expires_at > ? and failures < ?`,
    [tokenDigest(input.token), input.client.slice(0, 300), input.now, CHALLENGE_FAILURES_ALLOWED],
  );
  return row ? { id: row.id, operatorId: Number(row.operator_id) } : null;
}

/** Spends the challenge; false when another request spent it first. */
export async function useChallenge(em: EntityManager, id: string, now: Date): Promise<boolean> {
  const used = await em.execute<Array<{ id: string }>>(
    'update operator_sign_in_challenges set used_at = ? where id = ? and used_at is null returning id',
    [now, id],
  );
  return used.length > 0;
}

export async function challengeFailed(em: EntityManager, id: string): Promise<void> {
  await em.execute('update operator_sign_in_challenges set failures = failures + 1 where id = ?', [id]);
}
