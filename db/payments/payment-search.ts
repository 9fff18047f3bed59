import type { EntityManager } from '@mikro-orm/postgresql';
import type { Mode } from '../../domain/shared/mode.js';
import { maskedPhone } from '../../domain/shared/phone-numbers.js';
import { recordPath, type SearchHit, type SearchTerms } from '../../domain/reports/search.js';
import type { Row } from '../../platform/orm/row-values.js';

/**
 * A payment's customer phone as the search compares it (domain/shared/phone-numbers.ts phoneKey):
 * the very expression payments_customer_phone_search_idx is built on, so the lookup uses it.
 */
export const CUSTOMER_PHONE_KEY_SQL = `regexp_replace(regexp_replace(customer_phone, '[^0-9]', '', 'g'), '^880(1[3-9][0-9]{8})$', '0\\1')`;

/**
 * Payments whose reference, order id, gateway transaction id or customer phone is the term, in
 * every app and mode, newest first. Each way in is its own indexed lookup.
 */
export async function searchPayments(
  em: EntityManager,
  terms: SearchTerms,
  limit: number,
): Promise<SearchHit[]> {
  const lookups: string[] = [];
  const params: unknown[] = [];
  if (terms.reference?.kind === 'payments') {
    lookups.push('select id from payments where reference = ?');
    params.push(terms.reference.reference);
  }
  lookups.push('select id from payments where order_id = ?');
  lookups.push('select id from payments where gateway_transaction_id = ?');
  params.push(terms.text, terms.text);
  if (terms.phone) {
    lookups.push(
      `select id from payments where customer_phone is not null and ${CUSTOMER_PHONE_KEY_SQL} = ?`,
    );
    params.push(terms.phone);
  }
  const rows = await em.execute<Row[]>(
    `select p.reference, p.app_id, a.name as app_name, p.mode, p.status, p.amount_minor, p.currency,
            p.gateway, p.order_id, p.gateway_transaction_id, p.customer_phone, p.created_at
       from payments p join apps a on a.id = p.app_id
      where p.id in (${lookups.join(' union ')})
      order by p.created_at desc, p.id desc
      limit ?`,
    [...params, limit],
  );
  return rows.map((row) => {
    const phone = row.customer_phone == null ? null : String(row.customer_phone);
    const reference = String(row.reference);
    const matchedOn: SearchHit['matchedOn'] =
      reference === terms.reference?.reference
        ? 'reference'
        : row.order_id === terms.text
          ? 'orderId'
          : row.gateway_transaction_id === terms.text
            ? 'gatewayTransactionId'
            : 'customerPhone';
    return {
      kind: 'payments',
      reference,
      matchedOn,
      mode: row.mode as Mode,
      status: String(row.status),
      amountMinor: Number(row.amount_minor),
      currency: String(row.currency),
      appId: Number(row.app_id),
      appName: String(row.app_name),
      gateway: row.gateway == null ? null : String(row.gateway),
      phone: phone === null ? null : maskedPhone(phone),
      account: null,
      orderId: row.order_id == null ? null : String(row.order_id),
      number: null,
      paymentReference: null,
      at: new Date(row.created_at as string),
      path: recordPath('payments', reference),
    };
  });
}
