import { PERMISSIONS, type Action, type Role } from './permissions.js';
import { judgeDecider, type ProposalDecision } from './proposals.js';
import { NO_TIES, type TieFacts } from './second-person.js';

/**
 * Four eyes on people: creating a local (break-glass) account, granting or raising a role,
 * resetting a password or a second factor, re-enabling a disabled account, linking a local
 * account to a person of the identity provider are proposals an ADMIN other than, and independent of,
 * the proposer approves. A password reset's link goes to the person by email on approval; nobody
 * who asked sees it. Pure: the API, the dashboard, the CLI and the tests ask these functions.
 */

export const PEOPLE_CHANGE_KINDS = [
  'CREATE_OPERATOR',
  'GRANT_ROLE',
  'RESET_PASSWORD',
  'RESET_SECOND_FACTOR',
  'ENABLE_OPERATOR',
  'LINK_IDENTITY',
] as const;
export type PeopleChangeKind = (typeof PEOPLE_CHANGE_KINDS)[number];

/** EXPIRED: nobody decided it within its window (domain/approvals/approval-windows.ts). */
export const PEOPLE_CHANGE_STATUSES = ['PENDING', 'APPROVED', 'REJECTED', 'WITHDRAWN', 'EXPIRED'] as const;
export type PeopleChangeStatus = (typeof PEOPLE_CHANGE_STATUSES)[number];

/** What a proposal changes, with what it was made against (the stale check of an approval). */
export type PeopleChangeDetails =
  | { kind: 'CREATE_OPERATOR'; email: string; role: Role }
  | { kind: 'GRANT_ROLE'; email: string; fromRole: Role; role: Role }
  | { kind: 'RESET_PASSWORD'; email: string }
  | { kind: 'RESET_SECOND_FACTOR'; email: string }
  | { kind: 'ENABLE_OPERATOR'; email: string }
  /** The local account signs in as this person of the identity provider from now on. */
  | { kind: 'LINK_IDENTITY'; email: string; issuer: string; subject: string };

function actionsOf(role: Role): Set<Action> {
  return new Set(
    (Object.keys(PERMISSIONS) as Action[]).filter((action) =>
      (PERMISSIONS[action] as readonly Role[]).includes(role),
    ),
  );
}

/**
 * A role change takes nothing away from the money's safety when the new role may do nothing the
 * old one could not: it applies at once. Any other change grants something, and waits.
 */
export function roleChangeGrants(from: Role, to: Role): boolean {
  const before = actionsOf(from);
  return [...actionsOf(to)].some((action) => !before.has(action));
}

export type PeopleDecision = ProposalDecision;

export interface PendingPeopleChange {
  status: PeopleChangeStatus;
  proposedByOperatorId: number;
  targetOperatorId: number | null;
  details: PeopleChangeDetails;
}

/** The target account as PostgreSQL holds it now (null: none, as for a creation). */
export interface TargetNow {
  role: Role;
  status: 'ACTIVE' | 'DISABLED';
}

export type PeopleDecisionRefusal =
  'PEOPLE_CHANGE_NOT_PENDING' | 'PEOPLE_CHANGE_STALE' | 'SELF_APPROVAL_FORBIDDEN' | 'FORBIDDEN';

/**
 * Whether an operator may decide a proposal now. The proposer withdraws it and no one else may;
 * an approver or rejecter is neither the proposer, nor tied to them (second-person rule), nor the
 * account the change is about. Approving a role grant needs the account to hold the role it was
 * proposed against still.
 */
export function judgePeopleDecision(
  change: PendingPeopleChange,
  decision: PeopleDecision,
  operatorId: number,
  targetNow: TargetNow | null,
  ties: TieFacts = NO_TIES,
): PeopleDecisionRefusal | null {
  if (change.status !== 'PENDING') return 'PEOPLE_CHANGE_NOT_PENDING';
  const decider = judgeDecider(change.proposedByOperatorId, decision, operatorId, ties);
  if (decider || decision === 'WITHDRAW') return decider;
  if (change.targetOperatorId === operatorId) return 'SELF_APPROVAL_FORBIDDEN';
  if (decision === 'REJECT') return null;
  const { details } = change;
  if (details.kind === 'CREATE_OPERATOR') return targetNow ? 'PEOPLE_CHANGE_STALE' : null;
  if (!targetNow) return 'PEOPLE_CHANGE_STALE';
  if (details.kind === 'GRANT_ROLE' && targetNow.role !== details.fromRole) return 'PEOPLE_CHANGE_STALE';
  if (details.kind === 'ENABLE_OPERATOR' && targetNow.status !== 'DISABLED') return 'PEOPLE_CHANGE_STALE';
  return null;
}

/** Where a new operator comes from once the bootstrap is over: a people change a second ADMIN approves. */
export const PEOPLE_CHANGE_ROUTE =
  "propose it with POST /api/v1/admin/operators (or the dashboard's Operators page) and have an ADMIN other than you approve it at POST /api/v1/admin/people-changes/{id}/approve";

/**
 * The command line (a shell on the service's host, with its database) creates local accounts only
 * to bootstrap the two ADMINs that dual control needs, once per deployment: `adminsEver` counts
 * every operator who has ever held the ADMIN role (table admins_ever, disabled and demoted ones
 * included), so disabling or demoting an ADMIN never opens it again. After that, people come from
 * the identity provider or as proposals a second ADMIN approves. Null when it may create this one.
 */
export function commandLineCreationRefusal(adminsEver: number, role: Role): string | null {
  if (role !== 'ADMIN') {
    return `the command line creates only the first two ADMINs; other operators come from the identity provider, or ${PEOPLE_CHANGE_ROUTE}`;
  }
  if (adminsEver >= 2) {
    return `the command line's bootstrap is closed for good: this deployment has had two ADMINs (disabled or demoted ones count). A new operator comes from the identity provider, or ${PEOPLE_CHANGE_ROUTE}. If every ADMIN is lost, follow "Recovering when every ADMIN is lost" in docs/security/people.md`;
  }
  return null;
}
