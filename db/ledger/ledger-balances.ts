import type { EntityManager } from '@mikro-orm/postgresql';
import { appPosition, type AccountType } from '../../domain/ledger/ledger.js';
import type { Mode } from '../../domain/shared/mode.js';
import type { Row } from '../../platform/orm/row-values.js';

export interface AccountBalance {
  id: number;
  code: string;
  type: AccountType;
  mode: Mode;
  currency: string;
  gateway: string | null;
  appId: number | null;
  /** Debits positive, credits negative. */
  signedBalanceMinor: number;
}

function accountFromRow(row: Row): AccountBalance {
  return {
    id: Number(row.id),
    code: String(row.code),
    type: row.type as AccountType,
    mode: row.mode as Mode,
    currency: String(row.currency),
    gateway: row.gateway == null ? null : String(row.gateway),
    appId: row.app_id == null ? null : Number(row.app_id),
    signedBalanceMinor: Number(row.balance_minor),
  };
}

/**
 * Balances are read from append-only postings, never from a row every posting updates. A
 * snapshot holds an account's balance over the postings of every transaction older than its
 * `through_xid` (all of them finished when it was taken, so none can appear later); a read adds
 * the postings of newer transactions, found through the (account_id, txid) index. So a read
 * costs the postings since the last snapshot, not the account's whole history.
 */
const ACCOUNT_SELECT = `select a.id, a.code, a.type, a.mode, a.currency, a.gateway, a.app_id,
  coalesce(s.balance_minor, 0) + coalesce((select sum(p.amount_minor) from postings p
    where p.account_id = a.id and p.txid >= coalesce(s.through_xid, '0'::xid8)), 0) as balance_minor
  from ledger_accounts a left join ledger_balance_snapshots s on s.account_id = a.id`;

export interface AccountFilters {
  mode: Mode;
  type?: AccountType;
  currency?: string;
  appId?: number;
}

/** The chart of accounts of one mode, with each account's balance. */
export async function listAccounts(em: EntityManager, filters: AccountFilters): Promise<AccountBalance[]> {
  const conditions = ['a.mode = ?'];
  const params: unknown[] = [filters.mode];
  if (filters.type) {
    conditions.push('a.type = ?');
    params.push(filters.type);
  }
  if (filters.currency) {
    conditions.push('a.currency = ?');
    params.push(filters.currency);
  }
  if (filters.appId !== undefined) {
    conditions.push('a.app_id = ?');
    params.push(filters.appId);
  }
  const rows = await em.execute<Row[]>(
    `${ACCOUNT_SELECT} where ${conditions.join(' and ')} order by a.type, a.currency, a.code`,
    params,
  );
  return rows.map(accountFromRow);
}

export async function findAccount(em: EntityManager, id: number): Promise<AccountBalance | null> {
  const [row] = await em.execute<Row[]>(`${ACCOUNT_SELECT} where a.id = ?`, [id]);
  return row ? accountFromRow(row) : null;
}

/** An app's position per currency in one mode: captured, refunded and what is owed to it. */
export async function appBalances(em: EntityManager, appId: number, mode: Mode) {
  const accounts = await listAccounts(em, { mode, appId });
  const currencies = [...new Set(accounts.map((a) => a.currency))].sort();
  return currencies.map((currency) => {
    const signed = (type: AccountType) =>
      accounts.find((a) => a.currency === currency && a.type === type)?.signedBalanceMinor ?? 0;
    return { currency, ...appPosition(signed('APP_PAYABLE'), signed('APP_REFUNDS')) };
  });
}

/**
 * Moves every account's snapshot forward to the oldest transaction still running: what is
 * before it can no longer change. Run periodically (the sweeper), never on the posting path, so
 * postings never wait on it. Returns how many accounts moved.
 */
export async function refreshBalanceSnapshots(em: EntityManager): Promise<number> {
  const rows = await em.execute<Array<{ account_id: string }>>(
    `with horizon as (select pg_snapshot_xmin(pg_current_snapshot()) as xid),
     moved as (
       select a.id as account_id, h.xid as through_xid,
              coalesce(s.balance_minor, 0) + coalesce(sum(p.amount_minor), 0) as balance_minor,
              coalesce(s.postings_counted, 0) + count(p.id) as postings_counted
         from ledger_accounts a cross join horizon h
         left join ledger_balance_snapshots s on s.account_id = a.id
         join postings p on p.account_id = a.id
          and p.txid >= coalesce(s.through_xid, '0'::xid8) and p.txid < h.xid
        group by a.id, h.xid, s.balance_minor, s.postings_counted
     )
     insert into ledger_balance_snapshots (account_id, through_xid, balance_minor, postings_counted, taken_at)
     select account_id, through_xid, balance_minor, postings_counted, now() from moved
     on conflict (account_id) do update set through_xid = excluded.through_xid,
       balance_minor = excluded.balance_minor, postings_counted = excluded.postings_counted, taken_at = now()
       where ledger_balance_snapshots.through_xid < excluded.through_xid
     returning account_id`,
  );
  return rows.length;
}
