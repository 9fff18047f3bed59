import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { appendAudit, type AuditActor } from '../../../db/operators/audit.js';
import { OperatorSchema } from '../../../platform/orm/entities.js';
import { changeOperatorRole, operatorView, type OperatorView } from '../../../db/operators/operator-admin.js';
import { issuePasswordReset } from '../../../db/operators/operator-passwords.js';
import { resetSecondFactor } from '../../../db/operators/operator-second-factor.js';
import { loadTies, recordTie } from '../../../db/operators/operator-ties.js';
import { findOperatorByEmail } from '../../../db/operators/operators.js';
import {
  closePeopleChange,
  findPeopleChange,
  insertPeopleChange,
  listPeopleChanges,
  pendingPeopleChange,
  setPeopleChangeTarget,
  targetKey,
  type PeopleChange,
} from '../../../db/operators/people-changes.js';
import { ApiError } from '../../../domain/shared/errors.js';
import { CLOSED_AS } from '../../../domain/operators/proposals.js';
import { hashPassword } from '../../../domain/operators/passwords.js';
import {
  judgePeopleDecision,
  roleChangeGrants,
  type PeopleChangeDetails,
  type PeopleChangeStatus,
  type PeopleDecision,
} from '../../../domain/operators/people-changes.js';
import type { Role } from '../../../domain/operators/permissions.js';
import { operatorResetEmail, sendOperatorResetEmail } from '../../../platform/email/operator-reset.js';
import { currentTime, type ApiDeps } from '../../deps.js';

/**
 * Changes to people under four eyes, for the JSON API, the dashboard and the CLI alike: a change
 * that grants nothing (a lower role, disabling) applies at once; creating a local account,
 * granting or raising a role, resetting a password or a second factor is a proposal an ADMIN
 * other than, and independent of, the proposer approves. Approving applies it in one transaction
 * with its audit entry and the tie (who proposed it) the second-person rule reads later.
 */

type Deps = Pick<ApiDeps, 'orm' | 'clock' | 'config'>;
const fork = (deps: Deps) => deps.orm.em.fork() as EntityManager;

export interface Proposer {
  operatorId: number;
  actor: AuditActor;
}

export interface PeopleChangeView {
  id: number;
  kind: PeopleChange['kind'];
  targetOperatorId: number | null;
  email: string;
  role: Role | null;
  fromRole: Role | null;
  status: PeopleChangeStatus;
  proposedByOperatorId: number;
  proposedAt: string;
  decidedByOperatorId: number | null;
  decidedAt: string | null;
  comment: string | null;
}

export function peopleChangeView(change: PeopleChange): PeopleChangeView {
  const { details } = change;
  return {
    id: change.id,
    kind: change.kind,
    targetOperatorId: change.targetOperatorId,
    email: details.email,
    role: details.kind === 'CREATE_OPERATOR' || details.kind === 'GRANT_ROLE' ? details.role : null,
    fromRole: details.kind === 'GRANT_ROLE' ? details.fromRole : null,
    status: change.status,
    proposedByOperatorId: change.proposedByOperatorId,
    proposedAt: change.proposedAt.toISOString(),
    decidedByOperatorId: change.decidedByOperatorId,
    decidedAt: change.decidedAt?.toISOString() ?? null,
    comment: change.comment,
  };
}

/** The same change, whatever order its keys came back in (jsonb keeps its own). */
function sameDetails(a: PeopleChangeDetails, b: PeopleChangeDetails): boolean {
  const canonical = (details: PeopleChangeDetails) =>
    JSON.stringify(Object.entries(details).sort(([x], [y]) => x.localeCompare(y)));
  return canonical(a) === canonical(b);
}

/**
 * Files a proposal: the same one sent again by its proposer is answered with the one waiting;
 * another waiting for the same account and kind is refused (decide or withdraw it first).
 */
async function propose(
  deps: Deps,
  proposer: Proposer,
  targetOperatorId: number | null,
  details: PeopleChangeDetails,
): Promise<PeopleChangeView> {
  const at = currentTime(deps);
  return fork(deps).transactional(async (tx) => {
    const waiting = await pendingPeopleChange(tx, targetKey(targetOperatorId, details.email), details.kind);
    if (waiting) {
      if (waiting.proposedByOperatorId === proposer.operatorId && sameDetails(waiting.details, details)) {
        return peopleChangeView(waiting);
      }
      throw new ApiError('PEOPLE_CHANGE_WAITING');
    }
    const change = await insertPeopleChange(tx, {
      targetOperatorId,
      details,
      proposedByOperatorId: proposer.operatorId,
      at,
    });
    await appendAudit(tx, proposer.actor, {
      action: 'people_change.proposed',
      targetType: 'people_change',
      targetId: change.id,
      after: { ...details, targetOperatorId, status: 'PENDING' },
    });
    return peopleChangeView(change);
  });
}

async function operatorOr404(em: EntityManager, id: number) {
  const operator = await em.findOne(OperatorSchema, { id }, { refresh: true });
  if (!operator) throw new ApiError('OPERATOR_NOT_FOUND');
  return operator;
}

/** A new local account: a proposal (no password: the person chooses it through the emailed link). */
export async function proposeNewOperator(
  deps: Deps,
  proposer: Proposer,
  input: { email: string; role: Role },
): Promise<PeopleChangeView> {
  const email = input.email.trim().toLowerCase();
  if (await findOperatorByEmail(fork(deps), email)) throw new ApiError('EMAIL_TAKEN');
  return propose(deps, proposer, null, { kind: 'CREATE_OPERATOR', email, role: input.role });
}

/**
 * A role change: one that grants nothing applies at once (answered with the operator); one that
 * grants anything is a proposal (answered with it).
 */
export async function proposeRoleChange(
  deps: Deps,
  proposer: Proposer,
  input: { id: number; role: Role },
): Promise<{ applied: true; operator: OperatorView } | { applied: false; change: PeopleChangeView }> {
  const operator = await operatorOr404(fork(deps), input.id);
  if (operator.id === proposer.operatorId && operator.role !== input.role) {
    throw new ApiError('OPERATOR_SELF_CHANGE', 'You cannot change your own role');
  }
  if (operator.role === input.role || !roleChangeGrants(operator.role, input.role)) {
    const changed = await changeOperatorRole(
      fork(deps),
      { ...proposer.actor, operatorId: proposer.operatorId },
      { id: input.id, role: input.role, now: currentTime(deps) },
    );
    return { applied: true, operator: changed };
  }
  return {
    applied: false,
    change: await propose(deps, proposer, operator.id, {
      kind: 'GRANT_ROLE',
      email: operator.email,
      fromRole: operator.role,
      role: input.role,
    }),
  };
}

/** A password or second-factor reset for another operator: a proposal. */
export async function proposeReset(
  deps: Deps,
  proposer: Proposer,
  input: { id: number; kind: 'RESET_PASSWORD' | 'RESET_SECOND_FACTOR' },
): Promise<PeopleChangeView> {
  const operator = await operatorOr404(fork(deps), input.id);
  if (operator.id === proposer.operatorId) {
    throw new ApiError(
      'OPERATOR_SELF_CHANGE',
      input.kind === 'RESET_PASSWORD'
        ? 'Change your own password from your account page'
        : 'Replace your own second factor from your account page',
    );
  }
  return propose(deps, proposer, operator.id, { kind: input.kind, email: operator.email });
}

/**
 * Proposes re-enabling a disabled account: a change a second, independent ADMIN approves (a
 * disabled account coming back is a new account in all but name). An account that is not disabled
 * answers 409 OPERATOR_NOT_DISABLED; one's own cannot be re-enabled by oneself.
 */
export async function proposeEnable(deps: Deps, proposer: Proposer, id: number): Promise<PeopleChangeView> {
  const operator = await operatorOr404(fork(deps), id);
  if (operator.id === proposer.operatorId) {
    throw new ApiError('OPERATOR_SELF_CHANGE', 'Another ADMIN proposes re-enabling your account');
  }
  if (operator.status !== 'DISABLED') {
    throw new ApiError('OPERATOR_NOT_DISABLED', `${operator.email} is not disabled`);
  }
  return propose(deps, proposer, operator.id, { kind: 'ENABLE_OPERATOR', email: operator.email });
}

/**
 * Proposes linking a local account to a person of the identity provider, who then signs in as
 * it: a people change a second, independent ADMIN approves (sign-in never adopts a local account
 * by itself). Never a break-glass ADMIN (they sign in when the provider cannot), never an account
 * or a person already linked.
 */
export async function proposeIdentityLink(
  deps: Deps,
  proposer: Proposer,
  id: number,
  input: { subject: string; issuer?: string | undefined },
): Promise<PeopleChangeView> {
  const issuer = input.issuer ?? deps.config.OIDC_ISSUER_URL;
  if (!issuer) throw new ApiError('OIDC_NOT_CONFIGURED');
  const operator = await operatorOr404(fork(deps), id);
  if (operator.id === proposer.operatorId) {
    throw new ApiError('OPERATOR_SELF_CHANGE', 'Another ADMIN proposes linking your account');
  }
  const refusal = await identityLinkRefusal(fork(deps), operator.id, issuer, input.subject);
  if (refusal) throw new ApiError(refusal);
  return propose(deps, proposer, operator.id, {
    kind: 'LINK_IDENTITY',
    email: operator.email,
    issuer,
    subject: input.subject,
  });
}

/** Why the account may not be linked to that person now, read from PostgreSQL; null when it may. */
async function identityLinkRefusal(
  em: EntityManager,
  operatorId: number,
  issuer: string,
  subject: string,
): Promise<'BREAK_GLASS_NOT_LINKABLE' | 'IDENTITY_ALREADY_LINKED' | null> {
  const [account] = await em.execute<Array<{ break_glass: boolean; linked: boolean }>>(
    'select break_glass, oidc_subject is not null as linked from operators where id = ?',
    [operatorId],
  );
  if (account?.break_glass) return 'BREAK_GLASS_NOT_LINKABLE';
  if (account?.linked) return 'IDENTITY_ALREADY_LINKED';
  const [taken] = await em.execute<Array<{ id: string }>>(
    'select id from operators where oidc_issuer = ? and oidc_subject = ?',
    [issuer, subject],
  );
  return taken ? 'IDENTITY_ALREADY_LINKED' : null;
}

/** Issues a reset link for the account and emails it to the account's own address, in `tx`. */
async function emailResetLink(
  deps: Deps,
  tx: EntityManager,
  actor: AuditActor & { operatorId: number },
  operatorId: number,
  at: Date,
  isNewAccount: boolean,
): Promise<void> {
  const issued = await issuePasswordReset(tx, actor, { operatorId, now: at });
  const url = new URL('/admin/password-reset', deps.config.PUBLIC_URL);
  url.searchParams.set('token', issued.token);
  try {
    await sendOperatorResetEmail(
      { smtpUrl: deps.config.SMTP_URL ?? null, from: deps.config.EMAIL_FROM },
      operatorResetEmail({
        to: issued.email,
        resetUrl: url.toString(),
        expiresAt: issued.expiresAt,
        isNewAccount,
      }),
    );
  } catch (error) {
    throw new ApiError(
      'OPERATOR_EMAIL_NOT_SENT',
      `The link could not be emailed to ${issued.email} (${(error as Error).message}), so nothing was applied`,
    );
  }
}

/** Applies an approved change in `tx`; returns the account it made or changed. */
async function applyChange(
  deps: Deps,
  tx: EntityManager,
  change: PeopleChange,
  approver: Proposer,
  at: Date,
  unusableHash: string,
): Promise<number> {
  const { details } = change;
  const actor = { ...approver.actor, operatorId: approver.operatorId };
  let operatorId: number;
  if (details.kind === 'CREATE_OPERATOR') {
    const operator = tx.create(OperatorSchema, {
      email: details.email,
      passwordHash: unusableHash,
      role: details.role,
      status: 'ACTIVE',
      createdAt: at,
      updatedAt: at,
      lastLoginAt: null,
      totpSealed: null,
      totpEnrolledAt: null,
    });
    await tx.flush();
    operatorId = operator.id;
    await appendAudit(tx, approver.actor, {
      action: 'operator.create',
      targetType: 'operator',
      targetId: operatorId,
      after: { email: details.email, role: details.role, status: 'ACTIVE', peopleChangeId: change.id },
    });
  } else {
    operatorId = change.targetOperatorId!;
    if (details.kind === 'GRANT_ROLE') {
      await tx.nativeUpdate(OperatorSchema, { id: operatorId }, { role: details.role, updatedAt: at });
      await appendAudit(tx, approver.actor, {
        action: 'operator.role_changed',
        targetType: 'operator',
        targetId: operatorId,
        before: { email: details.email, role: details.fromRole },
        after: { email: details.email, role: details.role, peopleChangeId: change.id },
      });
    } else if (details.kind === 'RESET_SECOND_FACTOR') {
      await resetSecondFactor(tx, approver.actor, { operatorId, now: at });
    } else if (details.kind === 'LINK_IDENTITY') {
      // Judged again where it applies: the account or the person may have been linked since.
      const refusal = await identityLinkRefusal(tx, operatorId, details.issuer, details.subject);
      if (refusal) throw new ApiError(refusal);
      await tx.execute(
        'update operators set oidc_issuer = ?, oidc_subject = ?, updated_at = ? where id = ?',
        [details.issuer, details.subject, at, operatorId],
      );
      await appendAudit(tx, approver.actor, {
        action: 'operator.identity_linked',
        targetType: 'operator',
        targetId: operatorId,
        after: {
          email: details.email,
          issuer: details.issuer,
          subject: details.subject,
          peopleChangeId: change.id,
        },
      });
    } else if (details.kind === 'ENABLE_OPERATOR') {
      // Sessions revoked when it was disabled stay revoked: the person signs in again.
      await tx.nativeUpdate(OperatorSchema, { id: operatorId }, { status: 'ACTIVE', updatedAt: at });
      await appendAudit(tx, approver.actor, {
        action: 'operator.enabled',
        targetType: 'operator',
        targetId: operatorId,
        before: { email: details.email, status: 'DISABLED' },
        after: { email: details.email, status: 'ACTIVE', peopleChangeId: change.id },
      });
    }
  }
  await recordTie(tx, {
    operatorId,
    byOperatorId: change.proposedByOperatorId,
    kind: details.kind,
    peopleChangeId: change.id,
    at,
  });
  // Last: the mail goes out only when everything else stands, and a refusal rolls it all back.
  if (details.kind === 'CREATE_OPERATOR' || details.kind === 'RESET_PASSWORD') {
    await emailResetLink(deps, tx, actor, operatorId, at, details.kind === 'CREATE_OPERATOR');
  }
  return operatorId;
}

const REFUSALS = {
  PEOPLE_CHANGE_NOT_PENDING: undefined,
  PEOPLE_CHANGE_STALE: undefined,
  SELF_APPROVAL_FORBIDDEN:
    'A change to people is decided by an ADMIN other than, and independent of, its proposer, and not by the account it changes',
  FORBIDDEN: 'Only the operator who proposed a change may withdraw it',
} as const;

export function peopleChangeId(rawId: string): number {
  const id = /^[1-9]\d{0,15}$/.test(rawId) ? Number(rawId) : NaN;
  if (!Number.isSafeInteger(id)) throw new ApiError('PEOPLE_CHANGE_NOT_FOUND');
  return id;
}

/** Approves, rejects or withdraws a proposal; approving applies it, all in one transaction. */
export async function decidePeopleChange(
  deps: Deps,
  decider: Proposer,
  rawId: string,
  decision: PeopleDecision,
  comment: string | null,
): Promise<PeopleChangeView> {
  const id = peopleChangeId(rawId);
  const at = currentTime(deps);
  // Hashing is slow on purpose; an account nobody can sign in to until the link is used.
  const unusableHash = await hashPassword(randomBytes(32).toString('base64url'));
  return fork(deps).transactional(async (tx) => {
    const change = await findPeopleChange(tx, id, true);
    if (!change) throw new ApiError('PEOPLE_CHANGE_NOT_FOUND');
    const target =
      change.targetOperatorId !== null
        ? await tx.findOne(OperatorSchema, { id: change.targetOperatorId }, { refresh: true })
        : await findOperatorByEmail(tx, change.details.email);
    const refusal = judgePeopleDecision(
      change,
      decision,
      decider.operatorId,
      target ? { role: target.role, status: target.status } : null,
      await loadTies(tx, change.proposedByOperatorId, decider.operatorId),
    );
    if (refusal) throw new ApiError(refusal, REFUSALS[refusal]);
    const closed = await closePeopleChange(tx, change.id, {
      status: CLOSED_AS[decision],
      operatorId: decider.operatorId,
      at,
      comment,
    });
    if (!closed) throw new ApiError('PEOPLE_CHANGE_NOT_PENDING');
    await appendAudit(tx, decider.actor, {
      action: `people_change.${CLOSED_AS[decision].toLowerCase()}`,
      targetType: 'people_change',
      targetId: change.id,
      before: { status: 'PENDING' },
      after: { ...change.details, targetOperatorId: change.targetOperatorId, status: closed.status, comment },
    });
    if (decision === 'APPROVE') {
      const operatorId = await applyChange(deps, tx, change, decider, at, unusableHash);
      if (change.targetOperatorId === null) {
        await setPeopleChangeTarget(tx, change.id, operatorId);
        return peopleChangeView({ ...closed, targetOperatorId: operatorId });
      }
    }
    return peopleChangeView(closed);
  });
}

export async function peopleChangeList(
  deps: Deps,
  query: { status?: PeopleChangeStatus | undefined; page: number; size: number },
) {
  const result = await listPeopleChanges(fork(deps), query);
  return { items: result.items.map(peopleChangeView), total: result.total };
}

export async function peopleChangeDetail(deps: Deps, rawId: string): Promise<PeopleChangeView> {
  const change = await findPeopleChange(fork(deps), peopleChangeId(rawId));
  if (!change) throw new ApiError('PEOPLE_CHANGE_NOT_FOUND');
  return peopleChangeView(change);
}

export { operatorView };
