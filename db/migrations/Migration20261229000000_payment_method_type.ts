import { Migration } from '@mikro-orm/migrations';

/**
 * The kind of method that paid (CARD, BKASH, NAGAD, …), the same for every gateway, beside the
 * gateway's own words for it in payment_method: apps filter on it. Null until the payment is
 * captured.
 *
 * Payments captured before this column are backfilled here, with SQL that reads a row exactly as
 * domain/payments/payment-method-type.ts paymentMethodTypeOf reads (gateway, payment_method): a captured
 * payment is one with settled_at, which only the capture sets. A test
 * (test/integration/payments/payment-method-type-backfill.test.ts) holds this SQL to that function for every
 * value the function knows. Its tables are written out here, not imported, so that this migration
 * keeps meaning what it meant when it ran.
 */
const PAYMENT_METHOD_TYPE_OF_ROW = `case gateway
  when 'bkash' then 'BKASH'
  when 'nagad' then 'NAGAD'
  when 'sslcommerz' then
    case translate(btrim(split_part(coalesce(payment_method, ''), '-', 1), ' '),
                   'abcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ')
      when 'VISA' then 'CARD' when 'MASTER' then 'CARD' when 'MASTERCARD' then 'CARD'
      when 'AMEX' then 'CARD' when 'UNIONPAY' then 'CARD' when 'DINERS' then 'CARD'
      when 'DISCOVER' then 'CARD' when 'JCB' then 'CARD' when 'NEXUS' then 'CARD'
      when 'DBBLNEXUS' then 'CARD' when 'QCASH' then 'CARD'
      when 'BKASH' then 'BKASH'
      when 'NAGAD' then 'NAGAD'
      when 'ROCKET' then 'ROCKET' when 'DBBLMOBILEB' then 'ROCKET'
      when 'UPAY' then 'UPAY'
      when 'MYCASH' then 'MOBILE_BANKING' when 'MCASH' then 'MOBILE_BANKING'
      when 'TAPNPAY' then 'MOBILE_BANKING' when 'OKWALLET' then 'MOBILE_BANKING'
      when 'SURECASH' then 'MOBILE_BANKING' when 'TCASH' then 'MOBILE_BANKING'
      when 'IPAY' then 'MOBILE_BANKING'
      when 'IBBL' then 'INTERNET_BANKING' when 'CITYTOUCH' then 'INTERNET_BANKING'
      when 'CITY' then 'INTERNET_BANKING' when 'BANKASIA' then 'INTERNET_BANKING'
      when 'ABBANK' then 'INTERNET_BANKING' when 'MTBL' then 'INTERNET_BANKING'
      else 'OTHER'
    end
  when 'stripe' then
    case translate(btrim(coalesce(payment_method, ''), ' '),
                   'abcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ')
      when 'CARD' then 'CARD' when 'VISA' then 'CARD' when 'MASTERCARD' then 'CARD'
      when 'AMEX' then 'CARD' when 'DISCOVER' then 'CARD' when 'DINERS' then 'CARD'
      when 'JCB' then 'CARD' when 'UNIONPAY' then 'CARD' when 'CARTES_BANCAIRES' then 'CARD'
      when 'EFTPOS_AU' then 'CARD' when 'INTERAC' then 'CARD' when 'UNKNOWN' then 'CARD'
      when 'APPLE_PAY' then 'CARD' when 'GOOGLE_PAY' then 'CARD' when 'SAMSUNG_PAY' then 'CARD'
      when 'MASTERPASS' then 'CARD' when 'VISA_CHECKOUT' then 'CARD'
      when 'AMEX_EXPRESS_CHECKOUT' then 'CARD' when 'LINK' then 'CARD'
      when 'US_BANK_ACCOUNT' then 'BANK_TRANSFER' when 'SEPA_DEBIT' then 'BANK_TRANSFER'
      when 'BACS_DEBIT' then 'BANK_TRANSFER' when 'AU_BECS_DEBIT' then 'BANK_TRANSFER'
      when 'ACSS_DEBIT' then 'BANK_TRANSFER'
      else 'OTHER'
    end
  when 'manual' then
    case translate(btrim(coalesce(payment_method, ''), ' '),
                   'abcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ')
      when 'BANK_TRANSFER' then 'BANK_TRANSFER' when 'CASH' then 'CASH' when 'CHEQUE' then 'CHEQUE'
      else 'OTHER'
    end
  else 'OTHER'
end`;

/** The column, which takes only the types domain/payments/payment-method-type.ts names. */
export const ADD_PAYMENT_METHOD_TYPE = `alter table payments add column payment_method_type text
  check (payment_method_type in ('CARD', 'BKASH', 'NAGAD', 'ROCKET', 'UPAY', 'MOBILE_BANKING',
    'INTERNET_BANKING', 'BANK_TRANSFER', 'CASH', 'CHEQUE', 'OTHER'));`;

export const BACKFILL_PAYMENT_METHOD_TYPE = `update payments set payment_method_type = ${PAYMENT_METHOD_TYPE_OF_ROW}
  where settled_at is not null;`;

export class Migration20261229000000_payment_method_type extends Migration {
  override async up(): Promise<void> {
    this.addSql(ADD_PAYMENT_METHOD_TYPE);
    this.addSql(BACKFILL_PAYMENT_METHOD_TYPE);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table payments drop column payment_method_type;`);
  }
}
