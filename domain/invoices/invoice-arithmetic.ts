/**
 * Invoice arithmetic, in integer minor units. Pure: the API, the PDF, the pay page and the tests
 * all price an invoice through these functions, so a total is computed one way only.
 *
 * The rounding rule, stated once: each line is priced on its own. Its gross is quantity × unit
 * price; a percentage discount and the tax are each rounded to the nearest minor unit, an exact
 * half rounding up; the invoice's totals are the sums of its lines' rounded amounts. Products
 * are taken in BigInt, so no intermediate value loses precision.
 */

export const BASIS_POINTS = 10_000;

export type LineDiscount = { type: 'PERCENT'; basisPoints: number } | { type: 'AMOUNT'; amountMinor: number };

export interface LineInput {
  description: string;
  quantity: number;
  unitAmountMinor: number;
  /** Tax on the line after its discount, in basis points (1500 = 15 %). */
  taxRateBasisPoints?: number | null;
  discount?: LineDiscount | null;
}

export interface PricedLine {
  description: string;
  quantity: number;
  unitAmountMinor: number;
  taxRateBasisPoints: number;
  discount: LineDiscount | null;
  /** quantity × unit price */
  grossMinor: number;
  discountMinor: number;
  taxMinor: number;
  /** gross − discount + tax */
  totalMinor: number;
}

export interface InvoiceTotals {
  subtotalMinor: number;
  discountMinor: number;
  taxMinor: number;
  totalMinor: number;
}

export class InvoiceArithmeticError extends Error {
  constructor(
    readonly code: 'INVOICE_TOTAL_TOO_LARGE' | 'INVOICE_TOTAL_NOT_POSITIVE' | 'DISCOUNT_EXCEEDS_LINE',
    message: string,
  ) {
    super(message);
    this.name = 'InvoiceArithmeticError';
  }
}

const MAX = BigInt(Number.MAX_SAFE_INTEGER);

/** numerator / denominator to the nearest integer, an exact half going up (both non-negative). */
export function roundHalfUp(numerator: bigint, denominator: bigint): bigint {
  return (2n * numerator + denominator) / (2n * denominator);
}

function safe(value: bigint, what: string): number {
  if (value > MAX) {
    throw new InvoiceArithmeticError(
      'INVOICE_TOTAL_TOO_LARGE',
      `${what} is larger than the service can hold`,
    );
  }
  return Number(value);
}

export function priceLine(line: LineInput): PricedLine {
  const gross = BigInt(line.quantity) * BigInt(line.unitAmountMinor);
  let discount = 0n;
  if (line.discount?.type === 'PERCENT') {
    discount = roundHalfUp(gross * BigInt(line.discount.basisPoints), BigInt(BASIS_POINTS));
  } else if (line.discount?.type === 'AMOUNT') {
    discount = BigInt(line.discount.amountMinor);
    if (discount > gross) {
      throw new InvoiceArithmeticError(
        'DISCOUNT_EXCEEDS_LINE',
        `The discount on "${line.description}" is more than the line's amount`,
      );
    }
  }
  const taxRate = line.taxRateBasisPoints ?? 0;
  const tax = roundHalfUp((gross - discount) * BigInt(taxRate), BigInt(BASIS_POINTS));
  return {
    description: line.description,
    quantity: line.quantity,
    unitAmountMinor: line.unitAmountMinor,
    taxRateBasisPoints: taxRate,
    discount: line.discount ?? null,
    grossMinor: safe(gross, 'A line'),
    discountMinor: safe(discount, 'A discount'),
    taxMinor: safe(tax, 'A tax amount'),
    totalMinor: safe(gross - discount + tax, 'A line'),
  };
}

/** Prices every line and sums them; an invoice is for a positive amount. */
export function priceInvoice(lines: LineInput[]): { lines: PricedLine[]; totals: InvoiceTotals } {
  const priced = lines.map(priceLine);
  const sum = (pick: (line: PricedLine) => number) =>
    priced.reduce((total, line) => total + BigInt(pick(line)), 0n);
  const subtotal = sum((line) => line.grossMinor);
  const discount = sum((line) => line.discountMinor);
  const tax = sum((line) => line.taxMinor);
  const total = subtotal - discount + tax;
  const totals = {
    subtotalMinor: safe(subtotal, 'The subtotal'),
    discountMinor: safe(discount, 'The discount'),
    taxMinor: safe(tax, 'The tax'),
    totalMinor: safe(total, 'The total'),
  };
  if (totals.totalMinor <= 0) {
    throw new InvoiceArithmeticError('INVOICE_TOTAL_NOT_POSITIVE', 'An invoice must be for more than zero');
  }
  return { lines: priced, totals };
}
