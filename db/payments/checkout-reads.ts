import type { EntityManager } from '@mikro-orm/postgresql';
import type { App, Payment } from '../../platform/orm/entities.js';
import { PAYMENT_COLUMNS, paymentFromRow } from './payments.js';
import { instant, json, text, type Row } from '../../platform/orm/row-values.js';
import { executePrepared } from '../../platform/orm/prepared-sql.js';

/** An apps row as `to_jsonb` gives it (timestamps as ISO text) to an App. */
function appFromJson(row: Row): App {
  return {
    id: Number(row.id),
    name: String(row.name),
    displayName: String(row.display_name),
    receiptsEnabled: row.receipts_enabled === true,
    invoiceEmailsEnabled: row.invoice_emails_enabled === true,
    status: row.status as App['status'],
    logoUrl: text(row.logo_url),
    brandColor: text(row.brand_color),
    rateLimitPerMinute:
      row.rate_limit_per_minute === null || row.rate_limit_per_minute === undefined
        ? null
        : Number(row.rate_limit_per_minute),
    createdAt: instant(row.created_at)!,
    updatedAt: instant(row.updated_at)!,
  };
}

/**
 * A payment by its reference with the app it belongs to, in one round trip: what every hosted
 * checkout request reads first. Null when either is missing.
 */
export async function findPaymentWithApp(
  em: EntityManager,
  reference: string,
): Promise<{ payment: Payment; app: App } | null> {
  const [row] = await executePrepared(
    em,
    `select ${PAYMENT_COLUMNS}, owner.app
       from payments, lateral (select to_jsonb(a) as app from apps a where a.id = payments.app_id) owner
      where payments.reference = ?`,
    [reference],
  );
  return row ? { payment: paymentFromRow(row), app: appFromJson(json<Row>(row.app)) } : null;
}
