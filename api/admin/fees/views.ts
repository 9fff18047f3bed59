import { MODES } from '../../../domain/shared/mode.js';
import { CURRENCIES } from '../../../domain/shared/money.js';
import { html, SafeHtml } from '../../pages/html.js';
import { csrfField } from '../pages/layout.js';
import { time } from '../payments/views.js';
import { FEE_GATEWAYS } from './schemas.js';
import type { BankAccountView, FeeScheduleView } from './service.js';

/** HTML fragments of the fee schedules and bank accounts page; data comes from service.ts. */

export interface FeesPageModel {
  schedules: FeeScheduleView[];
  banks: BankAccountView[];
  csrf: string;
  canConfigure: boolean;
  /** A refused schedule form comes back with what was typed. */
  typed: Record<string, string> | null;
}

const choices = (values: readonly string[], selected: string | undefined) =>
  values.map(
    (v) => html`<option value="${v}" ${new SafeHtml(v === selected ? 'selected' : '')}>${v}</option>`,
  );

function scheduleRows(model: FeesPageModel): SafeHtml {
  if (!model.schedules.length)
    return html`<p class="card muted" data-testid="no-fee-schedules">
      No fee schedules: captures a gateway does not price are booked without a fee.
    </p>`;
  return html`<div class="table-wrap">
    <table data-testid="fee-schedules">
      <thead>
        <tr>
          <th scope="col">Gateway</th>
          <th scope="col">Mode</th>
          <th scope="col">Currency</th>
          <th scope="col">Method</th>
          <th scope="col">Rate</th>
          <th scope="col">Changed</th>
          ${model.canConfigure ? html`<th scope="col"><span class="muted">Remove</span></th>` : ''}
        </tr>
      </thead>
      <tbody>
        ${model.schedules.map(
          (s) =>
            html`<tr
              data-testid="fee-schedule"
              data-gateway="${s.gateway}"
              data-mode="${s.mode}"
              data-currency="${s.currency}"
              data-method="${s.method ?? ''}"
            >
              <td>${s.gateway}</td>
              <td>${s.mode}</td>
              <td>${s.currency}</td>
              <td>${s.method ?? html`<span class="muted">any</span>`}</td>
              <td data-testid="fee-rate">${s.rate}</td>
              <td>
                ${time(s.updatedAt)} ${s.updatedBy ? html`<span class="muted">by ${s.updatedBy}</span>` : ''}
              </td>
              ${
                model.canConfigure
                  ? html`<td>
                      <form method="post" action="/admin/ledger/fees/${s.id}/delete" class="inline">
                        ${csrfField(model.csrf)}
                        <button type="submit" class="secondary" data-testid="fee-schedule-delete">
                          Remove
                        </button>
                      </form>
                    </td>`
                  : ''
              }
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

function scheduleForm(model: FeesPageModel): SafeHtml {
  const t = model.typed ?? {};
  return html`<form method="post" action="/admin/ledger/fees" class="card" data-testid="fee-schedule-form">
    ${csrfField(model.csrf)}
    <p class="muted">
      Sets the rate for a gateway, mode, currency and payment method (replacing the one there is). It prices
      captures from now on; captures already booked keep their fee until their settlement corrects it.
    </p>
    <div class="row">
      <label
        >Gateway
        <select name="gateway" data-testid="fee-gateway">
          ${choices(FEE_GATEWAYS, t.gateway)}
        </select></label
      >
      <label
        >Mode
        <select name="mode" data-testid="fee-mode">
          ${choices(MODES, t.mode ?? 'LIVE')}
        </select></label
      >
      <label
        >Currency
        <select name="currency" data-testid="fee-currency">
          ${choices(CURRENCIES, t.currency ?? 'BDT')}
        </select></label
      >
      <label
        >Payment method
        <input type="text" name="method" value="${t.method ?? ''}" placeholder="any" data-testid="fee-method"
      /></label>
      <label
        >Percent
        <input
          type="text"
          name="percent"
          inputmode="decimal"
          value="${t.percent ?? ''}"
          placeholder="1.85"
          required
          data-testid="fee-percent"
      /></label>
      <label
        >Fixed amount
        <input
          type="text"
          name="fixed"
          inputmode="decimal"
          value="${t.fixed ?? ''}"
          placeholder="0.00"
          data-testid="fee-fixed"
      /></label>
      <button type="submit" data-testid="fee-schedule-save">Save rate</button>
    </div>
  </form>`;
}

function bankRows(model: FeesPageModel): SafeHtml {
  return html`<div class="table-wrap">
    <table data-testid="bank-accounts">
      <thead>
        <tr>
          <th scope="col">Gateway</th>
          <th scope="col">Mode</th>
          <th scope="col">Settles to</th>
        </tr>
      </thead>
      <tbody>
        ${model.banks.map(
          (b) =>
            html`<tr data-testid="bank-account" data-gateway="${b.gateway}" data-mode="${b.mode}">
              <td>${b.gateway}</td>
              <td>${b.mode}</td>
              <td>
                ${
                  model.canConfigure
                    ? html`<form
                        method="post"
                        action="/admin/ledger/banks/${b.gateway}/${b.mode}"
                        class="row"
                      >
                        ${csrfField(model.csrf)}
                        <label
                          >Account name
                          <input
                            type="text"
                            name="name"
                            value="${b.name}"
                            maxlength="120"
                            required
                            data-testid="bank-account-name"
                        /></label>
                        <button type="submit" class="secondary" data-testid="bank-account-save">
                          Save name
                        </button>
                      </form>`
                    : html`<span data-testid="bank-account-name">${b.name}</span>`
                }
                ${b.named ? '' : html`<span class="muted">(default name)</span>`}
              </td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

export function feesPageBody(model: FeesPageModel): SafeHtml {
  return html`<p><a href="/admin/ledger">← Ledger</a></p>
    <h1>Gateway fees and bank accounts</h1>
    <p class="muted">
      The fee booked with a capture is the one the gateway reports with it (SSLCOMMERZ, Stripe); for a gateway
      that reports none (bKash, Nagad), the rate below for its payment method, else for any method. The
      settlement line later corrects it with what the gateway really kept.
    </p>
    <h2>Fee schedules</h2>
    ${scheduleRows(model)} ${model.canConfigure ? scheduleForm(model) : ''}
    <h2>Bank accounts</h2>
    <p class="muted">
      Where each gateway pays its settlements out to: the ledger's BANK accounts carry these names.
    </p>
    ${bankRows(model)}`;
}
