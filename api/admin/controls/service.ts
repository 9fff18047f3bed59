import type { EntityManager } from '@mikro-orm/postgresql';
import { loadTies } from '../../../db/operators/operator-ties.js';
import { appendAudit, type AuditActor } from '../../../db/operators/audit.js';
import { supersedeWaitingProposal } from '../../../db/operators/proposals.js';
import {
  closeControlChange,
  findControlChange,
  insertControlChange,
  listControlChanges,
  pendingControlChange,
  type ControlChange,
} from '../../../db/operators/control-changes.js';
import { appNames } from '../../../db/payments/payment-admin.js';
import { setReceiptApprovals, storedReceiptApprovals } from '../../../db/payments/receipt-policies.js';
import { approvalRulesOf, setApprovalRules } from '../../../db/refunds/refund-policies.js';
import { payoutRulesOf, setPayoutRules } from '../../../db/payouts/payout-rules.js';
import type { PayoutRules } from '../../../domain/payouts/payout-rules.js';
import {
  compareControls,
  judgeControlDecision,
  sameControlValue,
  type ControlDecision,
  type ControlKind,
  type ControlValue,
} from '../../../domain/operators/control-changes.js';
import { loadGuardrails, recentRefundRatioAlarms, saveGuardrails } from '../../../db/apps/guardrails.js';
import type { Guardrails } from '../../../domain/apps/guardrails.js';
import { ApiError } from '../../../domain/shared/errors.js';
import { CLOSED_AS } from '../../../domain/operators/proposals.js';
import { defaultReceiptApprovals, type ReceiptApprovals } from '../../../domain/payments/manual-receipts.js';
import { MODES, type Mode } from '../../../domain/shared/mode.js';
import type { RefundApprovalRule } from '../../../domain/refunds/refund-approval-rules.js';
import { setting } from '../../../gateways/environment.js';
import { currentTime, type ApiDeps } from '../../deps.js';
import type { AdminState } from '../session.js';
import type { ControlChangesQuery } from './schemas.js';

/**
 * An app's money controls (its refund approval policy, how many operators confirm a manual
 * receipt) and the four eyes on changing them, for the JSON API and the dashboard alike: a change
 * that tightens a control (or keeps it) applies at once; one that loosens it is a proposal until
 * an ADMIN other than its proposer approves it. Each step commits with its audit entry.
 */

type Deps = Pick<ApiDeps, 'orm' | 'clock'>;

const fork = (deps: Deps) => deps.orm.em.fork() as EntityManager;

/** How many operators confirm an app's receipts: its own setting, else the mode's default. */
export async function receiptApprovalsOf(
  em: EntityManager,
  appId: number,
  mode: Mode,
): Promise<ReceiptApprovals> {
  return (
    (await storedReceiptApprovals(em, appId, mode)) ??
    defaultReceiptApprovals(mode, setting(process.env, `MANUAL_${mode}_APPROVALS`))
  );
}

async function controlValueOf(
  em: EntityManager,
  appId: number,
  mode: Mode,
  kind: ControlKind,
): Promise<ControlValue> {
  if (kind === 'GUARDRAILS') return { kind, guardrails: await loadGuardrails(em, appId, mode) };
  if (kind === 'PAYOUT_APPROVAL') return { kind, payoutRules: await payoutRulesOf(em, appId, mode) };
  return kind === 'REFUND_APPROVAL'
    ? { kind, rules: await approvalRulesOf(em, appId, mode) }
    : { kind, approvals: await receiptApprovalsOf(em, appId, mode) };
}

async function applyControlValue(em: EntityManager, appId: number, mode: Mode, value: ControlValue) {
  if (value.kind === 'REFUND_APPROVAL') await setApprovalRules(em, appId, mode, value.rules);
  else if (value.kind === 'PAYOUT_APPROVAL') await setPayoutRules(em, appId, mode, value.payoutRules);
  else if (value.kind === 'GUARDRAILS') await saveGuardrails(em, appId, mode, value.guardrails, new Date());
  else await setReceiptApprovals(em, appId, mode, value.approvals);
}

/** The refund approval rules of an app and mode, as the API shows them. */
export interface RefundApprovalSetting {
  rules: RefundApprovalRule[];
}

/** The setting itself, as the API shows it: { rules } of refund approval, or { approvals }. */
export function settingOf(
  value: ControlValue,
):
  | RefundApprovalSetting
  | { payoutRules: PayoutRules }
  | { approvals: ReceiptApprovals }
  | { guardrails: Guardrails } {
  if (value.kind === 'GUARDRAILS') return { guardrails: value.guardrails };
  if (value.kind === 'PAYOUT_APPROVAL') return { payoutRules: value.payoutRules };
  return value.kind === 'REFUND_APPROVAL' ? { rules: value.rules } : { approvals: value.approvals };
}

/** The audit action of a control's direct change (refund_policy.updated predates the others). */
const UPDATED_ACTION: Record<ControlKind, string> = {
  REFUND_APPROVAL: 'refund_policy.updated',
  PAYOUT_APPROVAL: 'payout_rules.updated',
  RECEIPT_APPROVALS: 'receipt_policy.updated',
  GUARDRAILS: 'guardrails.updated',
};

/** Locks the app's row: changes to one app's controls and their proposals happen one at a time. */
async function lockApp(em: EntityManager, appId: number): Promise<void> {
  const rows = await em.execute<Array<{ id: string }>>('select id from apps where id = ? for no key update', [
    appId,
  ]);
  if (!rows.length) throw new ApiError('APP_NOT_FOUND');
}

export interface ControlChangeView {
  id: number;
  appId: number;
  appName: string | null;
  mode: Mode;
  kind: ControlKind;
  currentValue: ReturnType<typeof settingOf>;
  proposedValue: ReturnType<typeof settingOf>;
  status: ControlChange['status'];
  /** PENDING only: the control has moved since the proposal, so approving it is refused. */
  stale: boolean;
  proposedByOperatorId: number;
  proposedAt: string;
  decidedByOperatorId: number | null;
  decidedAt: string | null;
  comment: string | null;
}

function changeView(change: ControlChange, appName: string | null, valueNow: ControlValue | null) {
  return {
    id: change.id,
    appId: change.appId,
    appName,
    mode: change.mode,
    kind: change.kind,
    currentValue: settingOf(change.currentValue),
    proposedValue: settingOf(change.proposedValue),
    status: change.status,
    stale:
      change.status === 'PENDING' && valueNow !== null && !sameControlValue(change.currentValue, valueNow),
    proposedByOperatorId: change.proposedByOperatorId,
    proposedAt: change.proposedAt.toISOString(),
    decidedByOperatorId: change.decidedByOperatorId,
    decidedAt: change.decidedAt?.toISOString() ?? null,
    comment: change.comment,
  } satisfies ControlChangeView;
}

async function viewsOf(em: EntityManager, changes: ControlChange[]): Promise<ControlChangeView[]> {
  const names = await appNames(
    em,
    changes.map((c) => c.appId),
  );
  return Promise.all(
    changes.map(async (change) =>
      changeView(
        change,
        names.get(change.appId) ?? null,
        change.status === 'PENDING' ? await controlValueOf(em, change.appId, change.mode, change.kind) : null,
      ),
    ),
  );
}

/** What a proposal did: applied at once (tightening or equal), or waiting for a second ADMIN. */
export type ProposalOutcome =
  { applied: true; value: ControlValue } | { applied: false; change: ControlChangeView };

/**
 * Sets a control, or proposes to. At most one proposal waits per app, mode and control: a new
 * loosening proposal supersedes the one waiting (the latest intent is what a second ADMIN
 * judges, and a decision names the proposal it approves, so nothing is approved unseen); the
 * same proposal sent again by the same operator is answered with the one waiting.
 */
export async function proposeControl(
  deps: Deps,
  admin: AdminState,
  actor: AuditActor,
  target: { appId: number; mode: Mode },
  proposed: ControlValue,
): Promise<ProposalOutcome> {
  const { appId, mode } = target;
  const at = currentTime(deps);
  return fork(deps).transactional(async (tx): Promise<ProposalOutcome> => {
    await lockApp(tx, appId);
    const current = await controlValueOf(tx, appId, mode, proposed.kind);
    if (compareControls(current, proposed) !== 'LOOSER') {
      await applyControlValue(tx, appId, mode, proposed);
      await appendAudit(tx, actor, {
        action: UPDATED_ACTION[proposed.kind],
        targetType: 'app',
        targetId: appId,
        before: { mode, ...settingOf(current) },
        after: { mode, ...settingOf(proposed) },
      });
      return { applied: true, value: proposed };
    }
    const waiting = await pendingControlChange(tx, { appId, mode, kind: proposed.kind });
    if (
      waiting &&
      waiting.proposedByOperatorId === admin.operator.id &&
      sameControlValue(waiting.proposedValue, proposed) &&
      sameControlValue(waiting.currentValue, current)
    ) {
      return { applied: false, change: (await viewsOf(tx, [waiting]))[0]! };
    }
    if (waiting) {
      // Which loosening was withdrawn from the second ADMIN's queue, and what replaced it.
      const setting = (status: string, from: ControlValue, to: ControlValue) => ({
        appId,
        mode,
        kind: waiting.kind,
        status,
        current: settingOf(from),
        proposed: settingOf(to),
      });
      await supersedeWaitingProposal(
        tx,
        actor,
        {
          close: (outcome) => closeControlChange(tx, waiting.id, outcome),
          operatorId: admin.operator.id,
          at,
        },
        {
          action: 'control_change.superseded',
          targetType: 'control_change',
          targetId: waiting.id,
          before: setting('PENDING', waiting.currentValue, waiting.proposedValue),
          after: () => setting('SUPERSEDED', current, proposed),
        },
      );
    }
    const change = await insertControlChange(tx, {
      appId,
      mode,
      kind: proposed.kind,
      currentValue: current,
      proposedValue: proposed,
      proposedByOperatorId: admin.operator.id,
      at,
    });
    await appendAudit(tx, actor, {
      action: 'control_change.proposed',
      targetType: 'control_change',
      targetId: change.id,
      before: { appId, mode, kind: change.kind, ...settingOf(current) },
      after: { appId, mode, kind: change.kind, ...settingOf(proposed), status: 'PENDING' },
    });
    return { applied: false, change: (await viewsOf(tx, [change]))[0]! };
  });
}

const REFUSALS = {
  CONTROL_CHANGE_NOT_PENDING: undefined,
  CONTROL_CHANGE_STALE: undefined,
  SELF_APPROVAL_FORBIDDEN:
    'A change to a control is decided by an ADMIN other than, and independent of, the operator who proposed it',
  FORBIDDEN: 'Only the operator who proposed a change may withdraw it',
} as const;

/**
 * Approves, rejects or withdraws a proposal. Approving applies the proposed setting, provided the
 * control is still what the proposal was made against; all of it commits with its audit entry.
 */
export async function decideControlChange(
  deps: Deps,
  admin: AdminState,
  actor: AuditActor,
  rawId: string,
  decision: ControlDecision,
  comment: string | null,
): Promise<ControlChangeView> {
  const id = /^[1-9]\d{0,15}$/.test(rawId) ? Number(rawId) : NaN;
  if (!Number.isSafeInteger(id)) throw new ApiError('CONTROL_CHANGE_NOT_FOUND');
  const at = currentTime(deps);
  return fork(deps).transactional(async (tx) => {
    const found = await findControlChange(tx, id);
    if (!found) throw new ApiError('CONTROL_CHANGE_NOT_FOUND');
    await lockApp(tx, found.appId);
    const change = (await findControlChange(tx, id, true))!;
    const valueNow = await controlValueOf(tx, change.appId, change.mode, change.kind);
    const refusal = judgeControlDecision(
      change,
      decision,
      admin.operator.id,
      valueNow,
      await loadTies(tx, change.proposedByOperatorId, admin.operator.id),
    );
    if (refusal) throw new ApiError(refusal, REFUSALS[refusal]);
    if (decision === 'APPROVE') await applyControlValue(tx, change.appId, change.mode, change.proposedValue);
    const closed = await closeControlChange(tx, change.id, {
      status: CLOSED_AS[decision],
      operatorId: admin.operator.id,
      at,
      comment,
    });
    if (!closed) throw new ApiError('CONTROL_CHANGE_NOT_PENDING');
    await appendAudit(tx, actor, {
      action: `control_change.${CLOSED_AS[decision].toLowerCase()}`,
      targetType: 'control_change',
      targetId: change.id,
      before: { appId: change.appId, mode: change.mode, kind: change.kind, ...settingOf(valueNow) },
      after: {
        appId: change.appId,
        mode: change.mode,
        kind: change.kind,
        ...settingOf(decision === 'APPROVE' ? change.proposedValue : valueNow),
        status: closed.status,
        comment,
      },
    });
    return (await viewsOf(tx, [closed]))[0]!;
  });
}

export async function controlChangeList(deps: Deps, query: ControlChangesQuery) {
  const em = fork(deps);
  const result = await listControlChanges(em, query);
  return { items: await viewsOf(em, result.items), total: result.total };
}

export async function controlChangeDetail(deps: Deps, rawId: string): Promise<ControlChangeView> {
  const id = /^[1-9]\d{0,15}$/.test(rawId) ? Number(rawId) : NaN;
  const em = fork(deps);
  const change = Number.isSafeInteger(id) ? await findControlChange(em, id) : null;
  if (!change) throw new ApiError('CONTROL_CHANGE_NOT_FOUND');
  return (await viewsOf(em, [change]))[0]!;
}

export interface ModeControls {
  refundApproval: RefundApprovalSetting;
  /** Whether payouts are on, and how many approvers they wait for. */
  payoutRules: PayoutRules;
  receiptApprovals: ReceiptApprovals;
  /** Proposals to loosen either, waiting for a second ADMIN. */
  pendingChanges: ControlChangeView[];
}

/** An app's controls in each mode, with the proposals waiting on them. */
/** The app's name, as the controls page titles it. */
export async function controlledAppName(deps: Deps, appId: number): Promise<string | null> {
  return (await appNames(fork(deps), [appId])).get(appId) ?? null;
}

export async function appControls(deps: Deps, appId: number): Promise<Record<Mode, ModeControls>> {
  const em = fork(deps);
  const [exists] = await em.execute<Array<{ id: string }>>('select id from apps where id = ?', [appId]);
  if (!exists) throw new ApiError('APP_NOT_FOUND');
  const pending = await listControlChanges(em, { status: 'PENDING', appId, page: 1, size: 100 });
  const views = await viewsOf(em, pending.items);
  const entries = await Promise.all(
    MODES.map(
      async (mode) =>
        [
          mode,
          {
            refundApproval: { rules: await approvalRulesOf(em, appId, mode) },
            payoutRules: await payoutRulesOf(em, appId, mode),
            receiptApprovals: await receiptApprovalsOf(em, appId, mode),
            pendingChanges: views.filter((v) => v.mode === mode),
          },
        ] as const,
    ),
  );
  return Object.fromEntries(entries) as Record<Mode, ModeControls>;
}

export interface ModeGuardrails {
  guardrails: Guardrails;
  /** A proposal to loosen them, waiting for a second ADMIN. */
  pendingChange: ControlChangeView | null;
}

/** An app's guardrails in each mode, the proposals waiting on them, and its latest refund alarms. */
export async function appGuardrails(deps: Deps, appId: number) {
  const em = fork(deps);
  const [exists] = await em.execute<Array<{ id: string }>>('select id from apps where id = ?', [appId]);
  if (!exists) throw new ApiError('APP_NOT_FOUND');
  const pending = await listControlChanges(em, { status: 'PENDING', appId, page: 1, size: 100 });
  const views = await viewsOf(
    em,
    pending.items.filter((change) => change.kind === 'GUARDRAILS'),
  );
  const modes = await Promise.all(
    MODES.map(
      async (mode) =>
        [
          mode,
          {
            guardrails: await loadGuardrails(em, appId, mode),
            pendingChange: views.find((view) => view.mode === mode) ?? null,
          } satisfies ModeGuardrails,
        ] as const,
    ),
  );
  const alarms = await recentRefundRatioAlarms(em, appId);
  return {
    ...(Object.fromEntries(modes) as Record<Mode, ModeGuardrails>),
    refundRatioAlarms: alarms.map((alarm) => ({ ...alarm, raisedAt: alarm.raisedAt.toISOString() })),
  };
}
