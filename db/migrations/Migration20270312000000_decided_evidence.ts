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
export class Migration20270312000000_decided_evidence extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create function evidence_forbid_change() returns trigger language plpgsql as $$
      begin
        raise exception '% is append-only: who decided what is evidence', tg_table_name
          using errcode = '23514';
      end $$;

      create trigger operator_ties_append_only before update or delete on operator_ties
        for each row execute function evidence_forbid_change();
      create trigger operator_ties_no_truncate before truncate on operator_ties
        for each statement execute function evidence_forbid_change();
      create trigger payout_decisions_append_only before update or delete on payout_decisions
        for each row execute function evidence_forbid_change();
      create trigger payout_decisions_no_truncate before truncate on payout_decisions
        for each statement execute function evidence_forbid_change();
      create trigger payout_batch_decisions_append_only before update or delete on payout_batch_decisions
        for each row execute function evidence_forbid_change();
      create trigger payout_batch_decisions_no_truncate before truncate on payout_batch_decisions
        for each statement execute function evidence_forbid_change();

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
      create trigger refund_decisions_settle_once before update or delete on refund_decisions
        for each row execute function refund_decisions_settle_once();
      create trigger refund_decisions_no_truncate before truncate on refund_decisions
        for each statement execute function evidence_forbid_change();

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
      create trigger people_changes_decided_stand before update or delete on people_changes
        for each row execute function proposals_decided_stand();
      create trigger people_changes_no_truncate before truncate on people_changes
        for each statement execute function evidence_forbid_change();
      create trigger control_changes_decided_stand before update or delete on control_changes
        for each row execute function proposals_decided_stand();
      create trigger control_changes_no_truncate before truncate on control_changes
        for each statement execute function evidence_forbid_change();
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`
      drop trigger if exists operator_ties_append_only on operator_ties;
      drop trigger if exists operator_ties_no_truncate on operator_ties;
      drop trigger if exists payout_decisions_append_only on payout_decisions;
      drop trigger if exists payout_decisions_no_truncate on payout_decisions;
      drop trigger if exists payout_batch_decisions_append_only on payout_batch_decisions;
      drop trigger if exists payout_batch_decisions_no_truncate on payout_batch_decisions;
      drop trigger if exists refund_decisions_settle_once on refund_decisions;
      drop trigger if exists refund_decisions_no_truncate on refund_decisions;
      drop trigger if exists people_changes_decided_stand on people_changes;
      drop trigger if exists people_changes_no_truncate on people_changes;
      drop trigger if exists control_changes_decided_stand on control_changes;
      drop trigger if exists control_changes_no_truncate on control_changes;
      drop function if exists evidence_forbid_change, refund_decisions_settle_once, proposals_decided_stand;
    `);
  }
}
