import type { EntityManager } from '@mikro-orm/postgresql';
import type { Mode } from '../../domain/shared/mode.js';
import { recordPath, type SearchHit, type SearchTerms } from '../../domain/reports/search.js';
import type { Row } from '../../platform/orm/row-values.js';

/** Refunds whose reference or gateway refund id is the term, in every app and mode, newest first. */
export async function searchRefunds(
  em: EntityManager,
  terms: SearchTerms,
  limit: number,
): Promise<SearchHit[]> {
  const lookups = ['select id from refunds where gateway_refund_id = ?'];
  const params: unknown[] = [terms.text];
  if (terms.reference?.kind === 'refunds') {
    lookups.push('select id from refunds where reference = ?');
    params.push(terms.reference.reference);
  }
  const rows = await em.execute<Row[]>(
    `select r.reference, r.app_id, a.name as app_name, r.mode, r.status, r.amount_minor, r.currency,
            p.reference as payment_reference, p.gateway, r.created_at
       from refunds r join payments p on p.id = r.payment_id join apps a on a.id = r.app_id
      where r.id in (${lookups.join(' union ')})
      order by r.created_at desc, r.id desc
      limit ?`,
    [...params, limit],
  );
  return rows.map((row) => {
    const reference = String(row.reference);
    return {
      kind: 'refunds',
      reference,
      matchedOn: reference === terms.reference?.reference ? 'reference' : 'gatewayRefundId',
      mode: row.mode as Mode,
      status: String(row.status),
      amountMinor: Number(row.amount_minor),
      currency: String(row.currency),
      appId: Number(row.app_id),
      appName: String(row.app_name),
      gateway: row.gateway == null ? null : String(row.gateway),
      phone: null,
      account: null,
      orderId: null,
      number: null,
      paymentReference: String(row.payment_reference),
      at: new Date(row.created_at as string),
      path: recordPath('refunds', reference),
    };
  });
}
