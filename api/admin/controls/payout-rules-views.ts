import type { AmountBand } from '../../../domain/approvals/rule-book.js';
import type { PayoutRules } from '../../../domain/payouts/payout-rules.js';
import { rulesFromBands } from '../../../domain/refunds/refund-approval-rules.js';
import { CURRENCIES, isCurrency, toDecimalString } from '../../../domain/shared/money.js';
import type { Mode } from '../../../domain/shared/mode.js';
import { html, type SafeHtml } from '../../pages/html.js';
import { csrfField } from '../pages/layout.js';
import { rulesFromForm } from './rules-form.js';
import { ruleText } from './rules-views.js';

/** An app's payout rules in words, and the form finance edits them in (apart from refund rules). */

/** The rules in one line (proposals, the app's page). */
export function payoutRulesText(rules: PayoutRules): string {
  if (!rules.enabled) return 'Payouts off';
  const bands = rulesFromBands(rules.bands).map(ruleText);
  const floor = rules.floor === 1 ? 'every payout waits for at least 1 approver' : 'no least approver';
  return `Payouts on; ${floor}; ${[...bands, 'anything else: 1 approver'].join('; ')}`;
}

/** The form's fields as the JSON API's body ({ enabled, floor, bands }), for the same schema to judge. */
export function payoutRulesFromForm(fields: Record<string, string>) {
  const bands = rulesFromForm(fields).rules.map((row) => {
    const { currency, fromMinor, toMinor, approvers } = row as AmountBand;
    return { currency, fromMinor, toMinor, approvers };
  });
  return { enabled: fields.enabled === 'on', floor: Number(fields.floor), bands };
}

const BLANK_ROWS = 2;

const majorUnits = (minor: number | null, currency: string | null) =>
  minor === null ? '' : toDecimalString(minor, currency && isCurrency(currency) ? currency : 'BDT');

/** The payout rules of one mode as a form: on or off, the floor, one row per band and blank ones. */
export function payoutRulesForm(appId: number, mode: Mode, rules: PayoutRules, csrfToken: string): SafeHtml {
  const rows: Array<AmountBand | null> = [...rules.bands, ...Array<null>(BLANK_ROWS).fill(null)];
  return html`<form
    method="post"
    action="/admin/apps/${appId}/controls/${mode}/payout-approval"
    data-testid="payout-rules-form-${mode}"
  >
    ${csrfField(csrfToken)}
    <label
      ><input
        type="checkbox"
        name="enabled"
        ${rules.enabled ? 'checked' : ''}
        data-testid="payouts-enabled-${mode}"
      />
      Payouts on</label
    >
    <label
      >Every payout waits for at least
      <select name="floor" data-testid="payout-floor-${mode}">
        ${[0, 1].map((n) => html`<option value="${n}" ${rules.floor === n ? 'selected' : ''}>${n}</option>`)}
      </select>
      approver(s)</label
    >
    <table class="compact">
      <thead>
        <tr>
          <th>From</th>
          <th>To (empty: no end)</th>
          <th>Currency</th>
          <th>Approvers</th>
        </tr>
      </thead>
      <tbody>
        ${rows.map(
          (band, i) =>
            html`<tr data-testid="payout-band-${mode}-${i}">
              <td>
                <input
                  name="from_${i}"
                  aria-label="From (row ${i + 1})"
                  inputmode="decimal"
                  size="12"
                  value="${majorUnits(band?.fromMinor ?? null, band?.currency ?? null)}"
                />
              </td>
              <td>
                <input
                  name="to_${i}"
                  aria-label="To (row ${i + 1})"
                  inputmode="decimal"
                  size="12"
                  value="${majorUnits(band?.toMinor ?? null, band?.currency ?? null)}"
                />
              </td>
              <td>
                <select name="currency_${i}">
                  <option value="">Any</option>
                  ${CURRENCIES.map(
                    (c) =>
                      html`<option value="${c}" ${c === (band ? band.currency : 'BDT') ? 'selected' : ''}>
                        ${c}
                      </option>`,
                  )}
                </select>
              </td>
              <td>
                <select name="approvers_${i}" aria-label="Approvers (row ${i + 1})">
                  ${[0, 1, 2].map(
                    (n) =>
                      html`<option value="${n}" ${(band?.approvers ?? 1) === n ? 'selected' : ''}>
                        ${n}
                      </option>`,
                  )}
                </select>
              </td>
            </tr>`,
        )}
      </tbody>
    </table>
    <input type="hidden" name="rows" value="${rows.length}" />
    <p class="muted">
      A payout is judged alone and with what the app paid out that day, a batch at its total; an amount no row
      covers waits for one approver. Turning payouts on, a lower floor or a row asking fewer approvers waits
      for another ADMIN.
    </p>
    <button type="submit">Save payout rules</button>
  </form>`;
}
