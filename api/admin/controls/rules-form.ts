import { fromDecimalString, isCurrency } from '../../../domain/shared/money.js';

/** How many rows a rules form may send back (the table's rows plus the blank ones). */
const MAX_FORM_ROWS = 60;

/**
 * The rules table's fields as the JSON API's body ({ rules }), for the same schema to judge: a row
 * whose From is empty is no rule; an amount that is not a number is passed on as typed, so the
 * schema names the row and field.
 */
export function rulesFromForm(fields: Record<string, string>): { rules: unknown[] } {
  const count = Math.min(Number(fields.rows) || 0, MAX_FORM_ROWS);
  const rules: unknown[] = [];
  for (let i = 0; i < count; i += 1) {
    const from = fields[`from_${i}`]?.trim() ?? '';
    if (!from) continue;
    const currency = fields[`currency_${i}`] || null;
    const minor = (typed: string) => {
      try {
        return fromDecimalString(typed, currency && isCurrency(currency) ? currency : 'BDT');
      } catch {
        return typed;
      }
    };
    const to = fields[`to_${i}`]?.trim() ?? '';
    rules.push({
      fromMinor: minor(from),
      toMinor: to ? minor(to) : null,
      currency,
      gateway: fields[`gateway_${i}`] || null,
      paymentMethod: fields[`method_${i}`] || null,
      requester: fields[`requester_${i}`] || null,
      approvers: Number(fields[`approvers_${i}`]),
    });
  }
  return { rules };
}
