import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context } from 'koa';
import type QRCode from 'qrcode';
import { setPassword } from '../../../db/operators/operator-passwords.js';
import {
  beginEnrolment,
  confirmEnrolment,
  pendingSecret,
  unusedRecoveryCodes,
} from '../../../db/operators/operator-second-factor.js';
import { ApiError } from '../../../domain/shared/errors.js';
import { verifyPassword } from '../../../domain/operators/passwords.js';
import { STEP_UP_WINDOW_MS } from '../../../domain/operators/permissions.js';
import { mustEnrolFirst, secondFactorRequired } from '../../../domain/operators/second-factor-policy.js';
import { totpUri } from '../../../domain/operators/totp.js';
import type { ApiDeps } from '../../deps.js';
import { auditActor, now, type AdminState } from '../session.js';
import { passwordWork } from '../sign-in.js';
import { stepUpFailed } from '../step-up.js';

/**
 * One's own account (second factor, password) and an administrator's help with another's: shared
 * by the JSON API and the dashboard pages.
 */
const db = (deps: ApiDeps) => deps.orm.em.fork() as EntityManager;

export async function secondFactorStatus(deps: ApiDeps, admin: AdminState) {
  const { operator } = admin;
  return {
    enrolled: operator.totpEnrolledAt !== null,
    enrolledAt: operator.totpEnrolledAt?.toISOString() ?? null,
    requiredForRole: secondFactorRequired(deps.config.OPERATOR_SECOND_FACTOR, operator.role),
    mustEnrolFirst: mustEnrolFirst(deps.config.OPERATOR_SECOND_FACTOR, operator),
    recoveryCodesLeft: operator.totpEnrolledAt ? await unusedRecoveryCodes(db(deps), operator.id) : 0,
  };
}

export interface EnrolmentOffer {
  secret: string;
  otpauthUri: string;
  qrCodeDataUrl: string;
}

async function offer(email: string, secret: string): Promise<EnrolmentOffer> {
  const otpauthUri = totpUri(email, secret);
  // Loaded with the first enrolment, not with every API process.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const svg = await (require('qrcode') as typeof QRCode).toString(otpauthUri, {
    type: 'svg',
    errorCorrectionLevel: 'M',
    margin: 4,
  });
  return {
    secret,
    otpauthUri,
    qrCodeDataUrl: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`,
  };
}

/**
 * Begins enrolment: a new secret waits for its first code. Replacing a second factor already in
 * place needs a fresh step-up (with the current one), so a borrowed session cannot swap it.
 */
export async function startEnrolment(deps: ApiDeps, admin: AdminState): Promise<EnrolmentOffer> {
  const { operator, session } = admin;
  if (operator.totpEnrolledAt) {
    const fresh = session.stepUpAt && now(deps).getTime() - session.stepUpAt.getTime() <= STEP_UP_WINDOW_MS;
    if (!fresh) throw new ApiError('STEP_UP_REQUIRED', 'Confirm with your current code to replace it');
  }
  const { secret } = await beginEnrolment(db(deps), operator.id, deps.keyring);
  return offer(operator.email, secret);
}

/** The enrolment waiting for its first code (the page shows the same QR code again). */
export async function pendingOffer(deps: ApiDeps, admin: AdminState): Promise<EnrolmentOffer | null> {
  const secret = await pendingSecret(db(deps), admin.operator.id, deps.keyring);
  return secret ? offer(admin.operator.email, secret) : null;
}

/** Confirms enrolment with a first code; answers the recovery codes, shown this once. */
export async function finishEnrolment(
  deps: ApiDeps,
  ctx: Context,
  admin: AdminState,
  code: string,
): Promise<{ recoveryCodes: string[]; enrolledAt: string }> {
  const em = db(deps);
  if (!(await pendingSecret(em, admin.operator.id, deps.keyring))) {
    throw new ApiError('SECOND_FACTOR_NOT_PENDING');
  }
  const at = now(deps);
  const confirmed = await confirmEnrolment(em, auditActor(ctx), {
    operatorId: admin.operator.id,
    code,
    now: at,
    keyring: deps.keyring,
  });
  if (!confirmed) throw new ApiError('SECOND_FACTOR_INVALID', 'That code does not match the new secret');
  admin.operator.totpEnrolledAt = at;
  return { recoveryCodes: confirmed.recoveryCodes, enrolledAt: at.toISOString() };
}

/**
 * Changes one's own password: the current one first (a wrong one counts as a wrong step-up, so a
 * borrowed session cannot guess at it for long), the rules for the new one, and every other
 * session ends.
 */
export async function changeOwnPassword(
  deps: ApiDeps,
  ctx: Context,
  admin: AdminState,
  input: { currentPassword: string; newPassword: string },
): Promise<{ sessionsEnded: number; sessionEnded: boolean }> {
  const em = db(deps);
  const right = await passwordWork.run(() =>
    verifyPassword(admin.operator.passwordHash, input.currentPassword.slice(0, 1024)),
  );
  if (!right) {
    const ended = await stepUpFailed(deps, em, ctx, admin);
    if (ended) return { sessionsEnded: 0, sessionEnded: true };
    throw new ApiError('INVALID_LOGIN', 'The current password is not correct');
  }
  const changed = await setPassword(em, auditActor(ctx), {
    operatorId: admin.operator.id,
    email: admin.operator.email,
    password: input.newPassword,
    now: now(deps),
    keepSessionId: admin.session.id,
    action: 'operator.password_changed',
  });
  return { ...changed, sessionEnded: false };
}
