import { Migration } from '@mikro-orm/migrations';

/**
 * A ledger anyone can audit:
 * - accounts carry their place in the chart (type, mode, currency, and the gateway or app they
 *   belong to) instead of meaning hidden in a code;
 * - entries carry their mode and a kind from a closed list;
 * - each posting carries the id of the transaction that wrote it, so a balance is a snapshot
 *   plus the postings of transactions that were still open when it was taken, however many
 *   postings the account has (no hot balance row: postings are only ever inserted);
 * - payments carry the money parked as unapplied funds and how an operator resolved the flag;
 * - refunds say which money they return: the payment's captured amount, or unapplied funds.
 */
export class Migration20261127000000_auditable_ledger extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      alter table ledger_accounts
        add column type text,
        add column mode text,
        add column gateway text,
        add column app_id bigint references apps (id);
      update ledger_accounts set
        type = upper(split_part(code, ':', 1)),
        gateway = case when code like 'gateway_clearing:%' then split_part(code, ':', 2) end,
        app_id = case when code like 'app_payable:%' then split_part(code, ':', 2)::bigint end,
        mode = case when code like 'unapplied_funds:%' then split_part(code, ':', 2) else split_part(code, ':', 3) end;
      alter table ledger_accounts
        alter column type set not null,
        alter column mode set not null,
        add constraint ledger_accounts_type_check check (type in
          ('GATEWAY_CLEARING', 'GATEWAY_FEES', 'APP_PAYABLE', 'APP_REFUNDS', 'UNAPPLIED_FUNDS')),
        add constraint ledger_accounts_mode_check check (mode in ('TEST', 'LIVE')),
        add constraint ledger_accounts_owner_check check (
          (type in ('GATEWAY_CLEARING', 'GATEWAY_FEES')) = (gateway is not null)
          and (type in ('APP_PAYABLE', 'APP_REFUNDS')) = (app_id is not null));
      create index ledger_accounts_chart_idx on ledger_accounts (mode, type, currency);
      create index ledger_accounts_app_idx on ledger_accounts (app_id, mode) where app_id is not null;

      alter table journal_entries disable trigger journal_entries_append_only;
      alter table journal_entries add column mode text;
      update journal_entries e set mode = a.mode
        from postings p join ledger_accounts a on a.id = p.account_id
       where p.entry_id = e.id;
      alter table journal_entries enable trigger journal_entries_append_only;
      alter table journal_entries
        alter column mode set not null,
        add constraint journal_entries_mode_check check (mode in ('TEST', 'LIVE')),
        add constraint journal_entries_kind_check check (kind in
          ('CAPTURE', 'FEE', 'UNAPPLIED_CAPTURE', 'UNAPPLIED_APPLIED', 'REFUND', 'UNAPPLIED_REFUND'));
      create index journal_entries_journal_idx on journal_entries (mode, id desc);

      alter table postings add column txid xid8 not null default pg_current_xact_id();
      drop index postings_account_idx;
      create index postings_account_txid_idx on postings (account_id, txid) include (amount_minor);
      create index postings_account_id_idx on postings (account_id, id desc) include (amount_minor);

      create table ledger_balance_snapshots (
        account_id bigint primary key references ledger_accounts (id),
        through_xid xid8 not null,
        balance_minor bigint not null,
        postings_counted bigint not null,
        taken_at timestamptz not null default now()
      );

      alter table payments
        add column unapplied_minor bigint not null default 0 check (unapplied_minor >= 0),
        add column unapplied_currency text,
        add column attention_resolution text
          check (attention_resolution in ('REFUNDED', 'APPLIED', 'ACKNOWLEDGED')),
        add column attention_note text,
        add column attention_resolved_by text,
        add column attention_resolved_at timestamptz;
      update payments p set unapplied_minor = -po.amount_minor, unapplied_currency = e.currency
        from journal_entries e
        join postings po on po.entry_id = e.id
        join ledger_accounts a on a.id = po.account_id and a.type = 'UNAPPLIED_FUNDS'
       where e.kind = 'UNAPPLIED_CAPTURE' and e.source_type = 'payment' and e.source_id = p.reference;
      create index payments_open_attention_idx on payments (created_at desc, id desc)
        where attention_reason is not null and attention_resolved_at is null;

      alter table refunds
        add column funds text not null default 'CAPTURED' check (funds in ('CAPTURED', 'UNAPPLIED'));
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`
      alter table refunds drop column funds;
      drop index payments_open_attention_idx;
      alter table payments drop column unapplied_minor, drop column unapplied_currency,
        drop column attention_resolution, drop column attention_note, drop column attention_resolved_by,
        drop column attention_resolved_at;
      drop table ledger_balance_snapshots;
      drop index postings_account_txid_idx, postings_account_id_idx;
      create index postings_account_idx on postings (account_id);
      alter table postings drop column txid;
      drop index journal_entries_journal_idx;
      alter table journal_entries drop constraint journal_entries_kind_check,
        drop constraint journal_entries_mode_check, drop column mode;
      drop index ledger_accounts_chart_idx, ledger_accounts_app_idx;
      alter table ledger_accounts drop constraint ledger_accounts_type_check,
        drop constraint ledger_accounts_mode_check, drop constraint ledger_accounts_owner_check,
        drop column type, drop column mode, drop column gateway, drop column app_id;
    `);
  }
}
