import { Migration } from '@mikro-orm/migrations';

/**
 * Settlement reports as the gateways state them. An import is one uploaded report (or one fetch
 * from a gateway's API), known by its bytes' hash so the same report uploaded again is the same
 * import. Its lines are append-only facts, each known by its line key so a line two reports both
 * carry is stored once; what reconciliation decides about a line lives in its own tables.
 */
export class Migration20261219000000_settlement_lines extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table settlement_imports (
        id bigserial primary key,
        gateway text not null,
        mode text not null check (mode in ('TEST', 'LIVE')),
        file_name text not null,
        file_sha256 text not null check (file_sha256 ~ '^[0-9a-f]{64}$'),
        format text not null,
        line_count integer not null check (line_count >= 0),
        stored_line_count integer not null check (stored_line_count >= 0),
        settlement_dates date[] not null default '{}',
        imported_by bigint references operators (id),
        created_at timestamptz not null default now(),
        constraint settlement_imports_file_unique unique (gateway, mode, file_sha256)
      );
      create index settlement_imports_list_idx on settlement_imports (created_at desc, id desc);

      create table settlement_lines (
        id bigserial primary key,
        import_id bigint not null references settlement_imports (id),
        gateway text not null,
        mode text not null check (mode in ('TEST', 'LIVE')),
        gateway_transaction_id text not null,
        reference text,
        type text not null check (type in ('PAYMENT', 'REFUND', 'CHARGEBACK', 'ADJUSTMENT')),
        currency text not null,
        gross_minor bigint not null,
        fee_minor bigint not null,
        net_minor bigint not null,
        settlement_date date not null,
        payout_batch text,
        line_key text not null,
        created_at timestamptz not null default now(),
        constraint settlement_lines_key_unique unique (line_key),
        constraint settlement_lines_net_check check (net_minor = gross_minor - fee_minor)
      );
      create index settlement_lines_day_idx on settlement_lines (gateway, mode, settlement_date);
      create index settlement_lines_transaction_idx on settlement_lines (gateway, gateway_transaction_id);
      create index settlement_lines_reference_idx on settlement_lines (reference) where reference is not null;
      create index settlement_lines_import_idx on settlement_lines (import_id);
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`
      drop table if exists settlement_lines;
      drop table if exists settlement_imports;
    `);
  }
}
