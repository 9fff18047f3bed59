import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { hashPassword } from '../domain/passwords.js';
import type { Role } from '../domain/permissions.js';
import { OperatorSchema, OperatorSessionSchema, type Operator, type OperatorSession } from './entities.js';

export async function createOperator(
  em: EntityManager,
  input: { email: string; password: string; role: Role },
): Promise<Operator> {
  const now = new Date();
  const operator = em.create(OperatorSchema, {
    email: input.email.trim().toLowerCase(),
    passwordHash: await hashPassword(input.password),
    role: input.role,
    status: 'ACTIVE',
    createdAt: now,
    updatedAt: now,
    lastLoginAt: null,
  });
  await em.flush();
  return operator;
}

export async function findOperatorByEmail(em: EntityManager, email: string): Promise<Operator | null> {
  return em.findOne(OperatorSchema, { email: email.trim().toLowerCase() });
}

export function tokenDigest(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface SessionPolicy {
  idleMs: number;
  absoluteMs: number;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = {
  idleMs: 30 * 60 * 1000,
  absoluteMs: 12 * 60 * 60 * 1000,
};

/** Opens a session; the raw token exists only in the cookie, the table holds its digest. */
export async function openSession(
  em: EntityManager,
  input: {
    operatorId: number;
    ip: string | null;
    userAgent: string | null;
    now: Date;
    policy: SessionPolicy;
  },
): Promise<{ token: string; session: OperatorSession }> {
  const token = randomBytes(32).toString('base64url');
  const session = em.create(OperatorSessionSchema, {
    id: tokenDigest(token),
    operatorId: input.operatorId,
    csrfToken: randomBytes(24).toString('base64url'),
    createdAt: input.now,
    lastSeenAt: input.now,
    expiresAt: new Date(input.now.getTime() + input.policy.absoluteMs),
    // Signing in proves the password, so it counts as a fresh step-up.
    stepUpAt: input.now,
    revokedAt: null,
    ip: input.ip,
    userAgent: input.userAgent?.slice(0, 300) ?? null,
  });
  await em.nativeUpdate(OperatorSchema, { id: input.operatorId }, { lastLoginAt: input.now });
  await em.flush();
  return { token, session };
}

export interface LiveSession {
  session: OperatorSession;
  operator: Operator;
}

/** The session behind a cookie token if it is still alive (not revoked, idle or past its end). */
export async function findLiveSession(
  em: EntityManager,
  token: string,
  now: Date,
  policy: SessionPolicy,
): Promise<LiveSession | null> {
  const session = await em.findOne(OperatorSessionSchema, { id: tokenDigest(token) });
  if (!session || session.revokedAt) return null;
  if (session.expiresAt.getTime() <= now.getTime()) return null;
  if (now.getTime() - session.lastSeenAt.getTime() > policy.idleMs) return null;
  const operator = await em.findOne(OperatorSchema, { id: session.operatorId });
  if (!operator || operator.status !== 'ACTIVE') return null;
  return { session, operator };
}

export async function touchSession(em: EntityManager, sessionId: string, now: Date): Promise<void> {
  await em.nativeUpdate(OperatorSessionSchema, { id: sessionId }, { lastSeenAt: now });
}

export async function markStepUp(em: EntityManager, sessionId: string, now: Date): Promise<void> {
  await em.nativeUpdate(OperatorSessionSchema, { id: sessionId }, { stepUpAt: now });
}

export async function revokeSession(em: EntityManager, sessionId: string, now: Date): Promise<void> {
  await em.nativeUpdate(OperatorSessionSchema, { id: sessionId, revokedAt: null }, { revokedAt: now });
}

export async function revokeOperatorSessions(
  em: EntityManager,
  operatorId: number,
  now: Date,
): Promise<void> {
  await em.nativeUpdate(OperatorSessionSchema, { operatorId, revokedAt: null }, { revokedAt: now });
}

/** Recent failed sign-ins for an email, for throttling. */
export async function recentLoginFailures(em: EntityManager, email: string, since: Date): Promise<number> {
  const [row] = await em.execute<Array<{ count: string }>>(
    'select count(*) as count from login_failures where lower(email) = lower(?) and occurred_at >= ?',
    [email, since],
  );
  return Number(row?.count ?? 0);
}

/**
 * Takes one sign-in attempt for an email, atomically: under a lock on that email it counts the
 * recent failures and, if fewer than `maxFailures`, records this attempt as a failure in advance
 * (returned, to be withdrawn if the password turns out right). Concurrent attempts cannot all
 * slip under the limit. Null: the email is throttled.
 */
export async function claimLoginAttempt(
  em: EntityManager,
  input: { email: string; ip: string | null; now: Date; since: Date; maxFailures: number },
): Promise<{ attemptId: number } | null> {
  return em.transactional(async (tx) => {
    await tx.execute('select pg_advisory_xact_lock(hashtext(lower(?)))', [input.email]);
    const failures = await recentLoginFailures(tx, input.email, input.since);
    if (failures >= input.maxFailures) return null;
    const [row] = await tx.execute<Array<{ id: string }>>(
      'insert into login_failures (email, ip, occurred_at) values (?, ?, ?) returning id',
      [input.email.slice(0, 254), input.ip, input.now],
    );
    return { attemptId: Number(row!.id) };
  });
}

/** The attempt succeeded: it was no failure after all. */
export async function withdrawLoginAttempt(em: EntityManager, attemptId: number): Promise<void> {
  await em.execute('delete from login_failures where id = ?', [attemptId]);
}

export async function recordLoginFailure(
  em: EntityManager,
  email: string,
  ip: string | null,
  now: Date,
): Promise<void> {
  await em.execute('insert into login_failures (email, ip, occurred_at) values (?, ?, ?)', [
    email.slice(0, 254),
    ip,
    now,
  ]);
}
