import { Migration } from '@mikro-orm/migrations';

/**
 * Money paid outside any gateway (bank transfer, cash, cheque), recorded by finance. At most one
 * receipt per payment stands (waiting for its second operator, or confirmed); a rejected one leaves
 * room for another. A confirmed receipt reaches the payment's workflow as a gateway callback of
 * kind RECEIPT, so it is confirmed, applied and handed over like any other; the sweeper finds
 * callbacks no workflow applied by a partial index.
 */
export class Migration20261203000000_manual_receipts extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table manual_receipts (
        id bigserial primary key,
        payment_id bigint not null references payments (id),
        reference text not null,
        amount_minor bigint not null check (amount_minor > 0),
        currency text not null,
        received_on date not null,
        method text not null check (method in ('BANK_TRANSFER', 'CASH', 'CHEQUE')),
        bank_reference text not null,
        note text,
        proof_file_name text,
        proof_content_type text,
        proof bytea,
        status text not null check (status in ('AWAITING_APPROVAL', 'CONFIRMED', 'REJECTED')),
        recorded_by bigint not null references operators (id),
        recorded_at timestamptz not null default now(),
        decided_by bigint references operators (id),
        decided_at timestamptz,
        decision_comment text,
        callback_id bigint references gateway_callbacks (id)
      );
      create unique index manual_receipts_standing_idx on manual_receipts (payment_id)
        where status <> 'REJECTED';
      create index manual_receipts_awaiting_idx on manual_receipts (recorded_at)
        where status = 'AWAITING_APPROVAL';
      alter table gateway_callbacks drop constraint if exists gateway_callbacks_kind_check;
      alter table gateway_callbacks add constraint gateway_callbacks_kind_check
        check (kind in ('IPN', 'REDIRECT', 'RECEIPT'));
      create index gateway_callbacks_unapplied_idx on gateway_callbacks (id)
        where processed_at is null and signature_valid and payment_id is not null;
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`
      drop index if exists gateway_callbacks_unapplied_idx;
      drop table if exists manual_receipts;
      delete from gateway_callbacks where kind = 'RECEIPT';
      alter table gateway_callbacks drop constraint if exists gateway_callbacks_kind_check;
      alter table gateway_callbacks add constraint gateway_callbacks_kind_check
        check (kind in ('IPN', 'REDIRECT'));
    `);
  }
}
