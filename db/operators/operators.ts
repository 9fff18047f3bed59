import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { hashPassword } from '../../domain/operators/passwords.js';
import type { Role } from '../../domain/operators/permissions.js';
import {
  OperatorSchema,
  OperatorSessionSchema,
  type Operator,
  type OperatorSession,
} from '../../platform/orm/entities.js';

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
    totpSealed: null,
    totpEnrolledAt: null,
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
  /**
   * How long a session of an ADMIN or FINANCE account that signs in through the identity provider
   * lasts, whatever the rest: the provider's groups are read again at the next sign-in, so a
   * person removed from the group keeps money or people rights at most this long.
   */
  providerMoneyRoleMs: number;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = {
  idleMs: 30 * 60 * 1000,
  absoluteMs: 12 * 60 * 60 * 1000,
  providerMoneyRoleMs: 60 * 60 * 1000,
};

/** The roles whose provider sessions end after `providerMoneyRoleMs`. */
const PROVIDER_RECHECKED_ROLES: ReadonlySet<string> = new Set(['ADMIN', 'FINANCE']);

/** Opens a session; the raw token exists only in the cookie, the table holds its digest. */
export async function openSession(
  em: EntityManager,
  input: {
    operatorId: number;
    ip: string | null;
    userAgent: string | null;
    now: Date;
    policy: SessionPolicy;
    /** Where the sign-in's second factor came from (IDP: the identity provider asserted one). */
    secondFactorSource?: 'TOTP' | 'IDP' | null;
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
    secondFactorSource: input.secondFactorSource ?? null,
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
  if (
    operator.oidcSubject &&
    PROVIDER_RECHECKED_ROLES.has(operator.role) &&
    now.getTime() - session.createdAt.getTime() >= policy.providerMoneyRoleMs
  ) {
    return null;
  }
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

/** Whether an account of this email is already tied to an identity-provider account. */
export async function emailTiedToAnIdentity(em: EntityManager, email: string): Promise<boolean> {
  const rows = await em.execute<Array<{ id: string }>>(
    'select id from operators where email = ? and oidc_subject is not null',
    [email],
  );
  return rows.length > 0;
}

/**
 * Ties an account to its identity-provider account and takes the role the provider's groups
 * give it; the row's `updated_at` moves only when the role changes.
 */
export async function linkOperatorIdentity(
  em: EntityManager,
  operatorId: number,
  identity: { issuer: string; subject: string; role: Role },
  at: Date,
): Promise<void> {
  await em.execute(
    `update operators set oidc_issuer = ?, oidc_subject = ?, role = ?, updated_at = case when role <> ? then ? else updated_at end
      where id = ?`,
    [identity.issuer, identity.subject, identity.role, identity.role, at, operatorId],
  );
}
