import type { EntityManager } from '@mikro-orm/postgresql';
import { appendAudit, type AuditActor } from '../../../db/operators/audit.js';
import { supersedeWaitingProposal } from '../../../db/operators/proposals.js';
import { loadTies } from '../../../db/operators/operator-ties.js';
import { queuedPayouts } from '../../../db/payouts/payouts.js';
import { queuedBatchLines } from '../../../db/payouts/payout-batches.js';
import { chunkOfLine } from '../../../domain/payouts/payout-batch-workflow-contract.js';
import {
  closeRailSwitchChange,
  findRailSwitchChange,
  insertRailSwitchChange,
  lockRailSwitch,
  pendingRailSwitchChange,
  pendingRailSwitchChanges,
  setRailSwitch,
  storedRailSwitches,
  type RailSwitchChange,
} from '../../../db/payouts/rail-switches.js';
import { compareRailSwitch, judgeRailSwitchDecision } from '../../../domain/payouts/rail-switches.js';
import { CLOSED_AS, type ProposalDecision } from '../../../domain/operators/proposals.js';
import { ApiError } from '../../../domain/shared/errors.js';
import { MODES, type Mode } from '../../../domain/shared/mode.js';
import { PAYOUT_RAIL_NAMES, type PayoutRailName } from '../../../gateways/payouts/registry.js';
import { currentTime, type RouteDeps } from '../../deps.js';
import { payoutRailsOf } from '../../payouts/payout-rails.js';
import type { AdminState } from '../session.js';

/**
 * The payout rails' kill switches for the JSON API and the dashboard alike. Switching a rail off
 * applies at once; switching a LIVE rail back on is a proposal until a different ADMIN approves it
 * (the four eyes of every control change). Each step commits with its audit entry; a rail that
 * comes back on wakes its queue, so the payouts it held go out without waiting for their recheck.
 */

type Deps = Pick<RouteDeps, 'orm' | 'clock' | 'orchestrator' | 'payoutRails'>;

const fork = (deps: Deps) => deps.orm.em.fork() as EntityManager;

export interface RailSwitchChangeView {
  id: number;
  rail: string;
  mode: Mode;
  proposedOn: boolean;
  status: RailSwitchChange['status'];
  proposedByOperatorId: number;
  proposedAt: string;
  decidedByOperatorId: number | null;
  decidedAt: string | null;
  comment: string | null;
}

export const railSwitchChangeView = (change: RailSwitchChange): RailSwitchChangeView => ({
  id: change.id,
  rail: change.rail,
  mode: change.mode,
  proposedOn: change.proposedOn,
  status: change.status,
  proposedByOperatorId: change.proposedByOperatorId,
  proposedAt: change.proposedAt.toISOString(),
  decidedByOperatorId: change.decidedByOperatorId,
  decidedAt: change.decidedAt?.toISOString() ?? null,
  comment: change.comment,
});

export interface RailSwitchView {
  rail: PayoutRailName;
  mode: Mode;
  on: boolean;
  /** Whether the service has settings for this rail in this mode at all. */
  configured: boolean;
  changedByOperatorId: number | null;
  changedAt: string | null;
  /** A proposal to switch it back on, waiting for a second ADMIN. */
  pendingChange: RailSwitchChangeView | null;
}

/** Every rail in every mode with its switch (on unless set off) and the proposal waiting on it. */
export async function railSwitchBoard(deps: Deps): Promise<RailSwitchView[]> {
  const em = fork(deps);
  const stored = await storedRailSwitches(em);
  const pending = await pendingRailSwitchChanges(em);
  const rails = payoutRailsOf(deps);
  return PAYOUT_RAIL_NAMES.flatMap((rail) =>
    MODES.map((mode) => {
      const set = stored.find((entry) => entry.rail === rail && entry.mode === mode);
      const waiting = pending.find((change) => change.rail === rail && change.mode === mode);
      return {
        rail,
        mode,
        on: set?.on ?? true,
        configured: rails.isConfigured(rail, mode),
        changedByOperatorId: set?.changedByOperatorId ?? null,
        changedAt: set?.changedByOperatorId ? (set.changedAt?.toISOString() ?? null) : null,
        pendingChange: waiting ? railSwitchChangeView(waiting) : null,
      };
    }),
  );
}

/**
 * After a top-up or the rail coming back on: every payout in its queue looks at its row again now,
 * a batch's lines through the workflow carrying their chunk (one nudge per chunk).
 */
export async function wakeRailQueue(deps: Deps, rail: string, mode: Mode): Promise<number> {
  const queued = await queuedPayouts(fork(deps), rail, mode);
  for (const payout of queued) await deps.orchestrator.nudgePayout(payout.reference);
  const chunks = new Map<string, { batchReference: string; chunk: number }>();
  for (const line of await queuedBatchLines(fork(deps), rail, mode)) {
    const chunk = chunkOfLine(line.lineNumber);
    chunks.set(`${line.batchReference}:${chunk}`, { batchReference: line.batchReference, chunk });
  }
  for (const { batchReference, chunk } of chunks.values())
    await deps.orchestrator.nudgePayoutLines(batchReference, chunk);
  return queued.length;
}

export type RailSwitchOutcome =
  | { applied: true; rail: string; mode: Mode; on: boolean; woken: number }
  | { applied: false; change: RailSwitchChangeView };

/**
 * Sets a rail's switch, or proposes to. Off (or no change) applies at once; back on in LIVE waits
 * for a second ADMIN: a new proposal supersedes the one waiting, the same one sent again by its
 * proposer is answered with the one waiting.
 */
export async function switchRail(
  deps: Deps,
  admin: AdminState,
  actor: AuditActor,
  target: { rail: PayoutRailName; mode: Mode },
  on: boolean,
  comment: string | null,
): Promise<RailSwitchOutcome> {
  const { rail, mode } = target;
  const at = currentTime(deps);
  const outcome = await fork(deps).transactional(async (tx): Promise<RailSwitchOutcome> => {
    const current = await lockRailSwitch(tx, rail, mode);
    const strictness = compareRailSwitch(mode, current.on, on);
    if (strictness !== 'LOOSER') {
      if (strictness === 'EQUAL') return { applied: true, rail, mode, on, woken: 0 };
      await setRailSwitch(tx, { rail, mode, on, operatorId: admin.operator.id, at });
      await appendAudit(tx, actor, {
        action: on ? 'payout_rail.switched_on' : 'payout_rail.switched_off',
        targetType: 'payout_rail',
        targetId: `${rail}:${mode}`,
        before: { rail, mode, on: current.on },
        after: { rail, mode, on, comment },
      });
      return { applied: true, rail, mode, on, woken: 0 };
    }
    const waiting = await pendingRailSwitchChange(tx, rail, mode);
    if (waiting && waiting.proposedByOperatorId === admin.operator.id && waiting.proposedOn === on) {
      return { applied: false, change: railSwitchChangeView(waiting) };
    }
    if (waiting) {
      await supersedeWaitingProposal(
        tx,
        actor,
        {
          close: (outcome) => closeRailSwitchChange(tx, waiting.id, outcome),
          operatorId: admin.operator.id,
          at,
        },
        {
          action: 'rail_switch_change.superseded',
          targetType: 'rail_switch_change',
          targetId: waiting.id,
          before: { rail, mode, proposedOn: waiting.proposedOn, status: 'PENDING' },
          after: () => ({ rail, mode, proposedOn: on, status: 'SUPERSEDED' }),
        },
      );
    }
    const change = await insertRailSwitchChange(tx, {
      rail,
      mode,
      proposedOn: on,
      proposedByOperatorId: admin.operator.id,
      at,
    });
    await appendAudit(tx, actor, {
      action: 'rail_switch_change.proposed',
      targetType: 'rail_switch_change',
      targetId: change.id,
      before: { rail, mode, on: current.on },
      after: { rail, mode, on, status: 'PENDING', comment },
    });
    return { applied: false, change: railSwitchChangeView(change) };
  });
  if (outcome.applied && outcome.on) return { ...outcome, woken: await wakeRailQueue(deps, rail, mode) };
  return outcome;
}

const REFUSALS = {
  CONTROL_CHANGE_NOT_PENDING: undefined,
  CONTROL_CHANGE_STALE: 'The rail is already on; there is nothing left to approve',
  SELF_APPROVAL_FORBIDDEN:
    'Switching a rail back on is decided by an ADMIN other than, and independent of, the operator who proposed it',
  FORBIDDEN: 'Only the operator who proposed a change may withdraw it',
} as const;

/** Approves, rejects or withdraws a proposal to switch a rail back on; approving switches it on. */
export async function decideRailSwitchChange(
  deps: Deps,
  admin: AdminState,
  actor: AuditActor,
  rawId: string,
  decision: ProposalDecision,
  comment: string | null,
): Promise<RailSwitchChangeView> {
  const id = /^[1-9]\d{0,15}$/.test(rawId) ? Number(rawId) : NaN;
  if (!Number.isSafeInteger(id)) throw new ApiError('CONTROL_CHANGE_NOT_FOUND');
  const at = currentTime(deps);
  const closed = await fork(deps).transactional(async (tx) => {
    const found = await findRailSwitchChange(tx, id);
    if (!found) throw new ApiError('CONTROL_CHANGE_NOT_FOUND');
    const current = await lockRailSwitch(tx, found.rail, found.mode);
    const change = (await findRailSwitchChange(tx, id, true))!;
    const refusal = judgeRailSwitchDecision(
      change,
      decision,
      admin.operator.id,
      current.on,
      await loadTies(tx, change.proposedByOperatorId, admin.operator.id),
    );
    if (refusal) throw new ApiError(refusal, REFUSALS[refusal]);
    if (decision === 'APPROVE') {
      await setRailSwitch(tx, {
        rail: change.rail,
        mode: change.mode,
        on: change.proposedOn,
        operatorId: admin.operator.id,
        at,
      });
    }
    const done = await closeRailSwitchChange(tx, change.id, {
      status: CLOSED_AS[decision],
      operatorId: admin.operator.id,
      at,
      comment,
    });
    if (!done) throw new ApiError('CONTROL_CHANGE_NOT_PENDING');
    await appendAudit(tx, actor, {
      action: `rail_switch_change.${CLOSED_AS[decision].toLowerCase()}`,
      targetType: 'rail_switch_change',
      targetId: change.id,
      before: { rail: change.rail, mode: change.mode, on: current.on },
      after: {
        rail: change.rail,
        mode: change.mode,
        on: decision === 'APPROVE' ? change.proposedOn : current.on,
        status: done.status,
        comment,
      },
    });
    return done;
  });
  if (closed.status === 'APPROVED' && closed.proposedOn) await wakeRailQueue(deps, closed.rail, closed.mode);
  return railSwitchChangeView(closed);
}
