import type { EntityManager } from '@mikro-orm/postgresql';
import type { Mode } from '../../domain/shared/mode.js';
import { recordPath, type SearchHit, type SearchTerms } from '../../domain/reports/search.js';
import type { Row } from '../../platform/orm/row-values.js';

/**
 * Invoices whose reference or number is the term, in every app and mode, newest first. A number is
 * unique only within its app and mode, so one can find several.
 */
export async function searchInvoices(
  em: EntityManager,
  terms: SearchTerms,
  limit: number,
): Promise<SearchHit[]> {
  const lookups = ['select id from invoices where number = ?'];
  const params: unknown[] = [terms.text];
  if (terms.reference?.kind === 'invoices') {
    lookups.push('select id from invoices where reference = ?');
    params.push(terms.reference.reference);
  }
  const rows = await em.execute<Row[]>(
    `select i.reference, i.number, i.app_id, a.name as app_name, i.mode, i.status, i.total_minor, i.currency,
            i.created_at
       from invoices i join apps a on a.id = i.app_id
      where i.id in (${lookups.join(' union ')})
      order by i.created_at desc, i.id desc
      limit ?`,
    [...params, limit],
  );
  return rows.map((row) => {
    const reference = String(row.reference);
    return {
      kind: 'invoices',
      reference,
      matchedOn: reference === terms.reference?.reference ? 'reference' : 'number',
      mode: row.mode as Mode,
      status: String(row.status),
      amountMinor: Number(row.total_minor),
      currency: String(row.currency),
      appId: Number(row.app_id),
      appName: String(row.app_name),
      gateway: null,
      phone: null,
      account: null,
      orderId: null,
      number: row.number == null ? null : String(row.number),
      paymentReference: null,
      at: new Date(row.created_at as string),
      path: recordPath('invoices', reference),
    };
  });
}
