import { Migration } from '@mikro-orm/migrations';

/**
 * The dashboard's search box (domain/reports/search.ts) looks each term up across apps and modes:
 * the existing indexes lead with the app, the gateway or the mode, so each lookup gets one of its
 * own. A phone is compared by its digits, a Bangladeshi number as 01XXXXXXXXX however it was
 * written (+880 1712-345678, 8801712345678): the expressions here are the ones the searches use
 * (db/payments/payment-search.ts, db/payouts/payout-search.ts).
 */
export class Migration20270314000100_search_indexes extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create index payments_order_search_idx on payments (order_id) where order_id is not null;
      create index payments_gateway_transaction_search_idx on payments (gateway_transaction_id)
        where gateway_transaction_id is not null;
      create index payments_customer_phone_search_idx on payments
        ((regexp_replace(regexp_replace(customer_phone, '[^0-9]', '', 'g'), '^880(1[3-9][0-9]{8})$', '0\\1')))
        where customer_phone is not null;
      create index payouts_destination_search_idx on payouts
        ((coalesce(beneficiary ->> 'walletNumber', beneficiary ->> 'accountNumber')));
      create index invoices_number_search_idx on invoices (number) where number is not null;
      create index settlement_lines_gateway_transaction_search_idx on settlement_lines (gateway_transaction_id);
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`
      drop index if exists payments_order_search_idx;
      drop index if exists payments_gateway_transaction_search_idx;
      drop index if exists payments_customer_phone_search_idx;
      drop index if exists payouts_destination_search_idx;
      drop index if exists invoices_number_search_idx;
      drop index if exists settlement_lines_gateway_transaction_search_idx;
    `);
  }
}
