import { Migration } from '@mikro-orm/migrations';

/**
 * The evidence of who decided what cannot be edited, by the runtime role or any other: who had a
 * hand in whose account (operator_ties) and every decision on a refund or a payout are written
 * once, like the audit log and the ledger; a change to people or to a control may be decided once,
 * and once decided its row stands. The second-person rule reads these rows when someone approves:
 * a row removed or rewritten would let one person pass for two.
 *
 * - operator_ties, payout_decisions, payout_batch_decisions: no UPDATE, DELETE or TRUNCATE.
 * - refund_decisions: a RECORDED decision is settled once (status, refusal_code, settled_at);
 *   nothing else changes, and no row is removed.
 * - people_changes, control_changes: a PENDING row is decided once; a decided row is never changed
 *   again (except that an approved new account names the account it created, once) nor removed.
 *
 * The runtime role also loses UPDATE and DELETE on the append-only ones (platform/orm/append-only-tables.ts).
 */
/** Each guarded table and the name of its row trigger. */
const GUARDS = [
  ['operator_ties', 'append_only'],
  ['payout_decisions', 'append_only'],
  ['payout_batch_decisions', 'append_only'],
  ['refund_decisions', 'settle_once'],
  ['people_changes', 'decided_stand'],
  ['control_changes', 'decided_stand'],
] as const;

/** A table's row trigger (UPDATE and DELETE judged by `fn`) and its TRUNCATE guard. */
const guarded = (table: string, row: string, fn: string) => `
      create trigger ${table}_${row} before update or delete on ${table}
        for each row execute function ${fn}();
      create trigger ${table}_no_truncate before truncate on ${table}
        for each statement execute function evidence_forbid_change();`;

export class Migration20270312000000_decided_evidence extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create function evidence_forbid_change() returns trigger language plpgsql as $$
      begin
        raise exception '% is append-only: who decided what is evidence', tg_table_name
          using errcode = '23514';
      end $$;

      ${GUARDS.filter(([, row]) => row === 'append_only')
        .map(([table]) => guarded(table, 'append_only', 'evidence_forbid_change'))
        .join('')}

      create function refund_decisions_settle_once() returns trigger language plpgsql as $$
      begin
        if tg_op = 'UPDATE' and old.status = 'RECORDED'
           and (to_jsonb(new) - 'status' - 'refusal_code' - 'settled_at')
             = (to_jsonb(old) - 'status' - 'refusal_code' - 'settled_at') then
          return new;
        end if;
        raise exception 'refund_decisions: a decision is recorded once and settled once; it is evidence'
          using errcode = '23514';
      end $$;
      ${guarded('refund_decisions', 'settle_once', 'refund_decisions_settle_once')}

      create function proposals_decided_stand() returns trigger language plpgsql as $$
      begin
        if tg_op = 'UPDATE' and old.status = 'PENDING' then
          return new;
        end if;
        -- Read through jsonb: control_changes has no target_operator_id column.
        if tg_op = 'UPDATE' and tg_table_name = 'people_changes'
           and to_jsonb(old) ->> 'target_operator_id' is null
           and to_jsonb(new) ->> 'target_operator_id' is not null
           and (to_jsonb(new) - 'target_operator_id') = (to_jsonb(old) - 'target_operator_id') then
          return new;
        end if;
        raise exception '%: a decided change stands as it was decided; it is evidence', tg_table_name
          using errcode = '23514';
      end $$;
      ${guarded('people_changes', 'decided_stand', 'proposals_decided_stand')}
      ${guarded('control_changes', 'decided_stand', 'proposals_decided_stand')}
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`
      ${GUARDS.map(
        ([table, row]) => `
          drop trigger if exists ${table}_${row} on ${table};
          drop trigger if exists ${table}_no_truncate on ${table};`,
      ).join('')}
      drop function if exists evidence_forbid_change, refund_decisions_settle_once, proposals_decided_stand;
    `);
  }
}
