import { majorUnitsText, readMajorUnits } from '../../../domain/shared/major-units.js';
import { isCurrency } from '../../../domain/shared/money.js';
import { html, SafeHtml } from '../../pages/html.js';

/**
 * The dashboard's amount inputs: typed in the currency's major unit ("10,000.00"), read back into
 * integer minor units exactly, refused with a reason a person can act on. Every form that asks
 * for money uses these two, so no operator is ever asked for minor units.
 */

export interface MajorUnitsFieldOptions {
  name: string;
  /** What the amount is ("Threshold", "Amount"); the currency follows it when one is given. */
  label: string;
  /** The currency the amount is in (the value is written back in it). */
  currency?: string;
  /** False when a currency field sits beside the input: the label then does not name one. */
  currencyInLabel?: boolean;
  valueMinor?: number | null;
  /** What the operator typed, drawn again as typed (a form refused and shown again). */
  typed?: string;
  /** What the form shows when blank, in the same units ("10,000.00"). */
  placeholder?: string;
  required?: boolean;
  testId?: string;
}

export function majorUnitsField(options: MajorUnitsFieldOptions): SafeHtml {
  const currency = options.currency && isCurrency(options.currency) ? options.currency : null;
  const value = options.typed ?? (currency ? majorUnitsText(options.valueMinor, currency) : '');
  return html`<label
    >${options.label}${currency && options.currencyInLabel !== false ? ` (${currency})` : ''}
    <input
      type="text"
      name="${options.name}"
      inputmode="decimal"
      autocomplete="off"
      value="${value}"
      placeholder="${options.placeholder ?? (currency === 'JPY' ? '1,000' : '1,000.00')}"
      ${new SafeHtml(options.required ? 'required' : '')}
      ${options.testId ? html`data-testid="${options.testId}"` : ''}
  /></label>`;
}

/**
 * A form's amount in minor units: `{ amountMinor }`, `{ blank: true }` when nothing was typed, or
 * `{ problem }` naming the field ("Threshold: BDT has 2 decimals at most").
 */
export function minorUnitsFromForm(
  typed: string | undefined,
  currency: string | undefined,
  label: string,
): { amountMinor: number } | { blank: true } | { problem: string } {
  if (!typed?.trim()) return { blank: true };
  if (!currency || !isCurrency(currency)) return { problem: `${label}: choose a currency` };
  const reading = readMajorUnits(typed, currency);
  return reading.ok ? { amountMinor: reading.amountMinor } : { problem: `${label}: ${reading.problem}` };
}
