import type { EntityManager } from '@mikro-orm/postgresql';
import type { AmountBand } from '../../domain/approvals/rule-book.js';
import { defaultPayoutRules, type PayoutRules } from '../../domain/payouts/payout-rules.js';
import type { Mode } from '../../domain/shared/mode.js';
import { COMPANY_MIDNIGHT_SQL } from '../../platform/orm/company-day-sql.js';

/** An app's payout rules per mode (table payout_approval_rules), apart from its refund rules. */

interface Row {
  enabled: boolean;
  floor_approvers: number;
  bands: AmountBand[];
}

/** An app's payout rules for one mode; the rule book's defaults until finance sets them. */
export async function payoutRulesOf(em: EntityManager, appId: number, mode: Mode): Promise<PayoutRules> {
  const [row] = await em.execute<Row[]>(
    'select enabled, floor_approvers, bands from payout_approval_rules where app_id = ? and mode = ?',
    [appId, mode],
  );
  if (!row) return defaultPayoutRules(mode);
  return {
    enabled: row.enabled,
    floor: Number(row.floor_approvers) === 0 ? 0 : 1,
    bands: row.bands.map((band) => ({ ...band })),
  };
}

/** Replaces an app's payout rules for one mode, in the caller's transaction. */
export async function setPayoutRules(
  em: EntityManager,
  appId: number,
  mode: Mode,
  rules: PayoutRules,
): Promise<void> {
  await em.execute(
    `insert into payout_approval_rules (app_id, mode, enabled, floor_approvers, bands) values (?, ?, ?, ?, ?::jsonb)
     on conflict (app_id, mode) do update set enabled = excluded.enabled,
       floor_approvers = excluded.floor_approvers, bands = excluded.bands, updated_at = now()`,
    [appId, mode, rules.enabled, rules.floor, JSON.stringify(rules.bands)],
  );
}

/**
 * Serialises admissions of LIVE payouts across the deployment for the rest of the transaction,
 * so two payouts racing cannot both judge the daily ceiling without the other.
 */
export async function lockLivePayoutDay(em: EntityManager): Promise<void> {
  await em.execute('select pg_advisory_xact_lock(?, ?)', [4344, 0]);
}

/**
 * What every app of the deployment committed to pay out in LIVE this company day in a currency:
 * payouts taken (not cancelled or failed), the lines of batches taken that have no payout yet, and
 * refunds due to go out by a payout not made yet (a refund's payout, once made, is a payout).
 */
export async function deploymentLiveTodayMinor(
  em: EntityManager,
  currency: string,
  companyTimeZone: string,
): Promise<number> {
  const [row] = await em.execute<Array<{ total: string }>>(
    `select (select coalesce(sum(amount_minor), 0) from payouts
              where mode = 'LIVE' and currency = ? and status not in ('CANCELLED', 'FAILED', 'CREATED')
                and created_at >= ${COMPANY_MIDNIGHT_SQL})
          + (select coalesce(sum(l.amount_minor), 0)
               from payout_batches b join payout_batch_lines l on l.batch_id = b.id and l.payout_id is null
              where b.mode = 'LIVE' and b.currency = ?
                and b.status in ('WAITING_APPROVAL', 'SCHEDULED', 'CREATING')
                and b.created_at >= ${COMPANY_MIDNIGHT_SQL})
          + (select coalesce(sum(r.amount_minor), 0) from refunds r
              where r.mode = 'LIVE' and r.currency = ? and r.route = 'PAYOUT'
                and r.status in ('PENDING_APPROVAL', 'PROCESSING')
                and not exists (select 1 from refund_payouts rp where rp.refund_id = r.id)
                and r.created_at >= ${COMPANY_MIDNIGHT_SQL}) as total`,
    [currency, companyTimeZone, currency, companyTimeZone, currency, companyTimeZone],
  );
  return Number(row?.total ?? 0);
}
