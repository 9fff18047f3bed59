import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context, Middleware } from 'koa';
import { appendAudit } from '../../db/operators/audit.js';
import { checkSecondFactor } from '../../db/operators/operator-second-factor.js';
import { markStepUp, revokeSession } from '../../db/operators/operators.js';
import { ApiError } from '../../domain/shared/errors.js';
import { verifyPassword } from '../../domain/operators/passwords.js';
import { STEP_UP_WINDOW_MS } from '../../domain/operators/permissions.js';
import type { ApiDeps } from '../deps.js';
import { oidcEnabled, stepUpStartPath } from './oidc.js';
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

export type StepUpMethod = 'CODE' | 'PASSWORD' | 'IDENTITY_PROVIDER';

/**
 * What step-up asks of an operator: the authenticator code once enrolled; else, for a person of
 * the identity provider (who has no password here), a fresh sign-in there; else the password.
 */
export function stepUpAsks(admin: AdminState): StepUpMethod {
  if (admin.operator.totpEnrolledAt) return 'CODE';
  return admin.operator.oidcSubject ? 'IDENTITY_PROVIDER' : 'PASSWORD';
}

/** How a JSON client gets its operator a step-up: what to give, and where. */
export interface StepUpRoute {
  method: StepUpMethod;
  /**
   * IDENTITY_PROVIDER: the page to open in the operator's browser, with their session; CODE or
   * PASSWORD: where to POST the answer.
   */
  url: string;
  /** For a person of the identity provider who also has a code: the provider's way, as well. */
  identityProviderUrl?: string;
  /** How long the step-up then lasts. */
  validForSeconds: number;
}

export function howToStepUp(deps: Pick<ApiDeps, 'config'>, admin: AdminState): StepUpRoute {
  const method = stepUpAsks(admin);
  const absolute = (path: string) => new URL(path, deps.config.PUBLIC_URL).toString();
  const viaProvider = absolute(stepUpStartPath('/admin'));
  return {
    method,
    url: method === 'IDENTITY_PROVIDER' ? viaProvider : absolute('/api/v1/admin/session/step-up'),
    ...(method !== 'IDENTITY_PROVIDER' &&
      admin.operator.oidcSubject &&
      oidcEnabled(deps) && { identityProviderUrl: viaProvider }),
    validForSeconds: STEP_UP_WINDOW_MS / 1000,
  };
}

const HOW: Record<StepUpMethod, string> = {
  IDENTITY_PROVIDER:
    'This needs a fresh sign-in with your identity provider: open details.url in your browser, then repeat the request',
  CODE: 'This needs a fresh code from your authenticator app: POST it to details.url, then repeat the request',
  PASSWORD: 'This needs your password again: POST it to details.url, then repeat the request',
};

/**
 * The admin JSON API's answer to a step-up it requires, wherever the requirement was found
 * (permission table, refund or receipt amount, LIVE settings): the same STEP_UP_REQUIRED, with
 * how this operator completes it in `details`.
 */
export function explainStepUp(deps: Pick<ApiDeps, 'config'>): Middleware {
  return async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      const admin = ctx.state.admin as AdminState | undefined;
      if (!(error instanceof ApiError) || error.code !== 'STEP_UP_REQUIRED' || !admin || error.details) {
        throw error;
      }
      const route = howToStepUp(deps, admin);
      throw new ApiError('STEP_UP_REQUIRED', HOW[route.method], { ...route });
    }
  };
}

/** ELSEWHERE: the operator steps up at the identity provider, not with an answer given here. */
export type StepUpOutcome = 'CONFIRMED' | 'MISSING' | 'WRONG' | 'SESSION_ENDED' | 'ELSEWHERE';

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
  // No password here to check: a password typed anyway is not a wrong answer either.
  if (asks === 'IDENTITY_PROVIDER') return 'ELSEWHERE';
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
