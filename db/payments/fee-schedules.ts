import type { EntityManager } from '@mikro-orm/postgresql';
import type { FeeSchedule } from '../../domain/payments/fees.js';
import type { Currency } from '../../domain/shared/money.js';
import type { Mode } from '../../domain/shared/mode.js';

/** The configured gateway fee schedules (gateway_fee_schedules) and settlement bank account names. */

export interface StoredFeeSchedule extends FeeSchedule {
  id: number;
  updatedBy: string | null;
  updatedAt: Date;
}

interface ScheduleRow {
  id: string;
  gateway: string;
  mode: Mode;
  currency: Currency;
  method: string | null;
  percent_basis_points: number;
  fixed_minor: string;
  updated_by: string | null;
  updated_at: Date;
}

const COLUMNS =
  'id, gateway, mode, currency, method, percent_basis_points, fixed_minor, updated_by, updated_at';

function scheduleOf(row: ScheduleRow): StoredFeeSchedule {
  return {
    id: Number(row.id),
    gateway: row.gateway,
    mode: row.mode,
    currency: row.currency,
    method: row.method,
    percentBasisPoints: Number(row.percent_basis_points),
    fixedMinor: Number(row.fixed_minor),
    updatedBy: row.updated_by,
    updatedAt: new Date(row.updated_at),
  };
}

export async function listFeeSchedules(em: EntityManager): Promise<StoredFeeSchedule[]> {
  const rows = await em.execute<ScheduleRow[]>(
    `select ${COLUMNS} from gateway_fee_schedules order by gateway, mode, currency, method nulls first`,
  );
  return rows.map(scheduleOf);
}

export async function findFeeSchedule(em: EntityManager, id: number): Promise<StoredFeeSchedule | null> {
  const [row] = await em.execute<ScheduleRow[]>(`select ${COLUMNS} from gateway_fee_schedules where id = ?`, [
    id,
  ]);
  return row ? scheduleOf(row) : null;
}

/** The schedules of one gateway, mode and currency (one per method, and one for any method). */
export async function feeSchedulesOf(
  em: EntityManager,
  of: { gateway: string; mode: Mode; currency: string },
): Promise<StoredFeeSchedule[]> {
  const rows = await em.execute<ScheduleRow[]>(
    `select ${COLUMNS} from gateway_fee_schedules where gateway = ? and mode = ? and currency = ?`,
    [of.gateway, of.mode, of.currency],
  );
  return rows.map(scheduleOf);
}

/**
 * Sets the schedule for (gateway, mode, currency, method), creating it or changing its rate.
 * Answers it as it was before (null when new) and as it is now, for the audit log; the row is
 * locked, so two operators' changes apply one after the other.
 */
export async function setFeeSchedule(
  tx: EntityManager,
  input: FeeSchedule,
  updatedBy: string,
): Promise<{ before: StoredFeeSchedule | null; after: StoredFeeSchedule }> {
  const [existing] = await tx.execute<ScheduleRow[]>(
    `select ${COLUMNS} from gateway_fee_schedules
      where gateway = ? and mode = ? and currency = ? and coalesce(lower(method), '') = coalesce(lower(?), '')
      for update`,
    [input.gateway, input.mode, input.currency, input.method],
  );
  const [row] = await tx.execute<ScheduleRow[]>(
    `insert into gateway_fee_schedules (gateway, mode, currency, method, percent_basis_points, fixed_minor, updated_by)
     values (?, ?, ?, ?, ?, ?, ?)
     on conflict (gateway, mode, currency, (coalesce(lower(method), ''))) do update
        set percent_basis_points = excluded.percent_basis_points, fixed_minor = excluded.fixed_minor,
            method = excluded.method, updated_by = excluded.updated_by, updated_at = now()
     returning ${COLUMNS}`,
    [
      input.gateway,
      input.mode,
      input.currency,
      input.method,
      input.percentBasisPoints,
      input.fixedMinor,
      updatedBy,
    ],
  );
  return { before: existing ? scheduleOf(existing) : null, after: scheduleOf(row!) };
}

/** Removes a schedule; answers what it was, or null when there was none. */
export async function deleteFeeSchedule(tx: EntityManager, id: number): Promise<StoredFeeSchedule | null> {
  const [row] = await tx.execute<ScheduleRow[]>(
    `delete from gateway_fee_schedules where id = ? returning ${COLUMNS}`,
    [id],
  );
  return row ? scheduleOf(row) : null;
}

export interface BankAccountName {
  gateway: string;
  mode: Mode;
  name: string;
  updatedBy: string | null;
  updatedAt: Date;
}

export async function listBankAccountNames(em: EntityManager): Promise<BankAccountName[]> {
  const rows = await em.execute<
    Array<{ gateway: string; mode: Mode; name: string; updated_by: string | null; updated_at: Date }>
  >(
    'select gateway, mode, name, updated_by, updated_at from settlement_bank_accounts order by gateway, mode',
  );
  return rows.map((r) => ({
    gateway: r.gateway,
    mode: r.mode,
    name: r.name,
    updatedBy: r.updated_by,
    updatedAt: new Date(r.updated_at),
  }));
}

/** Names the bank account a gateway settles to in a mode; answers the name it had before. */
export async function setBankAccountName(
  tx: EntityManager,
  input: { gateway: string; mode: Mode; name: string },
  updatedBy: string,
): Promise<{ before: string | null }> {
  const [existing] = await tx.execute<Array<{ name: string }>>(
    'select name from settlement_bank_accounts where gateway = ? and mode = ? for update',
    [input.gateway, input.mode],
  );
  await tx.execute(
    `insert into settlement_bank_accounts (gateway, mode, name, updated_by) values (?, ?, ?, ?)
     on conflict (gateway, mode) do update set name = excluded.name, updated_by = excluded.updated_by, updated_at = now()`,
    [input.gateway, input.mode, input.name, updatedBy],
  );
  return { before: existing?.name ?? null };
}
