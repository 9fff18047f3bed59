import { guardrailsText, MOVEMENT_KINDS, type Guardrails } from '../../../domain/apps/guardrails.js';
import { majorUnitsText } from '../../../domain/shared/major-units.js';
import { CURRENCIES, formatMoney, isCurrency } from '../../../domain/shared/money.js';
import { can, type Role } from '../../../domain/operators/permissions.js';
import { MODES, type Mode } from '../../../domain/shared/mode.js';
import { html, type SafeHtml } from '../../pages/html.js';
import { csrfField } from '../pages/layout.js';
import { minorUnitsFromForm } from '../pages/major-units-field.js';
import type { appGuardrails } from './service.js';

/** The app page's guardrails: each mode's setting, its form, the proposal waiting, the day's alarms. */

/** A guardrails form the service refused, drawn again with what was typed and why. */
export interface GuardrailsAttempt {
  mode: Mode;
  fields: Record<string, string>;
  error: string;
}

/** How many blank limit rows the form offers beyond the limits in force. */
const BLANK_LIMIT_ROWS = 2;

/** The limits' rows: each limit in force (or as typed, when the form was refused), then blank ones. */
function limitRows(guardrails: Guardrails, typed: Record<string, string> | null): SafeHtml {
  const rows: Array<Record<'kind' | 'currency' | 'each' | 'day', string>> = typed
    ? Array.from({ length: limitRowCount(typed) }, (_, i) => ({
        kind: typed[`limitKind_${i}`] ?? '',
        currency: typed[`limitCurrency_${i}`] ?? '',
        each: typed[`perTransaction_${i}`] ?? '',
        day: typed[`perDay_${i}`] ?? '',
      }))
    : [
        ...guardrails.limits.map((l) => ({
          kind: l.kind,
          currency: l.currency,
          each: majorUnitsText(l.perTransactionMinor, l.currency),
          day: majorUnitsText(l.perDayMinor, l.currency),
        })),
        ...Array.from({ length: BLANK_LIMIT_ROWS }, () => ({ kind: '', currency: '', each: '', day: '' })),
      ];
  return html`<input type="hidden" name="limitRows" value="${String(rows.length)}" />
    <table data-testid="guardrails-limit-rows">
      <thead>
        <tr>
          <th scope="col">Kind</th>
          <th scope="col">Currency</th>
          <th scope="col">Each at most</th>
          <th scope="col">A day at most</th>
        </tr>
      </thead>
      <tbody>
        ${rows.map(
          (row, i) =>
            html`<tr data-testid="guardrails-limit-row">
              <td>
                <select name="limitKind_${String(i)}" aria-label="Kind, limit ${String(i + 1)}">
                  ${MOVEMENT_KINDS.map(
                    (kind) =>
                      html`<option value="${kind}" ${row.kind === kind ? 'selected' : ''}>${kind}</option>`,
                  )}
                </select>
              </td>
              <td>
                <select name="limitCurrency_${String(i)}" aria-label="Currency, limit ${String(i + 1)}">
                  <option value="">—</option>
                  ${CURRENCIES.map(
                    (c) => html`<option value="${c}" ${row.currency === c ? 'selected' : ''}>${c}</option>`,
                  )}
                </select>
              </td>
              <td>
                <input
                  type="text"
                  name="perTransaction_${String(i)}"
                  inputmode="decimal"
                  autocomplete="off"
                  value="${row.each}"
                  placeholder="blank: none"
                  aria-label="Each at most, limit ${String(i + 1)}"
                />
              </td>
              <td>
                <input
                  type="text"
                  name="perDay_${String(i)}"
                  inputmode="decimal"
                  autocomplete="off"
                  value="${row.day}"
                  placeholder="blank: none"
                  aria-label="A day at most, limit ${String(i + 1)}"
                />
              </td>
            </tr>`,
        )}
      </tbody>
    </table>`;
}

function modeCard(
  appId: number,
  mode: Mode,
  setting: Awaited<ReturnType<typeof appGuardrails>>[Mode],
  role: Role,
  csrf: string,
  attempt: GuardrailsAttempt | null,
) {
  const g = setting.guardrails;
  const typed = attempt?.fields ?? null;
  const value = (name: string, current: string) => typed?.[name] ?? current;
  const stopped = typed ? typed.moneyMovementStopped === 'on' : g.moneyMovementStopped;
  const form = can(role, 'guardrails.propose')
    ? html`<form
        method="post"
        action="/admin/apps/${appId}/controls/${mode}/guardrails"
        data-testid="guardrails-form-${mode}"
      >
        ${csrfField(csrf)}
        ${
          attempt
            ? html`<p class="flash error" role="alert" data-testid="guardrails-form-error-${mode}">
                ${attempt.error}
              </p>`
            : ''
        }
        <label
          ><input type="checkbox" name="moneyMovementStopped" value="on" ${stopped ? 'checked' : ''} /> Stop
          new payments, refunds and payouts (kill switch)</label
        >
        <label
          >Gateways switched off (comma separated)
          <input name="stoppedGateways" value="${value('stoppedGateways', g.stoppedGateways.join(', '))}"
        /></label>
        <label
          >Velocity cap per minute
          <input
            name="velocityPerMinute"
            value="${value('velocityPerMinute', g.velocityPerMinute === null ? '' : String(g.velocityPerMinute))}"
        /></label>
        <label
          >Refund alarm above % of the day's sales
          <input
            name="refundRatioAlarmPercent"
            value="${value(
              'refundRatioAlarmPercent',
              g.refundRatioAlarmPercent === null ? '' : String(g.refundRatioAlarmPercent),
            )}"
        /></label>
        <fieldset>
          <legend>Limits on amounts, in the currency (10,000.00; blank: no limit)</legend>
          ${limitRows(g, typed)}
        </fieldset>
        <button type="submit" data-testid="guardrails-save-${mode}">
          Save (loosening waits for a second ADMIN)
        </button>
      </form>`
    : '';
  return html`<div class="card" data-testid="guardrails-${mode}">
    <h3>${mode}</h3>
    <p data-testid="guardrails-state-${mode}">${guardrailsText(g)}</p>
    ${
      setting.pendingChange
        ? html`<p data-testid="guardrails-pending-${mode}">
            Waiting for a second ADMIN: <a href="/admin/controls">proposal #${setting.pendingChange.id}</a>
          </p>`
        : ''
    }
    ${form}
  </div>`;
}

export function guardrailsSection(
  appId: number,
  guardrails: Awaited<ReturnType<typeof appGuardrails>>,
  role: Role,
  csrf: string,
  attempt: GuardrailsAttempt | null = null,
): SafeHtml {
  const amount = (minor: number, currency: string) =>
    isCurrency(currency) ? formatMoney(minor, currency) : `${minor} ${currency}`;
  return html`<h2 id="guardrails">Guardrails</h2>
    <p class="muted">
      Limits, a velocity cap, a refund alarm and kill switches on this app's money movement. Tightening and
      stopping apply at once; loosening and resuming wait for a second ADMIN.
    </p>
    ${MODES.map((mode) =>
      modeCard(appId, mode, guardrails[mode], role, csrf, attempt?.mode === mode ? attempt : null),
    )}
    ${
      guardrails.refundRatioAlarms.length
        ? html`<div class="card" data-testid="refund-ratio-alarms">
            <h3>Refund alarms</h3>
            <ul>
              ${guardrails.refundRatioAlarms.map(
                (a) =>
                  html`<li>
                    ${a.day} ${a.mode} ${a.currency}: refunds ${amount(a.refundsMinor, a.currency)} over sales
                    ${amount(a.salesMinor, a.currency)} (above ${a.thresholdPercent}%)
                  </li>`,
              )}
            </ul>
          </div>`
        : ''
    }`;
}

/** How many limit rows a form sent back (its rows, at most the schema's limit and the blank ones). */
function limitRowCount(fields: Record<string, string>): number {
  const count = Number(fields.limitRows);
  return Number.isInteger(count) && count > 0 ? Math.min(count, MAX_LIMIT_ROWS) : 0;
}

const MAX_LIMIT_ROWS = 30 + BLANK_LIMIT_ROWS;

/**
 * The form's fields as the guardrails body (api/admin/controls/schemas.ts validates it), limits read
 * from the currency's major unit into minor units exactly; `problems` names each amount it could not
 * read ("Limit 1, PAYMENT BDT, each at most: BDT has 2 decimals at most").
 */
export function guardrailsFromForm(fields: Record<string, string>): {
  body: Record<string, unknown>;
  problems: string[];
} {
  const optionalNumber = (value: string | undefined) => (value?.trim() ? Number(value.trim()) : null);
  const problems: string[] = [];
  const limits: Array<Record<string, unknown>> = [];
  for (let i = 0; i < limitRowCount(fields); i += 1) {
    const each = fields[`perTransaction_${i}`]?.trim() ?? '';
    const day = fields[`perDay_${i}`]?.trim() ?? '';
    if (!each && !day) continue;
    const kind = (fields[`limitKind_${i}`] ?? '').trim().toUpperCase();
    const currency = (fields[`limitCurrency_${i}`] ?? '').trim().toUpperCase();
    const label = `Limit ${i + 1}${kind ? `, ${kind}` : ''}${currency ? ` ${currency}` : ''}`;
    const amount = (typed: string, what: string) => {
      const read = minorUnitsFromForm(typed, currency, `${label}, ${what}`);
      if ('problem' in read) {
        problems.push(read.problem);
        return null;
      }
      return 'amountMinor' in read ? read.amountMinor : null;
    };
    limits.push({
      kind,
      currency,
      perTransactionMinor: amount(each, 'each at most'),
      perDayMinor: amount(day, 'a day at most'),
    });
  }
  return {
    body: {
      moneyMovementStopped: fields.moneyMovementStopped === 'on',
      stoppedGateways: (fields.stoppedGateways ?? '')
        .split(',')
        .map((name) => name.trim())
        .filter(Boolean),
      velocityPerMinute: optionalNumber(fields.velocityPerMinute),
      refundRatioAlarmPercent: optionalNumber(fields.refundRatioAlarmPercent),
      limits,
    },
    problems: [...new Set(problems)],
  };
}
