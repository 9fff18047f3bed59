import type { EntityManager } from '@mikro-orm/postgresql';
import { maskedAccountNumber, type PayoutBeneficiary } from '../../domain/payouts/beneficiary.js';
import type { Mode } from '../../domain/shared/mode.js';
import { maskedPhone } from '../../domain/shared/phone-numbers.js';
import { recordPath, type SearchHit, type SearchTerms } from '../../domain/reports/search.js';
import { json, type Row } from '../../platform/orm/row-values.js';

/**
 * The wallet or account number a payout pays, as payouts_destination_search_idx holds it. Wallet
 * numbers are stored as 01XXXXXXXXX (the payout bodies take no other spelling).
 */
export const PAYOUT_DESTINATION_SQL = `coalesce(beneficiary ->> 'walletNumber', beneficiary ->> 'accountNumber')`;

/**
 * Payouts whose reference is the term, or that pay the wallet or account number it names, in every
 * app and mode, newest first.
 */
export async function searchPayouts(
  em: EntityManager,
  terms: SearchTerms,
  limit: number,
): Promise<SearchHit[]> {
  const numbers = [...new Set([terms.text, ...(terms.phone ? [terms.phone] : [])])];
  const lookups = [
    `select id from payouts where ${PAYOUT_DESTINATION_SQL} in (${numbers.map(() => '?').join(', ')})`,
  ];
  const params: unknown[] = [...numbers];
  if (terms.reference?.kind === 'payouts') {
    lookups.push('select id from payouts where reference = ?');
    params.push(terms.reference.reference);
  }
  const rows = await em.execute<Row[]>(
    `select o.reference, o.app_id, a.name as app_name, o.mode, o.status, o.amount_minor, o.currency,
            o.rail, o.beneficiary, o.created_at
       from payouts o join apps a on a.id = o.app_id
      where o.id in (${lookups.join(' union ')})
      order by o.created_at desc, o.id desc
      limit ?`,
    [...params, limit],
  );
  return rows.map((row) => {
    const reference = String(row.reference);
    const beneficiary = json<PayoutBeneficiary>(row.beneficiary);
    const wallet = beneficiary.type === 'BANK_ACCOUNT' ? null : beneficiary.walletNumber;
    const account = beneficiary.type === 'BANK_ACCOUNT' ? beneficiary.accountNumber : null;
    return {
      kind: 'payouts',
      reference,
      matchedOn: reference === terms.reference?.reference ? 'reference' : 'destination',
      mode: row.mode as Mode,
      status: String(row.status),
      amountMinor: Number(row.amount_minor),
      currency: String(row.currency),
      appId: Number(row.app_id),
      appName: String(row.app_name),
      gateway: String(row.rail),
      phone: wallet === null ? null : maskedPhone(wallet),
      account: account === null ? null : maskedAccountNumber(account),
      orderId: null,
      number: null,
      paymentReference: null,
      at: new Date(row.created_at as string),
      path: recordPath('payouts', reference),
    };
  });
}
