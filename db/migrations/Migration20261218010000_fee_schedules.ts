import { Migration } from '@mikro-orm/migrations';

/**
 * What each gateway charges when it does not say so with the capture, configurable by finance:
 * a percentage in basis points plus a fixed amount, per gateway, mode, currency and payment method
 * (no method: any). Seeded with the gateways' published merchant rates; finance corrects them.
 * And the name of the bank account each gateway settles to, per mode, for the ledger's pages.
 */
export class Migration20261218010000_fee_schedules extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table gateway_fee_schedules (
        id bigserial primary key,
        gateway text not null check (gateway <> 'manual'),
        mode text not null check (mode in ('TEST', 'LIVE')),
        currency text not null,
        method text check (method is null or length(trim(method)) between 1 and 64),
        percent_basis_points integer not null check (percent_basis_points between 0 and 10000),
        fixed_minor bigint not null default 0 check (fixed_minor >= 0),
        updated_by text,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      );
      create unique index gateway_fee_schedules_key on gateway_fee_schedules
        (gateway, mode, currency, (coalesce(lower(method), '')));

      insert into gateway_fee_schedules (gateway, mode, currency, method, percent_basis_points, fixed_minor)
      select g.gateway, m.mode, g.currency, null, g.bp, g.fixed
        from (values ('bkash', 'BDT', 185, 0), ('nagad', 'BDT', 150, 0),
                     ('sslcommerz', 'BDT', 250, 0), ('stripe', 'USD', 290, 30))
               as g (gateway, currency, bp, fixed)
       cross join (values ('TEST'), ('LIVE')) as m (mode);

      create table settlement_bank_accounts (
        gateway text not null,
        mode text not null check (mode in ('TEST', 'LIVE')),
        name text not null check (length(trim(name)) between 1 and 120),
        updated_by text,
        updated_at timestamptz not null default now(),
        primary key (gateway, mode)
      );
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table settlement_bank_accounts; drop table gateway_fee_schedules;`);
  }
}
