import type { EntityManager } from '@mikro-orm/postgresql';
import { takeSignInAttempt } from '../../api/admin/sign-in.js';
import { appendAudit, type AuditActor } from '../../db/operators/audit.js';
import type { Operator } from '../../platform/orm/entities.js';
import { clearLoginFailures } from '../../db/operators/login-throttle.js';
import { checkSecondFactor } from '../../db/operators/operator-second-factor.js';
import { claimCodeAttempt, clearWrongCodes } from '../../db/operators/code-ceiling.js';
import type { CodeCeiling } from '../../domain/operators/code-ceiling.js';
import { findOperatorByEmail } from '../../db/operators/operators.js';
import { ApiError } from '../../domain/shared/errors.js';
import type { Keyring } from '../../platform/sealing/secret-box.js';
import { decoyHash, verifyPassword } from '../../domain/operators/passwords.js';
import { mustEnrolFirst, type SecondFactorPosture } from '../../domain/operators/second-factor-policy.js';
import { CliFailure } from './errors.js';

/**
 * Acting as an operator from the command line: the same checks as the dashboard's sign-in. The
 * password is throttled per (email, client) with the client `cli:<user>@<host>`, an unknown email
 * costs the same time, an enrolled operator gives their code too (read after the password), and
 * under the required posture an ADMIN or FINANCE operator without a second factor is refused.
 * Every refusal is audited.
 */
export async function authenticateOperator(
  em: EntityManager,
  input: {
    email: string;
    password: string;
    readCode: () => Promise<string>;
    actor: AuditActor;
    keyring: Keyring;
    posture: SecondFactorPosture;
    /** Whether local password accounts may act (OPERATOR_BREAK_GLASS). */
    breakGlass: boolean;
    codeCeiling: CodeCeiling;
    command: string;
    now?: Date;
  },
): Promise<Operator> {
  const now = input.now ?? new Date();
  const client = input.actor.label;
  const via = { via: 'cli', command: input.command };
  if (!input.breakGlass) {
    throw new CliFailure(
      'password sign-in is break-glass only and OPERATOR_BREAK_GLASS is off; act from the dashboard after signing in with the identity provider',
    );
  }
  try {
    await takeSignInAttempt(em, { email: input.email, client, now, actor: input.actor });
  } catch (error) {
    if (error instanceof ApiError && error.code === 'LOGIN_THROTTLED') throw new CliFailure(error.message);
    throw error;
  }
  const operator = await findOperatorByEmail(em, input.email);
  const valid = await verifyPassword(operator?.passwordHash ?? (await decoyHash()), input.password);
  if (!operator || !valid || operator.status !== 'ACTIVE') {
    await appendAudit(em, input.actor, {
      action: 'operator.login_failed',
      targetType: 'operator',
      targetId: input.email,
      after: via,
    });
    throw new CliFailure('wrong email or password, or the operator is disabled');
  }
  if (operator.totpEnrolledAt) {
    const claim = await claimCodeAttempt(em, operator.id, now, input.codeCeiling);
    if (!claim.allowed) {
      throw new CliFailure(
        `too many wrong codes for ${operator.email}; sign-in is locked until ${claim.lockedUntil.toISOString()}`,
      );
    }
    const checked = await checkSecondFactor(em, {
      operatorId: operator.id,
      code: await input.readCode(),
      now,
      keyring: input.keyring,
    });
    if (!checked.ok) {
      await appendAudit(em, input.actor, {
        action: 'operator.second_factor_failed',
        targetType: 'operator',
        targetId: operator.id,
        after: via,
      });
      throw new CliFailure('wrong or already used code from the authenticator app');
    }
    await clearWrongCodes(em, operator.id);
  } else if (mustEnrolFirst(input.posture, operator)) {
    throw new CliFailure(
      `${operator.email} (${operator.role}) must enrol a second factor at /admin/account before acting`,
    );
  }
  await clearLoginFailures(em, operator.email, client);
  return operator;
}
