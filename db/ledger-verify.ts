import type { EntityManager } from '@mikro-orm/postgresql';
import { IsolationLevel } from '@mikro-orm/core';

/** One way the ledger can disagree with itself or with the payments and refunds it records. */
export interface LedgerCheck {
  name: string;
  /** What a passing ledger guarantees. */
  rule: string;
  /** Rows that break the rule; each names what is wrong in `problem`. */
  sql: string;
}

const SETTLED = `('SUCCEEDED', 'PARTIALLY_REFUNDED', 'REFUNDED')`;

/**
 * Every rule `ledger:verify` checks. Each query returns the rows that break its rule (at most a
 * sample: a breach is a breach), so a clean ledger returns nothing anywhere.
 */
export const LEDGER_CHECKS: readonly LedgerCheck[] = [
  {
    name: 'balanced-entries',
    rule: 'every journal entry has at least two postings and sums to zero',
    sql: `select e.id::text as subject, 'sums to ' || coalesce(sum(p.amount_minor), 0) || ' over ' || count(p.id) || ' postings' as problem
            from journal_entries e left join postings p on p.entry_id = e.id
           group by e.id having coalesce(sum(p.amount_minor), 0) <> 0 or count(p.id) < 2`,
  },
  {
    name: 'entry-accounts',
    rule: "every posting's account is of its entry's mode and currency",
    sql: `select e.id::text as subject, 'posts ' || e.mode || ' ' || e.currency || ' to ' || a.code as problem
            from journal_entries e join postings p on p.entry_id = e.id join ledger_accounts a on a.id = p.account_id
           where a.mode <> e.mode or a.currency <> e.currency`,
  },
  {
    name: 'snapshot-balances',
    rule: "every account's balance snapshot equals the sum of the postings it covers",
    sql: `select a.code as subject, 'snapshot says ' || s.balance_minor || ' over ' || s.postings_counted
                   || ' postings; they sum to ' || coalesce(t.total, 0) || ' over ' || coalesce(t.n, 0) as problem
            from ledger_balance_snapshots s join ledger_accounts a on a.id = s.account_id
            left join lateral (
              select sum(p.amount_minor) as total, count(*) as n from postings p
               where p.account_id = s.account_id and p.txid < s.through_xid
            ) t on true
           where s.balance_minor <> coalesce(t.total, 0) or s.postings_counted <> coalesce(t.n, 0)`,
  },
  {
    name: 'entry-sources',
    rule: 'every entry records a payment or refund that exists and is in a state that owes it',
    sql: `select e.kind || ' ' || e.source_id as subject,
                 case when p.id is null and r.id is null then 'its ' || e.source_type || ' does not exist'
                      when e.kind = 'CAPTURE' and p.status not in ${SETTLED} then 'payment is ' || p.status
                      when e.kind in ('REFUND', 'UNAPPLIED_REFUND') and r.status <> 'SUCCEEDED' then 'refund is ' || r.status
                      when e.kind = 'UNAPPLIED_APPLIED' and p.attention_resolution is distinct from 'APPLIED'
                        then 'payment was not resolved by applying its funds'
                      else 'records the wrong kind of source' end as problem
            from journal_entries e
            left join payments p on e.source_type = 'payment' and p.reference = e.source_id
            left join refunds r on e.source_type = 'refund' and r.reference = e.source_id
           where (p.id is null and r.id is null)
              or (e.kind in ('CAPTURE', 'FEE', 'UNAPPLIED_CAPTURE', 'UNAPPLIED_APPLIED') and p.id is null)
              or (e.kind in ('REFUND', 'UNAPPLIED_REFUND') and r.id is null)
              or (e.kind = 'CAPTURE' and p.status not in ${SETTLED})
              or (e.kind in ('REFUND', 'UNAPPLIED_REFUND') and r.status <> 'SUCCEEDED')
              or (e.kind = 'UNAPPLIED_APPLIED' and p.attention_resolution is distinct from 'APPLIED')`,
  },
  {
    name: 'payment-captures',
    rule: 'every SUCCEEDED (or refunded) payment has exactly one CAPTURE entry of its amount',
    sql: `select p.reference as subject, count(e.id) || ' CAPTURE entries crediting ' || coalesce(sum(-po.amount_minor), 0)
                   || ' for a payment of ' || p.amount_minor as problem
            from payments p
            left join journal_entries e on e.source_type = 'payment' and e.source_id = p.reference and e.kind = 'CAPTURE'
            left join postings po on po.entry_id = e.id and po.amount_minor < 0
           where p.status in ${SETTLED}
           group by p.reference, p.amount_minor
          having count(e.id) <> 1 or coalesce(sum(-po.amount_minor), 0) <> p.amount_minor`,
  },
  {
    name: 'refund-entries',
    rule: 'every SUCCEEDED refund has exactly one entry of its amount, of the kind its funds call for',
    sql: `select r.reference as subject, count(e.id) || ' entries crediting ' || coalesce(sum(-po.amount_minor), 0)
                   || ' for a refund of ' || r.amount_minor as problem
            from refunds r
            left join journal_entries e on e.source_type = 'refund' and e.source_id = r.reference
              and e.kind = case when r.funds = 'UNAPPLIED' then 'UNAPPLIED_REFUND' else 'REFUND' end
            left join postings po on po.entry_id = e.id and po.amount_minor < 0
           where r.status = 'SUCCEEDED'
           group by r.reference, r.amount_minor
          having count(e.id) <> 1 or coalesce(sum(-po.amount_minor), 0) <> r.amount_minor`,
  },
  {
    name: 'refunds-within-captures',
    rule: "no payment's succeeded refunds exceed what it captured (or what was parked for it)",
    sql: `select p.reference as subject, r.funds || ' refunds of ' || sum(r.amount_minor) || ' exceed '
                   || case when r.funds = 'UNAPPLIED' then p.unapplied_minor else p.amount_minor end as problem
            from payments p join refunds r on r.payment_id = p.id and r.status = 'SUCCEEDED'
           group by p.reference, r.funds, p.amount_minor, p.unapplied_minor
          having sum(r.amount_minor) > case when r.funds = 'UNAPPLIED' then p.unapplied_minor else p.amount_minor end`,
  },
  {
    name: 'parked-funds',
    rule: "a payment's parked amount equals its UNAPPLIED_CAPTURE entry",
    sql: `select p.reference as subject, 'parks ' || p.unapplied_minor || ', the ledger holds '
                   || coalesce(sum(-po.amount_minor), 0) as problem
            from payments p
            left join journal_entries e on e.source_type = 'payment' and e.source_id = p.reference and e.kind = 'UNAPPLIED_CAPTURE'
            left join postings po on po.entry_id = e.id and po.amount_minor < 0
           where p.unapplied_minor > 0 or e.id is not null
           group by p.reference, p.unapplied_minor
          having coalesce(sum(-po.amount_minor), 0) <> p.unapplied_minor`,
  },
];

export interface CheckResult {
  name: string;
  rule: string;
  breaches: Array<{ subject: string; problem: string }>;
}

const SAMPLE = 20;

/** Runs every check in one consistent snapshot of the database. */
export async function verifyLedger(em: EntityManager): Promise<CheckResult[]> {
  return em.transactional(
    async (db) => {
      const tx = db as EntityManager;
      const results: CheckResult[] = [];
      for (const check of LEDGER_CHECKS) {
        const breaches = await tx.execute<Array<{ subject: string; problem: string }>>(
          `select subject, problem from (${check.sql}) breach order by subject limit ${SAMPLE}`,
        );
        results.push({ name: check.name, rule: check.rule, breaches });
      }
      return results;
    },
    { isolationLevel: IsolationLevel.REPEATABLE_READ, readOnly: true },
  );
}

export async function ledgerTotals(em: EntityManager) {
  const [row] = await em.execute<Array<{ entries: string; postings: string; accounts: string }>>(
    `select (select count(*) from journal_entries) as entries, (select count(*) from postings) as postings,
            (select count(*) from ledger_accounts) as accounts`,
  );
  return { entries: Number(row!.entries), postings: Number(row!.postings), accounts: Number(row!.accounts) };
}
