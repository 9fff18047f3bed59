import { minorUnitsFromForm } from '../pages/major-units-field.js';

/**
 * The dashboard's invoice form, as the request the JSON API takes: amounts typed in taka (or the
 * currency's major unit) become minor units, percentages become basis points. Anything it cannot
 * read is passed on as typed, so the request's schema names the field that is wrong.
 */

export const FORM_LINES = 5;

const PERCENT = /^\d{1,3}(\.\d{1,2})?$/;

/** "7.5" % as 750 basis points, exactly; null when blank. */
function basisPoints(value: string | undefined): number | string | null {
  const typed = value?.trim() ?? '';
  if (!typed) return null;
  if (!PERCENT.test(typed)) return typed;
  const [whole, fraction = ''] = typed.split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

function integer(value: string | undefined): number | string {
  const typed = value?.trim() ?? '';
  return /^\d{1,15}$/.test(typed) ? Number(typed) : typed;
}

function lineOf(fields: Record<string, string>, n: number, currency: string) {
  const description = fields[`description_${n}`]?.trim() ?? '';
  const price = fields[`unitPrice_${n}`]?.trim() ?? '';
  if (!description && !price) return null;
  // Typed in the currency's major unit ("1,500.00"); one it cannot read is left as typed, and
  // priceProblems names it for the form.
  const read = minorUnitsFromForm(price, currency, `Line ${n} unit price`);
  const unitAmountMinor: number | string = 'amountMinor' in read ? read.amountMinor : price;
  const tax = basisPoints(fields[`taxPercent_${n}`]);
  const discount = basisPoints(fields[`discountPercent_${n}`]);
  return {
    description,
    quantity: integer(fields[`quantity_${n}`] || '1'),
    unitAmountMinor,
    ...(tax !== null && { taxRateBasisPoints: tax }),
    ...(discount !== null && { discount: { type: 'PERCENT', basisPoints: discount } }),
  };
}

export function invoiceRequestFromForm(fields: Record<string, string>): Record<string, unknown> {
  const currency = fields.currency || 'BDT';
  const present = (name: string) => (fields[name]?.trim() ? { [name]: fields[name]!.trim() } : {});
  const count = fields.installments?.trim();
  return {
    appId: integer(fields.appId),
    mode: fields.mode,
    currency,
    customer: {
      customerReference: fields.customerReference?.trim() ?? '',
      ...present('name'),
      ...present('email'),
      ...present('phone'),
      ...present('address'),
    },
    lines: Array.from({ length: FORM_LINES }, (_, i) => lineOf(fields, i + 1, currency)).filter(
      (line) => line !== null,
    ),
    dueDate: fields.dueDate ?? '',
    ...present('notes'),
    ...(count &&
      count !== '1' && { installmentPlan: { count: integer(count), interval: fields.interval || 'MONTH' } }),
    issue: fields.issue === 'true',
  };
}

/**
 * The unit prices the form could not read, each named by its line ("Line 2 unit price: BDT has 2
 * decimals at most"), so the operator is never told about minor units.
 */
export function priceProblems(fields: Record<string, string>): string[] {
  const currency = fields.currency || 'BDT';
  const problems: string[] = [];
  for (let n = 1; n <= FORM_LINES; n += 1) {
    const description = fields[`description_${n}`]?.trim() ?? '';
    const price = fields[`unitPrice_${n}`]?.trim() ?? '';
    if (!description && !price) continue;
    const read = minorUnitsFromForm(price || ' ', currency, `Line ${n} unit price`);
    if ('problem' in read) problems.push(read.problem);
    else if (!('amountMinor' in read)) problems.push(`Line ${n} unit price: enter an amount`);
  }
  return problems;
}
