import type { EntityManager } from '@mikro-orm/postgresql';
import { appendAudit, type AuditActor } from '../../../db/operators/audit.js';
import {
  deleteFeeSchedule,
  listBankAccountNames,
  listFeeSchedules,
  setBankAccountName,
  setFeeSchedule,
  type StoredFeeSchedule,
} from '../../../db/payments/fee-schedules.js';
import { ApiError } from '../../../domain/shared/errors.js';
import { describeRate } from '../../../domain/payments/fees.js';
import { MODES, type Mode } from '../../../domain/shared/mode.js';
import { isCurrency, toDecimalString } from '../../../domain/shared/money.js';
import { findGatewayModule } from '../../../gateways/catalogue.js';
import type { ApiDeps } from '../../deps.js';
import { FEE_GATEWAYS, type FeeScheduleBody } from './schemas.js';

/**
 * Gateway fee schedules (the fee booked with a capture the gateway does not price itself) and the
 * names of the bank accounts gateways settle to: read by finance, changed by FINANCE or ADMIN,
 * each change committed with its audit entry.
 */

type Deps = Pick<ApiDeps, 'orm'>;
const fork = (deps: Deps) => deps.orm.em.fork() as EntityManager;

export function feeScheduleView(schedule: StoredFeeSchedule) {
  const fixed = isCurrency(schedule.currency)
    ? toDecimalString(schedule.fixedMinor, schedule.currency)
    : null;
  return {
    id: schedule.id,
    gateway: schedule.gateway,
    mode: schedule.mode,
    currency: schedule.currency,
    method: schedule.method,
    percentBasisPoints: schedule.percentBasisPoints,
    fixedMinor: schedule.fixedMinor,
    rate: describeRate(schedule.percentBasisPoints, schedule.fixedMinor > 0 ? fixed : null),
    updatedBy: schedule.updatedBy,
    updatedAt: schedule.updatedAt.toISOString(),
  };
}
export type FeeScheduleView = ReturnType<typeof feeScheduleView>;

/** What the audit log keeps of a schedule: its key and its rate. */
const audited = (s: StoredFeeSchedule | null) =>
  s && {
    gateway: s.gateway,
    mode: s.mode,
    currency: s.currency,
    method: s.method,
    percentBasisPoints: s.percentBasisPoints,
    fixedMinor: s.fixedMinor,
  };

export async function feeSchedules(deps: Deps): Promise<FeeScheduleView[]> {
  return (await listFeeSchedules(fork(deps))).map(feeScheduleView);
}

export async function putFeeSchedule(
  deps: Deps,
  actor: AuditActor,
  body: FeeScheduleBody,
): Promise<{ schedule: FeeScheduleView; created: boolean }> {
  return fork(deps).transactional(async (db) => {
    const tx = db as EntityManager;
    const { before, after } = await setFeeSchedule(
      tx,
      {
        gateway: body.gateway,
        mode: body.mode,
        currency: body.currency,
        method: body.method ?? null,
        percentBasisPoints: body.percentBasisPoints,
        fixedMinor: body.fixedMinor,
      },
      actor.label,
    );
    await appendAudit(tx, actor, {
      action: before ? 'fee_schedule.updated' : 'fee_schedule.created',
      targetType: 'fee_schedule',
      targetId: after.id,
      before: audited(before),
      after: audited(after),
    });
    return { schedule: feeScheduleView(after), created: before === null };
  });
}

export function feeScheduleId(raw: string | undefined): number {
  const id = /^[1-9]\d{0,15}$/.test(raw ?? '') ? Number(raw) : NaN;
  if (!Number.isSafeInteger(id)) throw new ApiError('FEE_SCHEDULE_NOT_FOUND');
  return id;
}

export async function removeFeeSchedule(deps: Deps, actor: AuditActor, id: number): Promise<FeeScheduleView> {
  return fork(deps).transactional(async (db) => {
    const tx = db as EntityManager;
    const removed = await deleteFeeSchedule(tx, id);
    if (!removed) throw new ApiError('FEE_SCHEDULE_NOT_FOUND');
    await appendAudit(tx, actor, {
      action: 'fee_schedule.deleted',
      targetType: 'fee_schedule',
      targetId: id,
      before: audited(removed),
      after: null,
    });
    return feeScheduleView(removed);
  });
}

/** The name shown for a gateway's bank account until finance names it. */
export function defaultBankAccountName(gateway: string, mode: Mode): string {
  const name = findGatewayModule(gateway)?.displayName ?? gateway;
  return `${name} settlement account (${mode})`;
}

export interface BankAccountView {
  gateway: string;
  mode: Mode;
  name: string;
  /** False while the name is the default one. */
  named: boolean;
  updatedBy: string | null;
  updatedAt: string | null;
}

/** Every fee-charging gateway's bank account in each mode, named or not. */
export async function bankAccounts(deps: Deps): Promise<BankAccountView[]> {
  const stored = await listBankAccountNames(fork(deps));
  const gateways = [...new Set([...FEE_GATEWAYS, ...stored.map((s) => s.gateway)])];
  return gateways.flatMap((gateway) =>
    MODES.map((mode) => {
      const named = stored.find((s) => s.gateway === gateway && s.mode === mode);
      return {
        gateway,
        mode,
        name: named?.name ?? defaultBankAccountName(gateway, mode),
        named: named !== undefined,
        updatedBy: named?.updatedBy ?? null,
        updatedAt: named?.updatedAt.toISOString() ?? null,
      };
    }),
  );
}

/** The bank account names by `gateway:mode`, for the ledger pages. */
export async function bankAccountNames(deps: Deps): Promise<Map<string, string>> {
  return new Map((await bankAccounts(deps)).map((b) => [`${b.gateway}:${b.mode}`, b.name]));
}

export function bankGateway(raw: string | undefined): string {
  if (!raw || !(FEE_GATEWAYS as readonly string[]).includes(raw)) throw new ApiError('GATEWAY_NOT_FOUND');
  return raw;
}

export async function nameBankAccount(
  deps: Deps,
  actor: AuditActor,
  target: { gateway: string; mode: Mode },
  name: string,
): Promise<BankAccountView> {
  await fork(deps).transactional(async (db) => {
    const tx = db as EntityManager;
    const { before } = await setBankAccountName(tx, { ...target, name }, actor.label);
    await appendAudit(tx, actor, {
      action: 'settlement_bank_account.named',
      targetType: 'settlement_bank_account',
      targetId: `${target.gateway}:${target.mode}`,
      before: before === null ? null : { name: before },
      after: { name },
    });
  });
  const all = await bankAccounts(deps);
  return all.find((b) => b.gateway === target.gateway && b.mode === target.mode)!;
}
