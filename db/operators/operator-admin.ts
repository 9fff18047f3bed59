import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ApiError } from '../../domain/shared/errors.js';
import { hashPassword } from '../../domain/operators/passwords.js';
import type { Role } from '../../domain/operators/permissions.js';
import { appendAudit, type AuditActor } from './audit.js';
import { OperatorSchema, OperatorSessionSchema, type Operator } from '../../platform/orm/entities.js';
import { assertAcceptablePassword } from './operator-passwords.js';
import { findOperatorByEmail } from './operators.js';

/**
 * Operator management (dashboard, admin API and CLI): every change is one transaction with its
 * audit entry. Views never carry the password hash.
 */
export interface OperatorView {
  id: number;
  email: string;
  role: Role;
  status: Operator['status'];
  createdAt: string;
  updatedAt: string;
  lastLoginAt: string | null;
  /** The second factor enrolled, if any. */
  secondFactor: 'TOTP' | null;
}

export function operatorView(operator: Operator): OperatorView {
  return {
    id: operator.id,
    email: operator.email,
    role: operator.role,
    status: operator.status,
    createdAt: operator.createdAt.toISOString(),
    updatedAt: operator.updatedAt.toISOString(),
    lastLoginAt: operator.lastLoginAt?.toISOString() ?? null,
    secondFactor: operator.totpEnrolledAt ? 'TOTP' : null,
  };
}

export async function listOperators(em: EntityManager): Promise<OperatorView[]> {
  const operators = await em.find(OperatorSchema, {}, { orderBy: { email: 'asc' } });
  return operators.map(operatorView);
}

async function operatorOr404(em: EntityManager, id: number): Promise<Operator> {
  const operator = await em.findOne(OperatorSchema, { id }, { refresh: true });
  if (!operator) throw new ApiError('OPERATOR_NOT_FOUND');
  return operator;
}

/** Creates an operator; EMAIL_TAKEN if the email (case-insensitive) is already used. */
export async function addOperator(
  em: EntityManager,
  actor: AuditActor,
  input: { email: string; password: string; role: Role; now: Date },
): Promise<OperatorView> {
  const email = input.email.trim().toLowerCase();
  assertAcceptablePassword(input.password, email);
  if (await findOperatorByEmail(em, email)) throw new ApiError('EMAIL_TAKEN');
  // Hashing is slow on purpose; do it before the transaction holds a connection.
  const passwordHash = await hashPassword(input.password);
  try {
    return await em.transactional(async (tx) => {
      const operator = tx.create(OperatorSchema, {
        email,
        passwordHash,
        role: input.role,
        status: 'ACTIVE',
        createdAt: input.now,
        updatedAt: input.now,
        lastLoginAt: null,
        totpSealed: null,
        totpEnrolledAt: null,
      });
      await tx.flush();
      await appendAudit(tx, actor, {
        action: 'operator.create',
        targetType: 'operator',
        targetId: operator.id,
        after: { email, role: input.role, status: 'ACTIVE' },
      });
      return operatorView(operator);
    });
  } catch (error) {
    // Two creations racing for one email: the unique index decides.
    if (error instanceof UniqueConstraintViolationException) throw new ApiError('EMAIL_TAKEN');
    throw error;
  }
}

/** Changes an operator's role; an operator cannot demote themselves (so an admin always remains). */
export async function changeOperatorRole(
  em: EntityManager,
  actor: AuditActor & { operatorId: number },
  input: { id: number; role: Role; now: Date },
): Promise<OperatorView> {
  return em.transactional(async (tx) => {
    const operator = await operatorOr404(tx, input.id);
    if (operator.role === input.role) return operatorView(operator);
    if (operator.id === actor.operatorId) {
      throw new ApiError('OPERATOR_SELF_CHANGE', 'You cannot change your own role');
    }
    const before = operator.role;
    operator.role = input.role;
    operator.updatedAt = input.now;
    await tx.flush();
    await appendAudit(tx, actor, {
      action: 'operator.role_changed',
      targetType: 'operator',
      targetId: operator.id,
      before: { email: operator.email, role: before },
      after: { email: operator.email, role: input.role },
    });
    return operatorView(operator);
  });
}

/**
 * Disables an operator: every open session is revoked at once, so their next request needs a
 * sign-in that a disabled account cannot complete.
 */
export async function setOperatorStatus(
  em: EntityManager,
  actor: AuditActor & { operatorId: number },
  // Only disabling applies at once; re-enabling is a people change (api/admin/people/service.ts).
  input: { id: number; status: 'DISABLED'; now: Date },
): Promise<OperatorView> {
  return em.transactional(async (tx) => {
    const operator = await operatorOr404(tx, input.id);
    if (operator.id === actor.operatorId) {
      throw new ApiError('OPERATOR_SELF_CHANGE', 'You cannot disable your own account');
    }
    if (operator.status === input.status) return operatorView(operator);
    const before = operator.status;
    operator.status = input.status;
    operator.updatedAt = input.now;
    await tx.flush();
    const sessionsRevoked = await tx.nativeUpdate(
      OperatorSessionSchema,
      { operatorId: operator.id, revokedAt: null },
      { revokedAt: input.now },
    );
    await appendAudit(tx, actor, {
      action: 'operator.disabled',
      targetType: 'operator',
      targetId: operator.id,
      before: { email: operator.email, status: before },
      after: { email: operator.email, status: input.status, sessionsRevoked },
    });
    return operatorView(operator);
  });
}
