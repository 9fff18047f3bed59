import type { EntityManager } from '@mikro-orm/postgresql';
import type { RailSwitchChangeStatus } from '../../domain/payouts/rail-switches.js';
import type { Mode } from '../../domain/shared/mode.js';
import {
  proposalTable,
  type Proposal,
  type ProposalOutcome,
  type ProposalRow,
} from '../operators/proposals.js';

/**
 * The payout rails' switches (table payout_rail_switches; no row: on) and the proposals to switch
 * a LIVE rail back on (payout_rail_switch_changes, at most one PENDING per rail and mode).
 */

export interface RailSwitch {
  rail: string;
  mode: Mode;
  on: boolean;
  changedByOperatorId: number | null;
  changedAt: Date | null;
}

interface SwitchRow {
  rail: string;
  mode: Mode;
  switched_on: boolean;
  changed_by: string | null;
  changed_at: Date | string;
}

const switchOf = (row: SwitchRow): RailSwitch => ({
  rail: row.rail,
  mode: row.mode,
  on: row.switched_on,
  changedByOperatorId: row.changed_by === null ? null : Number(row.changed_by),
  changedAt: new Date(row.changed_at),
});

/** Whether the rail is on in this mode, read now: the payout steps ask it right before sending. */
export async function railSwitchedOn(em: EntityManager, rail: string, mode: Mode): Promise<boolean> {
  const [row] = await em.execute<Array<{ switched_on: boolean }>>(
    'select switched_on from payout_rail_switches where rail = ? and mode = ?',
    [rail, mode],
  );
  return row?.switched_on ?? true;
}

/** The rails switched off in a mode. */
export async function railsSwitchedOff(em: EntityManager, mode: Mode): Promise<Set<string>> {
  const rows = await em.execute<Array<{ rail: string }>>(
    'select rail from payout_rail_switches where mode = ? and not switched_on',
    [mode],
  );
  return new Set(rows.map((row) => row.rail));
}

/** Every switch that has been set; a rail and mode without one is on. */
export async function storedRailSwitches(em: EntityManager): Promise<RailSwitch[]> {
  const rows = await em.execute<SwitchRow[]>(
    'select rail, mode, switched_on, changed_by, changed_at from payout_rail_switches order by rail, mode',
  );
  return rows.map(switchOf);
}

/**
 * The switch of a rail and mode under a row lock (created on, if it never was): changes to one
 * switch and its proposals happen one at a time.
 */
export async function lockRailSwitch(tx: EntityManager, rail: string, mode: Mode): Promise<RailSwitch> {
  await tx.execute(
    `insert into payout_rail_switches (rail, mode, switched_on) values (?, ?, true)
     on conflict (rail, mode) do nothing`,
    [rail, mode],
  );
  const [row] = await tx.execute<SwitchRow[]>(
    `select rail, mode, switched_on, changed_by, changed_at from payout_rail_switches
      where rail = ? and mode = ? for update`,
    [rail, mode],
  );
  return switchOf(row!);
}

export async function setRailSwitch(
  tx: EntityManager,
  input: { rail: string; mode: Mode; on: boolean; operatorId: number; at: Date },
): Promise<void> {
  await tx.execute(
    `update payout_rail_switches set switched_on = ?, changed_by = ?, changed_at = ? where rail = ? and mode = ?`,
    [input.on, input.operatorId, input.at, input.rail, input.mode],
  );
}

export interface RailSwitchChange extends Proposal<RailSwitchChangeStatus> {
  rail: string;
  mode: Mode;
  proposedOn: boolean;
}

interface ChangeRow extends ProposalRow<RailSwitchChangeStatus> {
  rail: string;
  mode: Mode;
  proposed_on: boolean;
}

const changes = proposalTable<ChangeRow, RailSwitchChange, RailSwitchChangeStatus>({
  table: 'payout_rail_switch_changes',
  kind: 'rail-switch-change',
  columns: ['rail', 'mode', 'proposed_on'],
  changeOf: (row, proposal) => ({ ...proposal, rail: row.rail, mode: row.mode, proposedOn: row.proposed_on }),
});

export function findRailSwitchChange(em: EntityManager, id: number, lock = false) {
  return changes.find(em, id, lock);
}

export function pendingRailSwitchChange(em: EntityManager, rail: string, mode: Mode) {
  return changes.pending(em, { rail, mode });
}

/** The proposals waiting for a second ADMIN, newest first. */
export async function pendingRailSwitchChanges(em: EntityManager): Promise<RailSwitchChange[]> {
  return (await changes.list(em, { status: 'PENDING' }, { page: 1, size: 100 })).items;
}

export function insertRailSwitchChange(
  em: EntityManager,
  change: { rail: string; mode: Mode; proposedOn: boolean; proposedByOperatorId: number; at: Date },
) {
  return changes.insert(
    em,
    { rail: change.rail, mode: change.mode, proposed_on: change.proposedOn },
    { byOperatorId: change.proposedByOperatorId, at: change.at },
  );
}

export function closeRailSwitchChange(
  em: EntityManager,
  id: number,
  outcome: ProposalOutcome<RailSwitchChangeStatus>,
) {
  return changes.close(em, id, outcome);
}
