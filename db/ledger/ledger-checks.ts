/**
 * The rules `ledger:verify` checks, as SQL: pure text, so every reader of a database (the
 * service through MikroORM, the test run through a plain connection) asks the same questions.
 */

/** One way the ledger can disagree with itself or with the payments and refunds it records. */
export interface LedgerCheck {
  name: string;
  /** What a passing ledger guarantees. */
  rule: string;
  /** Rows that break the rule; each names what is wrong in `problem`. */
  sql: string;
}

const SETTLED = `('SUCCEEDED', 'PARTIALLY_REFUNDED', 'REFUNDED')`;

/** An entry whose record (of the kind its source type names) is not there. */
const SOURCE_MISSING = `(case e.source_type
   when 'payment' then p.id is null
   when 'refund' then r.id is null
   when 'dispute' then d.id is null
   when 'settlement_line' then sl.id is null
   when 'recon_exception' then x.id is null
   when 'payout' then po.id is null
   else true end)`;

/** A payout that reached its rail and was paid (SUCCEEDED), or paid and sent back (RETURNED). */
const PAID_PAYOUT = `('SUCCEEDED', 'RETURNED')`;
/** Nothing more will be posted for it (but a return). */
const FINAL_PAYOUT = `('SUCCEEDED', 'FAILED', 'CANCELLED', 'RETURNED')`;

/**
 * A refund its payout paid and the bank sent back: FAILED, its REFUND entry standing with the
 * payout's PAYOUT_RETURN reversing it (refund-paid-by-rail checks the two).
 */
const RETURNED_BY_BANK = `(r.status = 'FAILED' and exists (
   select 1 from refund_payouts rp join payouts rpo on rpo.id = rp.payout_id
    where rp.refund_id = r.id and rpo.status = 'RETURNED'))`;

/**
 * Every rule `ledger:verify` checks. Each query returns the rows that break its rule (at most a
 * sample: a breach is a breach), so a clean ledger returns nothing anywhere.
 */
/**
 * Entries an operator's resolution of a reconciliation exception posts: a gateway's ADJUSTMENT, a
 * payout rail's RAIL_ADJUSTMENT and RAIL_FEE_ADJUSTMENT (only for the rail kinds of exception).
 */
const RAIL_ENTRY_KINDS = "('RAIL_ADJUSTMENT', 'RAIL_FEE_ADJUSTMENT')";
const EXCEPTION_KINDS = "('ADJUSTMENT', 'RAIL_ADJUSTMENT', 'RAIL_FEE_ADJUSTMENT')";

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
    rule: 'every entry records a payment, refund, dispute, settlement line, reconciliation exception or payout that exists and is in a state that owes it',
    sql: `select e.kind || ' ' || e.source_id as subject,
                 case when ${SOURCE_MISSING} then 'its ' || e.source_type || ' does not exist'
                      when e.kind = 'DISPUTE_REVERSAL' and d.status <> 'WON' then 'dispute is ' || d.status
                      when e.kind = 'CAPTURE' and p.status not in ${SETTLED} then 'payment is ' || p.status
                      when e.kind in ('REFUND', 'UNAPPLIED_REFUND') and r.status <> 'SUCCEEDED'
                        and not ${RETURNED_BY_BANK} then 'refund is ' || r.status
                      when e.kind = 'UNAPPLIED_APPLIED' and p.attention_resolution is distinct from 'APPLIED'
                        then 'payment was not resolved by applying its funds'
                      when sl.id is not null and (sl.mode <> e.mode or sl.currency <> e.currency)
                        then 'its line is ' || sl.mode || ' ' || sl.currency
                      when e.kind in ${EXCEPTION_KINDS} and x.status <> 'RESOLVED' then 'exception is ' || x.status
                      when e.kind in ${RAIL_ENTRY_KINDS} and left(x.kind, 5) <> 'RAIL_' then 'exception is ' || x.kind
                      when e.kind = 'ADJUSTMENT' and left(x.kind, 5) = 'RAIL_' then 'a rail exception posts to its rail'
                      when e.kind in ('PAYOUT_SENT', 'PAYOUT_FEE') and po.status not in ${PAID_PAYOUT} then 'payout is ' || po.status
                      when e.kind = 'PAYOUT_RETURN' and po.status <> 'RETURNED' then 'payout is ' || po.status
                      else 'records the wrong kind of source' end as problem
            from journal_entries e
            left join payments p on e.source_type = 'payment' and p.reference = e.source_id
            left join refunds r on e.source_type = 'refund' and r.reference = e.source_id
            left join disputes d on e.source_type = 'dispute' and d.reference = e.source_id
            left join settlement_lines sl on e.source_type = 'settlement_line' and sl.line_key = e.source_id
            left join recon_exceptions x on e.source_type = 'recon_exception' and x.reference = e.source_id
            left join payouts po on e.source_type = 'payout' and po.reference = e.source_id
           where ${SOURCE_MISSING}
              or (e.kind in ('PAYOUT_SENT', 'PAYOUT_FEE') and po.status not in ${PAID_PAYOUT})
              or (e.kind = 'PAYOUT_RETURN' and po.status <> 'RETURNED')
              or (e.kind = 'DISPUTE_REVERSAL' and d.status <> 'WON')
              or (e.kind in ('CAPTURE', 'FEE', 'UNAPPLIED_CAPTURE', 'UNAPPLIED_APPLIED') and p.id is null)
              or (e.kind in ('REFUND', 'UNAPPLIED_REFUND') and r.id is null)
              or (e.kind = 'CAPTURE' and p.status not in ${SETTLED})
              or (e.kind in ('REFUND', 'UNAPPLIED_REFUND') and r.status <> 'SUCCEEDED' and not ${RETURNED_BY_BANK})
              or (e.kind = 'UNAPPLIED_APPLIED' and p.attention_resolution is distinct from 'APPLIED')
              or (sl.id is not null and (sl.mode <> e.mode or sl.currency <> e.currency))
              or (e.kind in ${EXCEPTION_KINDS} and x.status <> 'RESOLVED')
              or (e.kind in ${RAIL_ENTRY_KINDS} and left(x.kind, 5) <> 'RAIL_')
              or (e.kind = 'ADJUSTMENT' and left(x.kind, 5) = 'RAIL_')`,
  },
  {
    name: 'settlement-entries',
    rule: "every matched settlement line posts its net to the bank exactly once (a SETTLEMENT entry of the line's net, none for a zero net), and no line is posted unmatched",
    sql: `select sl.line_key as subject,
                 case when m.id is null then 'posted to the bank but never matched'
                      when e.id is null then 'matched, but its net of ' || sl.net_minor || ' was never posted'
                      else 'moves ' || coalesce(b.banked, 0) || ' to the bank for a net of ' || sl.net_minor end as problem
            from settlement_lines sl
            left join recon_matches m on m.line_id = sl.id
            left join journal_entries e
              on e.source_type = 'settlement_line' and e.source_id = sl.line_key and e.kind = 'SETTLEMENT'
            left join lateral (
              select sum(po.amount_minor) as banked
                from postings po join ledger_accounts a on a.id = po.account_id and a.type = 'BANK'
               where po.entry_id = e.id
            ) b on true
           where (e.id is not null or m.id is not null)
             and ((m.id is null)
               or (e.id is null and sl.net_minor <> 0)
               or (e.id is not null and coalesce(b.banked, 0) <> sl.net_minor))`,
  },
  {
    name: 'payments-settled-once',
    rule: "every payment a PAYMENT line settled is settled by that one line (not also by an adjustment finance posted when no line had come), and (matched as reported) its clearing is emptied: its CAPTURE and FEE, with the line's SETTLEMENT and FEE_ADJUSTMENT, leave nothing in clearing",
    sql: `select p.reference as subject,
                 case when s.lines > 1 then s.lines || ' PAYMENT lines settle it (' || s.keys || ')'
                      when adj.exceptions is not null then 'line ' || s.keys || ' settles it after the adjustment of '
                        || adj.exceptions || ' did'
                      else 'leaves ' || c.remaining || ' in clearing after line ' || s.keys end as problem
            from (
              select m.payment_id, count(*) as lines, bool_and(m.resolved_exception_id is null) as as_reported,
                     array_agg(sl.line_key order by sl.id) as line_keys, string_agg(sl.line_key, ', ' order by sl.id) as keys
                from recon_matches m join settlement_lines sl on sl.id = m.line_id and sl.type = 'PAYMENT'
               where m.payment_id is not null
               group by m.payment_id
            ) s
            join payments p on p.id = s.payment_id
            cross join lateral (
              select coalesce(sum(po.amount_minor), 0) as remaining
                from journal_entries e
                join postings po on po.entry_id = e.id
                join ledger_accounts a on a.id = po.account_id and a.type = 'GATEWAY_CLEARING'
               where (e.source_type = 'payment' and e.source_id = p.reference
                      and e.kind in ('CAPTURE', 'UNAPPLIED_CAPTURE', 'FEE'))
                  or (e.source_type = 'settlement_line' and e.source_id = any (s.line_keys)
                      and e.kind in ('SETTLEMENT', 'FEE_ADJUSTMENT'))
            ) c
            cross join lateral (
              select string_agg(x.reference, ', ') as exceptions from recon_exceptions x
               where x.payment_id = s.payment_id and x.kind = 'UNSETTLED_PAYMENT' and x.status = 'RESOLVED'
                 and x.action = 'POST_ADJUSTMENT'
            ) adj
           where s.lines > 1 or adj.exceptions is not null or (s.as_reported and c.remaining <> 0)`,
  },
  {
    name: 'dispute-entries',
    rule: 'every dispute has exactly one DISPUTE entry of its amount, one DISPUTE_REVERSAL of it exactly when WON, and one DISPUTE_FEE of its fee exactly when it has one',
    sql: `select d.reference as subject,
                 x.opened || ' DISPUTE and ' || x.reversed || ' DISPUTE_REVERSAL entries moving '
                   || coalesce(x.moved, '-') || ' for a ' || d.status || ' dispute of ' || d.amount_minor
                   || '; ' || x.fees || ' DISPUTE_FEE entries moving ' || coalesce(x.fee_moved, '-')
                   || ' for a fee of ' || d.fee_minor as problem
            from disputes d
            cross join lateral (
              select count(*) filter (where e.kind = 'DISPUTE') as opened,
                     count(*) filter (where e.kind = 'DISPUTE_REVERSAL') as reversed,
                     count(*) filter (where e.kind = 'DISPUTE_FEE') as fees,
                     string_agg(t.moved::text, ',') filter (where e.kind <> 'DISPUTE_FEE') as moved,
                     string_agg(t.moved::text, ',') filter (where e.kind = 'DISPUTE_FEE') as fee_moved,
                     coalesce(bool_and(t.moved = d.amount_minor) filter (where e.kind <> 'DISPUTE_FEE'), true)
                       as amounts_right,
                     coalesce(bool_and(t.moved = d.fee_minor) filter (where e.kind = 'DISPUTE_FEE'), true)
                       as fees_right
                from journal_entries e
                cross join lateral (
                  select sum(p.amount_minor) filter (where p.amount_minor > 0) as moved
                    from postings p where p.entry_id = e.id
                ) t
               where e.source_type = 'dispute' and e.source_id = d.reference
            ) x
           where x.opened <> 1 or x.reversed <> (case when d.status = 'WON' then 1 else 0 end)
              or not x.amounts_right
              or x.fees <> (case when d.fee_minor > 0 then 1 else 0 end) or not x.fees_right`,
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
  {
    name: 'payout-entries',
    rule: 'every paid payout (SUCCEEDED or RETURNED) was committed and paid out of its rail exactly once: PAYOUT and PAYOUT_SENT entries of its amount, and a RETURNED one a PAYOUT_RETURN',
    sql: `select p.reference as subject,
                 'committed ' || coalesce(c.amount, 0) || ', paid ' || coalesce(s.amount, 0) || ', returned '
                   || coalesce(r.amount, 0) || ' for a ' || p.status || ' payout of ' || p.amount_minor as problem
            from payouts p
            left join lateral (
              select sum(ps.amount_minor) as amount from journal_entries e join postings ps on ps.entry_id = e.id
               where e.source_type = 'payout' and e.source_id = p.reference and e.kind = 'PAYOUT' and ps.amount_minor > 0
            ) c on true
            left join lateral (
              select sum(ps.amount_minor) as amount from journal_entries e join postings ps on ps.entry_id = e.id
               where e.source_type = 'payout' and e.source_id = p.reference and e.kind = 'PAYOUT_SENT' and ps.amount_minor > 0
            ) s on true
            left join lateral (
              select sum(ps.amount_minor) as amount from journal_entries e join postings ps on ps.entry_id = e.id
               where e.source_type = 'payout' and e.source_id = p.reference and e.kind = 'PAYOUT_RETURN' and ps.amount_minor > 0
            ) r on true
           where p.status in ${PAID_PAYOUT}
             -- A refund's payout books nothing of its amount: its refund does (refund-paid-by-rail).
             and not exists (select 1 from refund_payouts rp where rp.payout_id = p.id)
             and (coalesce(c.amount, 0) <> p.amount_minor or coalesce(s.amount, 0) <> p.amount_minor
               or coalesce(r.amount, 0) <> case when p.status = 'RETURNED' then p.amount_minor else 0 end)`,
  },
  {
    name: 'refund-paid-by-rail',
    rule: "a refund paid back by a payout is booked once, out of its payout's rail: a SUCCEEDED one only when its payout SUCCEEDED, its REFUND entry crediting that rail's disbursement balance; one whose payout the bank RETURNED is FAILED, with that entry (if it had succeeded) reversed by the payout's PAYOUT_RETURN of the same amount; and its payout posts none of an ordinary payout's other entries",
    sql: `select r.reference as subject,
                 'refund ' || r.status || ' by payout ' || po.reference || ' ' || po.status || ', crediting the rail '
                   || coalesce(rail.amount, 0) || ', returned to it ' || coalesce(back.amount, 0)
                   || ', payout entries ' || coalesce(own.entries, 0) as problem
            from refund_payouts rp
            join refunds r on r.id = rp.refund_id
            join payouts po on po.id = rp.payout_id
            left join lateral (
              select sum(-ps.amount_minor) as amount from journal_entries e
                join postings ps on ps.entry_id = e.id join ledger_accounts a on a.id = ps.account_id
               where e.source_type = 'refund' and e.source_id = r.reference and ps.amount_minor < 0
                 and a.type = 'RAIL_DISBURSEMENT' and a.gateway = po.rail
            ) rail on true
            left join lateral (
              select sum(ps.amount_minor) as amount from journal_entries e
                join postings ps on ps.entry_id = e.id join ledger_accounts a on a.id = ps.account_id
               where e.source_type = 'payout' and e.source_id = po.reference and e.kind = 'PAYOUT_RETURN'
                 and ps.amount_minor > 0 and a.type = 'RAIL_DISBURSEMENT' and a.gateway = po.rail
            ) back on true
            left join lateral (
              select count(*) as entries from journal_entries e
               where e.source_type = 'payout' and e.source_id = po.reference
                 and e.kind not in ('PAYOUT_FEE', 'PAYOUT_RETURN')
            ) own on true
           where (r.status = 'SUCCEEDED' and (po.status <> 'SUCCEEDED' or coalesce(rail.amount, 0) <> r.amount_minor))
              or (po.status = 'RETURNED' and (r.status <> 'FAILED' or coalesce(rail.amount, 0) <> coalesce(back.amount, 0)
                    or coalesce(rail.amount, 0) not in (0, r.amount_minor)))
              or (po.status <> 'RETURNED' and coalesce(back.amount, 0) <> 0)
              or coalesce(own.entries, 0) <> 0`,
  },
  {
    name: 'payout-payables',
    rule: "a payout in a final status owes its beneficiary nothing more: its postings on the app's payout payable sum to zero",
    sql: `select p.reference as subject, 'leaves ' || sum(ps.amount_minor) || ' in the payout payable as ' || p.status as problem
            from payouts p
            join journal_entries e on e.source_type = 'payout' and e.source_id = p.reference
            join postings ps on ps.entry_id = e.id
            join ledger_accounts a on a.id = ps.account_id and a.type = 'PAYOUT_PAYABLE'
           where p.status in ${FINAL_PAYOUT}
           group by p.reference, p.status
          having sum(ps.amount_minor) <> 0`,
  },
];

/** How many breaking rows of one rule are read: a breach is a breach. */
export const BREACH_SAMPLE = 20;

/** The query that reads a sample of `check`'s breaking rows, ordered by subject. */
export function breachSampleSql(check: LedgerCheck): string {
  return `select subject, problem from (${check.sql}) breach order by subject limit ${BREACH_SAMPLE}`;
}
