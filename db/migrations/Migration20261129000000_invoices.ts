import { Migration } from '@mikro-orm/migrations';

/**
 * Invoices: line items priced once (their rounded amounts stored, so a document never reprices),
 * installments with what each has been paid, a per-app number sequence per mode and year, and the
 * app's invoice settings (its branding is already on the app). A payment names its invoice by the invoice's reference.
 */
export class Migration20261129000000_invoices extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      alter table apps
        add column invoice_reminder_days integer not null default 3
          check (invoice_reminder_days between 0 and 60),
        add column invoice_emails_enabled boolean not null default false;

      create table invoices (
        id bigserial primary key,
        reference text not null unique,
        app_id bigint not null references apps (id),
        mode text not null check (mode in ('TEST', 'LIVE')),
        status text not null check (status in ('DRAFT', 'OPEN', 'PARTIALLY_PAID', 'PAID', 'VOID')),
        number text,
        currency text not null,
        customer_reference text not null,
        customer_name text,
        customer_email text,
        customer_phone text,
        customer_address text,
        due_date date not null,
        notes text,
        metadata jsonb not null default '{}',
        plan jsonb,
        subtotal_minor bigint not null check (subtotal_minor >= 0),
        discount_minor bigint not null check (discount_minor >= 0),
        tax_minor bigint not null check (tax_minor >= 0),
        total_minor bigint not null check (total_minor > 0),
        paid_minor bigint not null default 0 check (paid_minor >= 0 and paid_minor <= total_minor),
        payable_token text unique,
        idempotency_key text,
        created_by_operator_id bigint references operators (id),
        issued_at timestamptz,
        paid_at timestamptz,
        voided_at timestamptz,
        void_reason text,
        workflow_started boolean not null default false,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (app_id, mode, number),
        unique (app_id, mode, idempotency_key),
        -- A draft has no number or link yet; an issued invoice has both; a voided one either.
        check (case status
                 when 'DRAFT' then number is null and payable_token is null
                 when 'VOID' then true
                 else number is not null and payable_token is not null end)
      );
      create index invoices_list_idx on invoices (app_id, mode, created_at desc, id desc);
      create index invoices_status_idx on invoices (mode, status, created_at desc, id desc);
      create index invoices_customer_idx on invoices (app_id, mode, customer_reference);
      create index invoices_awaiting_workflow_idx on invoices (issued_at, id)
        where not workflow_started and status in ('OPEN', 'PARTIALLY_PAID');

      create table invoice_lines (
        invoice_id bigint not null references invoices (id) on delete cascade,
        position integer not null,
        description text not null,
        quantity bigint not null check (quantity > 0),
        unit_amount_minor bigint not null check (unit_amount_minor >= 0),
        tax_rate_basis_points integer not null check (tax_rate_basis_points between 0 and 10000),
        discount_type text check (discount_type in ('PERCENT', 'AMOUNT')),
        discount_value bigint check (discount_value >= 0),
        gross_minor bigint not null,
        discount_minor bigint not null,
        tax_minor bigint not null,
        total_minor bigint not null,
        primary key (invoice_id, position),
        check ((discount_type is null) = (discount_value is null))
      );

      create table invoice_installments (
        invoice_id bigint not null references invoices (id) on delete cascade,
        sequence integer not null,
        amount_minor bigint not null check (amount_minor > 0),
        due_date date not null,
        paid_minor bigint not null default 0 check (paid_minor >= 0 and paid_minor <= amount_minor),
        paid_at timestamptz,
        reminded_at timestamptz,
        overdue_at timestamptz,
        primary key (invoice_id, sequence)
      );

      create table invoice_numbers (
        app_id bigint not null references apps (id),
        mode text not null check (mode in ('TEST', 'LIVE')),
        year integer not null,
        last_number integer not null,
        primary key (app_id, mode, year)
      );

      alter table payments add column invoice_applied boolean not null default false;
      create index payments_invoice_idx on payments (invoice_id) where invoice_id is not null;
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`
      drop index if exists payments_invoice_idx;
      alter table payments drop column invoice_applied;
      drop table if exists invoice_numbers;
      drop table if exists invoice_installments;
      drop table if exists invoice_lines;
      drop table if exists invoices;
      alter table apps drop column invoice_reminder_days, drop column invoice_emails_enabled;
    `);
  }
}
