import { CURRENCIES, formatMoney, isCurrency, toDecimalString } from '../../../domain/shared/money.js';
import type { Mode } from '../../../domain/shared/mode.js';
import { PAYMENT_METHOD_TYPES } from '../../../domain/payments/payment-method-type.js';
import {
  APPROVER_COUNTS,
  REQUESTER_KINDS,
  UNCOVERED_APPROVERS,
  type RefundApprovalRule,
} from '../../../domain/refunds/refund-approval-rules.js';
import { GATEWAY_MODULES } from '../../../gateways/catalogue.js';
import { html, type SafeHtml } from '../../pages/html.js';
import { csrfField } from '../pages/layout.js';

/** Refund approval rules in words, and the table finance edits them in. */

const approversText = (n: number) => (n === 0 ? 'no approver' : n === 1 ? '1 approver' : `${n} approvers`);

/**
 * An amount of a band in words. A band for any currency counts minor units of whichever currency
 * the refund is in; it is typed and shown with two decimals, as most currencies have.
 */
function amountText(minor: number, currency: string | null): string {
  if (currency && isCurrency(currency)) return formatMoney(minor, currency);
  const [whole, fraction] = toDecimalString(minor, 'BDT').split('.');
  return `${Number(whole).toLocaleString('en-US')}.${fraction} (any currency)`;
}

function bandText(rule: RefundApprovalRule): string {
  const { fromMinor: from, toMinor: to, currency } = rule;
  if (from === 0 && to === null) return currency ? `Any amount in ${currency}` : 'Any amount';
  if (from === 0) return `Up to ${amountText(to!, currency)}`;
  if (to === null) return `From ${amountText(from, currency)}`;
  return `${amountText(from, currency)} to ${amountText(to, currency)}`;
}

/** One rule in words: "Up to 10,000.00 BDT, bkash, asked by APP: no approver". */
export function ruleText(rule: RefundApprovalRule): string {
  const only = [
    rule.gateway,
    rule.paymentMethod,
    rule.requester === 'APP'
      ? "asked by the app's key"
      : rule.requester === 'OPERATOR'
        ? 'asked by an operator'
        : null,
  ].filter((part): part is string => part !== null);
  return `${[bandText(rule), ...only].join(', ')}: ${approversText(rule.approvers)}`;
}

const coversEverything = (rule: RefundApprovalRule) =>
  rule.fromMinor === 0 &&
  rule.toMinor === null &&
  rule.currency === null &&
  rule.gateway === null &&
  rule.paymentMethod === null &&
  rule.requester === null;

/** A rule set in one line (proposals, the app's page). */
export function rulesText(rules: readonly RefundApprovalRule[]): string {
  if (rules.length === 1 && coversEverything(rules[0]!)) {
    const [{ approvers }] = rules as [RefundApprovalRule];
    if (approvers === 0) return 'No refund waits for approval';
    return approvers === 1 ? 'Every refund waits for approval' : 'Every refund waits for two approvers';
  }
  if (!rules.length) return `No rules: every refund waits for ${approversText(UNCOVERED_APPROVERS)}`;
  return `${rules.map(ruleText).join('; ')}; anything else: ${approversText(UNCOVERED_APPROVERS)}`;
}

/** Rows for new rules below the existing ones. */
const BLANK_ROWS = 2;

function select(name: string, values: readonly string[], selected: string | null, anyLabel: string) {
  return html`<select name="${name}">
    <option value="">${anyLabel}</option>
    ${values.map((v) => html`<option value="${v}" ${v === selected ? 'selected' : ''}>${v}</option>`)}
  </select>`;
}

/** An amount as typed in the form: major units of the rule's currency (two decimals when any currency). */
function majorUnits(minor: number | null, currency: string | null): string {
  if (minor === null) return '';
  return toDecimalString(minor, currency && isCurrency(currency) ? currency : 'BDT');
}

/**
 * The rules as a table of inputs, one row per rule and two empty rows for new ones. A row whose
 * From is empty is left out, so clearing it removes the rule.
 */
export function rulesForm(
  appId: number,
  mode: Mode,
  rules: readonly RefundApprovalRule[],
  csrfToken: string,
): SafeHtml {
  const rows: Array<RefundApprovalRule | null> = [...rules, ...Array<null>(BLANK_ROWS).fill(null)];
  const gateways = GATEWAY_MODULES.map((m) => m.name);
  return html`<form
    method="post"
    action="/admin/apps/${appId}/controls/${mode}/refund-approval"
    data-testid="refund-rules-form-${mode}"
  >
    ${csrfField(csrfToken)}
    <div class="table-wrap">
      <table class="compact">
        <thead>
          <tr>
            <th>From</th>
            <th>To (empty: no end)</th>
            <th>Currency</th>
            <th>Gateway</th>
            <th>Method</th>
            <th>Asked by</th>
            <th>Approvers</th>
          </tr>
        </thead>
        <tbody>
          ${rows.map(
            (rule, i) =>
              html`<tr data-testid="refund-rule-${mode}-${i}">
                <td>
                  <input
                    name="from_${i}"
                    aria-label="From (row ${i + 1})"
                    inputmode="decimal"
                    size="12"
                    value="${majorUnits(rule?.fromMinor ?? null, rule?.currency ?? null)}"
                  />
                </td>
                <td>
                  <input
                    name="to_${i}"
                    aria-label="To (row ${i + 1})"
                    inputmode="decimal"
                    size="12"
                    value="${majorUnits(rule?.toMinor ?? null, rule?.currency ?? null)}"
                  />
                </td>
                <td>${select(`currency_${i}`, CURRENCIES, rule ? rule.currency : 'BDT', 'Any')}</td>
                <td>${select(`gateway_${i}`, gateways, rule?.gateway ?? null, 'Any')}</td>
                <td>${select(`method_${i}`, PAYMENT_METHOD_TYPES, rule?.paymentMethod ?? null, 'Any')}</td>
                <td>${select(`requester_${i}`, REQUESTER_KINDS, rule?.requester ?? null, 'Either')}</td>
                <td>
                  <select name="approvers_${i}" aria-label="Approvers (row ${i + 1})">
                    ${APPROVER_COUNTS.map(
                      (n) =>
                        html`<option value="${n}" ${(rule?.approvers ?? 1) === n ? 'selected' : ''}>
                          ${n}
                        </option>`,
                    )}
                  </select>
                </td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>
    <input type="hidden" name="rows" value="${rows.length}" />
    <p class="muted">
      Amounts in the row's currency (two decimals when any currency); both ends are included. The strictest
      row covering a refund applies, judged on the payment's refunds so far and on the requester's refunds of
      the day, each with this one; a refund no row covers waits for one approver. Clear From to remove a row.
    </p>
    <button type="submit">Save rules</button>
  </form>`;
}
