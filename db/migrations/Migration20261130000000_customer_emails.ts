import { Migration } from '@mikro-orm/migrations';

/**
 * Emails to apps' customers: one row per outbox event that owes its customer a message (the
 * unique event id), written in the transaction that records the event, then sent by the
 * message's own workflow. The row is the message's log: its status, attempts and last error.
 */
export class Migration20261130000000_customer_emails extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table customer_emails (
        id bigserial primary key,
        app_id bigint not null references apps (id),
        mode text not null check (mode in ('TEST', 'LIVE')),
        kind text not null
          check (kind in ('invoice_issued', 'installment_due', 'installment_overdue', 'payment_receipt')),
        event_id text not null unique references events (id),
        recipient text not null,
        subject text not null,
        status text not null default 'QUEUED' check (status in ('QUEUED', 'SENT', 'FAILED', 'SKIPPED')),
        attempts integer not null default 0 check (attempts >= 0),
        last_error text,
        smtp_message_id text,
        created_at timestamptz not null default now(),
        last_attempt_at timestamptz,
        sent_at timestamptz,
        check ((status = 'SENT') = (sent_at is not null))
      );
      create index customer_emails_list_idx on customer_emails (created_at desc, id desc);
      create index customer_emails_app_idx on customer_emails (app_id, created_at desc, id desc);
      -- The sweeper's question: messages still to send whose workflow may not be running.
      create index customer_emails_queued_idx on customer_emails (created_at, id) where status = 'QUEUED';
    `);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists customer_emails;');
  }
}
