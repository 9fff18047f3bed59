import { guardrailsText, type Guardrails } from '../../../domain/apps/guardrails.js';
import { can, type Role } from '../../../domain/operators/permissions.js';
import { MODES, type Mode } from '../../../domain/shared/mode.js';
import { html, type SafeHtml } from '../../pages/html.js';
import { csrfField } from '../pages/layout.js';
import type { appGuardrails } from './service.js';

/** The app page's guardrails: each mode's setting, its form, the proposal waiting, the day's alarms. */

/** Limits as the form writes them, one a line: KIND CURRENCY PER_TRANSACTION PER_DAY ('-': none). */
export function limitsText(guardrails: Guardrails): string {
  return guardrails.limits
    .map((l) => `${l.kind} ${l.currency} ${l.perTransactionMinor ?? '-'} ${l.perDayMinor ?? '-'}`)
    .join('\n');
}

function modeCard(
  appId: number,
  mode: Mode,
  setting: Awaited<ReturnType<typeof appGuardrails>>[Mode],
  role: Role,
  csrf: string,
) {
  const g = setting.guardrails;
  const form = can(role, 'guardrails.propose')
    ? html`<form
        method="post"
        action="/admin/apps/${appId}/controls/${mode}/guardrails"
        data-testid="guardrails-form-${mode}"
      >
        ${csrfField(csrf)}
        <label
          ><input
            type="checkbox"
            name="moneyMovementStopped"
            value="on"
            ${g.moneyMovementStopped ? 'checked' : ''}
          />
          Stop new payments, refunds and payouts (kill switch)</label
        >
        <label
          >Gateways switched off (comma separated)
          <input name="stoppedGateways" value="${g.stoppedGateways.join(', ')}"
        /></label>
        <label
          >Velocity cap per minute
          <input
            name="velocityPerMinute"
            value="${g.velocityPerMinute === null ? '' : String(g.velocityPerMinute)}"
        /></label>
        <label
          >Refund alarm above % of the day's sales
          <input
            name="refundRatioAlarmPercent"
            value="${g.refundRatioAlarmPercent === null ? '' : String(g.refundRatioAlarmPercent)}"
        /></label>
        <label
          >Limits, one a line: KIND CURRENCY PER_TRANSACTION PER_DAY in minor units (- for none)
          <textarea name="limits" rows="3">${limitsText(g)}</textarea>
        </label>
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
): SafeHtml {
  return html`<h2>Guardrails</h2>
    <p class="muted">
      Limits, a velocity cap, a refund alarm and kill switches on this app's money movement. Tightening and
      stopping apply at once; loosening and resuming wait for a second ADMIN.
    </p>
    ${MODES.map((mode) => modeCard(appId, mode, guardrails[mode], role, csrf))}
    ${
      guardrails.refundRatioAlarms.length
        ? html`<div class="card" data-testid="refund-ratio-alarms">
            <h3>Refund alarms</h3>
            <ul>
              ${guardrails.refundRatioAlarms.map(
                (a) =>
                  html`<li>
                    ${a.day} ${a.mode} ${a.currency}: refunds ${a.refundsMinor} over sales ${a.salesMinor}
                    (above ${a.thresholdPercent}%)
                  </li>`,
              )}
            </ul>
          </div>`
        : ''
    }`;
}

/** The form's fields as the guardrails body (api/admin/controls/schemas.ts validates it). */
export function guardrailsFromForm(fields: Record<string, string>): Record<string, unknown> {
  const optionalNumber = (value: string | undefined) => (value?.trim() ? Number(value.trim()) : null);
  const amount = (value: string | undefined) => (value === undefined || value === '-' ? null : Number(value));
  return {
    moneyMovementStopped: fields.moneyMovementStopped === 'on',
    stoppedGateways: (fields.stoppedGateways ?? '')
      .split(',')
      .map((name) => name.trim())
      .filter(Boolean),
    velocityPerMinute: optionalNumber(fields.velocityPerMinute),
    refundRatioAlarmPercent: optionalNumber(fields.refundRatioAlarmPercent),
    limits: (fields.limits ?? '')
      .split('\n')
      .map((line) => line.trim().split(/\s+/))
      .filter((parts) => parts.length >= 2 && parts[0])
      .map(([kind, currency, each, day]) => ({
        kind: kind!.toUpperCase(),
        currency: currency!.toUpperCase(),
        perTransactionMinor: amount(each),
        perDayMinor: amount(day),
      })),
  };
}
