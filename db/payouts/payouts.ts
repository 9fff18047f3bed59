import type { EntityManager } from '@mikro-orm/postgresql';
import type {
  PayoutBeneficiary as Beneficiary,
  PayoutBeneficiaryType as BeneficiaryType,
} from '../../domain/payouts/beneficiary.js';
import type { PayoutStatus } from '../../domain/payouts/payouts.js';
import { statusesBefore } from '../../domain/payouts/payouts.js';
import type { Mode } from '../../domain/shared/mode.js';
import { COMPANY_MIDNIGHT_SQL } from '../../platform/orm/company-day-sql.js';
import { instant, json, text, type Row } from '../../platform/orm/row-values.js';

/** The payouts table, in plain SQL: reads, the insert an Idempotency-Key makes once, and guarded moves. */

export interface Payout {
  id: number;
  reference: string;
  appId: number;
  mode: Mode;
  status: PayoutStatus;
  rail: string;
  amountMinor: number;
  currency: string;
  beneficiaryType: BeneficiaryType;
  beneficiary: Beneficiary;
  narrative: string | null;
  metadata: Record<string, unknown>;
  idempotencyKey: string | null;
  approvalsRequired: number;
  approvalExpiresAt: Date | null;
  /** The end of the cancel window: nothing is sent before it. */
  sendAfter: Date | null;
  beneficiaryCheck: Record<string, unknown> | null;
  railTransferId: string | null;
  feeMinor: number | null;
  failureCode: string | null;
  failureReason: string | null;
  /** Who cancelled it: APP, or an approver's rejection or the approval window's end. */
  cancelledBy: string | null;
  createdAt: Date;
  updatedAt: Date;
  settledAt: Date | null;
}

export interface AppScope {
  appId: number;
  mode: Mode;
}

function payoutFromRow(row: Row): Payout {
  return {
    id: Number(row.id),
    reference: String(row.reference),
    appId: Number(row.app_id),
    mode: row.mode as Mode,
    status: row.status as PayoutStatus,
    rail: String(row.rail),
    amountMinor: Number(row.amount_minor),
    currency: String(row.currency),
    beneficiaryType: row.beneficiary_type as BeneficiaryType,
    beneficiary: json<Beneficiary>(row.beneficiary),
    narrative: text(row.narrative),
    metadata: json<Record<string, unknown>>(row.metadata),
    idempotencyKey: text(row.idempotency_key),
    approvalsRequired: Number(row.approvals_required),
    approvalExpiresAt: instant(row.approval_expires_at),
    sendAfter: instant(row.send_after),
    beneficiaryCheck:
      row.beneficiary_check == null ? null : json<Record<string, unknown>>(row.beneficiary_check),
    railTransferId: text(row.rail_transfer_id),
    feeMinor: row.fee_minor == null ? null : Number(row.fee_minor),
    failureCode: text(row.failure_code),
    failureReason: text(row.failure_reason),
    cancelledBy: text(row.cancelled_by),
    createdAt: new Date(row.created_at as string),
    updatedAt: new Date(row.updated_at as string),
    settledAt: instant(row.settled_at),
  };
}

export async function selectPayouts(em: EntityManager, where: string, params: unknown[]): Promise<Payout[]> {
  const rows = await em.execute<Row[]>(`select * from payouts ${where}`, params);
  return rows.map(payoutFromRow);
}

export async function findPayoutById(em: EntityManager, id: number): Promise<Payout | null> {
  return (await selectPayouts(em, 'where id = ?', [id]))[0] ?? null;
}

/** Reads the payout under a row lock, for a change decided on what it holds now. */
export async function lockPayout(tx: EntityManager, id: number): Promise<Payout | null> {
  return (await selectPayouts(tx, 'where id = ? for update', [id]))[0] ?? null;
}

/** An app's payout by numeric id or reference, in its own mode only. */
export async function findScopedPayout(em: EntityManager, scope: AppScope, idOrReference: string) {
  const byId = /^\d{1,15}$/.test(idOrReference);
  const [payout] = await selectPayouts(
    em,
    `where ${byId ? 'id = ?' : 'reference = ?'} and app_id = ? and mode = ?`,
    [byId ? Number(idOrReference) : idOrReference, scope.appId, scope.mode],
  );
  return payout ?? null;
}

/** Any payout by numeric id or reference (operators). */
export async function findPayoutForOperators(em: EntityManager, idOrReference: string) {
  const byId = /^\d{1,15}$/.test(idOrReference);
  const [payout] = await selectPayouts(em, `where ${byId ? 'id = ?' : 'reference = ?'}`, [
    byId ? Number(idOrReference) : idOrReference,
  ]);
  return payout ?? null;
}

export async function findPayoutByIdempotencyKey(em: EntityManager, scope: AppScope, key: string) {
  const [payout] = await selectPayouts(em, 'where app_id = ? and mode = ? and idempotency_key = ?', [
    scope.appId,
    scope.mode,
    key,
  ]);
  return payout ?? null;
}

export interface NewPayout {
  reference: string;
  appId: number;
  mode: Mode;
  rail: string;
  amountMinor: number;
  currency: string;
  beneficiary: Beneficiary;
  narrative: string | null;
  metadata: Record<string, unknown>;
  idempotencyKey: string | null;
  /**
   * False when the caller starts the workflow only after committing (the API): the sweeper starts
   * it if that start never happens. A workflow that makes payouts starts them itself (true).
   */
  workflowStarted?: boolean;
}

/**
 * Inserts a CREATED payout; with an Idempotency-Key the app already used in this mode, the payout
 * it made answers instead (`created` false).
 */
export async function insertPayout(
  tx: EntityManager,
  input: NewPayout,
): Promise<{ payout: Payout; created: boolean }> {
  const rows = await tx.execute<Row[]>(
    `insert into payouts (reference, app_id, mode, status, rail, amount_minor, currency, beneficiary_type,
       beneficiary, narrative, metadata, idempotency_key, workflow_started)
     values (?, ?, ?, 'CREATED', ?, ?, ?, ?, ?::jsonb, ?, ?::jsonb, ?, ?)
     on conflict on constraint payouts_idempotency_unique do nothing
     returning *`,
    [
      input.reference,
      input.appId,
      input.mode,
      input.rail,
      input.amountMinor,
      input.currency,
      input.beneficiary.type,
      JSON.stringify(input.beneficiary),
      input.narrative,
      JSON.stringify(input.metadata),
      input.idempotencyKey,
      input.workflowStarted ?? true,
    ],
  );
  if (rows[0]) return { payout: payoutFromRow(rows[0]), created: true };
  const earlier = await findPayoutByIdempotencyKey(tx, input, input.idempotencyKey!);
  return { payout: earlier!, created: false };
}

/** Payouts the API committed but whose workflow it could not start, taken before `takenBefore`. */
export async function payoutsAwaitingWorkflow(
  em: EntityManager,
  takenBefore: Date,
  limit: number,
): Promise<Payout[]> {
  return selectPayouts(em, 'where not workflow_started and created_at < ? order by created_at, id limit ?', [
    takenBefore,
    limit,
  ]);
}

/** Remembers that the payout's workflow runs (or ran), so the sweeper leaves it alone. */
export async function markPayoutWorkflowStarted(em: EntityManager, payoutId: number): Promise<void> {
  await em.execute('update payouts set workflow_started = true where id = ? and not workflow_started', [
    payoutId,
  ]);
}

/** Columns a move may set besides the status, by name. */
export interface PayoutChanges {
  approvalsRequired?: number;
  approvalExpiresAt?: Date | null;
  sendAfter?: Date | null;
  beneficiaryCheck?: Record<string, unknown>;
  railTransferId?: string | null;
  feeMinor?: number | null;
  failureCode?: string | null;
  failureReason?: string | null;
  cancelledBy?: string;
  settled?: boolean;
}

const COLUMNS: Record<Exclude<keyof PayoutChanges, 'settled'>, string> = {
  approvalsRequired: 'approvals_required',
  approvalExpiresAt: 'approval_expires_at',
  sendAfter: 'send_after',
  beneficiaryCheck: 'beneficiary_check',
  railTransferId: 'rail_transfer_id',
  feeMinor: 'fee_minor',
  failureCode: 'failure_code',
  failureReason: 'failure_reason',
  cancelledBy: 'cancelled_by',
};

/**
 * Moves a payout to `to` only from a status the rules allow (and, when given, only from `from`):
 * the guard is in the statement, so of two racing moves (the app's cancel and the send) exactly
 * one wins. Answers the payout as moved, or null when it was not where the move starts.
 */
export async function movePayout(
  tx: EntityManager,
  id: number,
  to: PayoutStatus,
  changes: PayoutChanges = {},
  from: readonly PayoutStatus[] = statusesBefore(to),
): Promise<Payout | null> {
  const allowed = from.filter((status) => statusesBefore(to).includes(status));
  if (allowed.length === 0) return null;
  const sets = ['status = ?', 'updated_at = now()'];
  const params: unknown[] = [to];
  for (const [key, column] of Object.entries(COLUMNS) as Array<[keyof typeof COLUMNS, string]>) {
    if (!(key in changes)) continue;
    const value = changes[key];
    sets.push(key === 'beneficiaryCheck' ? `${column} = ?::jsonb` : `${column} = ?`);
    params.push(key === 'beneficiaryCheck' ? JSON.stringify(value) : value);
  }
  if (changes.settled) sets.push('settled_at = now()');
  const rows = await tx.execute<Row[]>(
    `update payouts set ${sets.join(', ')} where id = ? and status in (${allowed.map(() => '?').join(', ')}) returning *`,
    [...params, id, ...allowed],
  );
  return rows[0] ? payoutFromRow(rows[0]) : null;
}

/** Sets columns without a move (the beneficiary check's answer). */
export async function updatePayout(tx: EntityManager, id: number, changes: PayoutChanges): Promise<void> {
  const sets: string[] = [];
  const params: unknown[] = [];
  for (const [key, column] of Object.entries(COLUMNS) as Array<[keyof typeof COLUMNS, string]>) {
    if (!(key in changes)) continue;
    sets.push(key === 'beneficiaryCheck' ? `${column} = ?::jsonb` : `${column} = ?`);
    params.push(key === 'beneficiaryCheck' ? JSON.stringify(changes[key]) : changes[key]);
  }
  if (sets.length === 0) return;
  await tx.execute(`update payouts set ${sets.join(', ')}, updated_at = now() where id = ?`, [...params, id]);
}

/**
 * What an app has paid out or committed to pay today (the company's day, from midnight in
 * `companyTimeZone`, COMPANY_TIME_ZONE), for the approval rules' judged amount: the payouts not
 * cancelled or failed, created since midnight (a refund's payout among them once made), and the
 * refunds taken today that are due to go out by a payout not made yet (waiting for their approver,
 * or about to be paid): money out to a wallet is money out, whichever door it left by.
 */
export async function committedTodayMinor(
  em: EntityManager,
  scope: AppScope,
  currency: string,
  companyTimeZone: string,
): Promise<number> {
  const [row] = await em.execute<Row[]>(
    `select
       (select coalesce(sum(amount_minor), 0) from payouts
         where app_id = ? and mode = ? and currency = ? and status not in ('CANCELLED', 'FAILED', 'CREATED')
           and created_at >= ${COMPANY_MIDNIGHT_SQL})
     + (select coalesce(sum(r.amount_minor), 0) from refunds r
         where r.app_id = ? and r.mode = ? and r.currency = ? and r.route = 'PAYOUT'
           and r.status in ('PENDING_APPROVAL', 'PROCESSING')
           and not exists (select 1 from refund_payouts rp where rp.refund_id = r.id)
           and r.created_at >= ${COMPANY_MIDNIGHT_SQL}) as total`,
    [scope.appId, scope.mode, currency, companyTimeZone, scope.appId, scope.mode, currency, companyTimeZone],
  );
  return Number(row?.total ?? 0);
}

/** The payouts waiting in one rail's queue for its balance, oldest first. */
export async function queuedPayouts(em: EntityManager, rail: string, mode: Mode): Promise<Payout[]> {
  return selectPayouts(em, "where status = 'QUEUED' and rail = ? and mode = ? order by id", [rail, mode]);
}

/** Remembers what the rail said it holds, so operators see each rail's balance per mode. */
export async function recordRailBalance(
  em: EntityManager,
  input: { rail: string; mode: Mode; availableMinor: number; currency: string; asOf: Date },
): Promise<void> {
  await em.execute(
    `insert into payout_rail_balances (rail, mode, available_minor, currency, as_of) values (?, ?, ?, ?, ?)
     on conflict (rail, mode) do update set available_minor = excluded.available_minor,
       currency = excluded.currency, as_of = excluded.as_of
     where payout_rail_balances.as_of <= excluded.as_of`,
    [input.rail, input.mode, input.availableMinor, input.currency, input.asOf],
  );
}

export async function railBalances(em: EntityManager) {
  const rows = await em.execute<Row[]>('select * from payout_rail_balances order by rail, mode');
  return rows.map((row) => ({
    rail: String(row.rail),
    mode: row.mode as Mode,
    availableMinor: Number(row.available_minor),
    currency: String(row.currency),
    asOf: new Date(row.as_of as string).toISOString(),
  }));
}

/** Every rail's queue in one list (oldest first): what the money-out page shows. */
export async function allQueuedPayouts(em: EntityManager): Promise<Payout[]> {
  return selectPayouts(em, "where status = 'QUEUED' order by updated_at, id limit 500", []);
}
