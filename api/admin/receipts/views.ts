import type { OfflineTerms } from '../../../domain/payments/manual-receipts.js';
import type { SafeHtml } from '../../pages/html.js';
import { html } from '../../pages/html.js';
import { csrfField } from '../pages/layout.js';
import { providerStepUpLink, stepUpAnswerField, type InlineStepUp } from '../pages/step-up-inline.js';
import { badge, money, time } from '../payments/views.js';
import { PROOF_TYPES } from './schemas.js';
import type { ReceiptView } from './service.js';

/** HTML of the receipts section on a payment's page; data comes from service.ts. */

export interface ReceiptForms {
  csrfToken: string;
  operatorId: number;
  canRecord: boolean;
  canApprove: boolean;
  /**
   * Recording this payment's amount needs a step-up the session has not made recently: how this
   * operator makes it; else null.
   */
  recordStepUp: InlineStepUp | null;
}

export interface ReceiptSectionModel {
  reference: string;
  paymentStatus: string;
  amountMinor: number;
  currency: string;
  terms: OfflineTerms;
  receipts: ReceiptView[];
  today: string;
}

const METHOD_LABELS: Record<string, string> = {
  BANK_TRANSFER: 'Bank transfer',
  CASH: 'Cash',
  CHEQUE: 'Cheque',
};

/** Receipts this large need a step-up: its field in the form, or the provider's link beside it. */
function recordStepUpPart(stepUp: InlineStepUp | null): SafeHtml | '' {
  if (!stepUp) return '';
  if (stepUp.asks === 'IDENTITY_PROVIDER') {
    return html`<p class="muted" data-testid="receipt-step-up">
      Receipts this large need a fresh sign-in: ${providerStepUpLink(stepUp.href)}, then record it.
    </p>`;
  }
  return stepUpAnswerField(stepUp, 'receipt-password', 'Receipts this large need it again');
}

function recordForm(model: ReceiptSectionModel, forms: ReceiptForms): SafeHtml {
  const amount = money(model.amountMinor, model.currency);
  return html`<form
    method="post"
    action="/admin/payments/${model.reference}/receipts"
    class="stack"
    data-testid="record-receipt"
  >
    ${csrfField(forms.csrfToken)}
    <p class="muted">Record the money once it is in the account: the payment asks ${amount}, in full.</p>
    <label
      >Amount received
      <input type="text" name="amount" inputmode="decimal" required data-testid="receipt-amount" />
      <span class="muted">${model.currency}, as on the statement</span></label
    >
    <label
      >Received on
      <input type="date" name="receivedOn" max="${model.today}" required data-testid="receipt-date"
    /></label>
    <label
      >Paid by
      <select name="method" data-testid="receipt-method">
        ${Object.entries(METHOD_LABELS).map(([value, label]) => html`<option value="${value}">${label}</option>`)}
      </select></label
    >
    <label
      >Bank reference
      <input type="text" name="bankReference" maxlength="100" required data-testid="receipt-bank-reference" />
      <span class="muted">The bank's transaction id, the cash book entry or the cheque number</span></label
    >
    <label>Note <input type="text" name="note" maxlength="500" data-testid="receipt-note" /></label>
    ${recordStepUpPart(forms.recordStepUp)}
    <button type="submit" class="primary" data-testid="receipt-submit">Record receipt</button>
  </form>`;
}

function proofCell(receipt: ReceiptView, forms: ReceiptForms): SafeHtml {
  if (receipt.proof) {
    return html`<a href="/admin/receipts/${receipt.id}/proof" data-testid="receipt-proof-${receipt.id}"
      >${receipt.proof.fileName}</a
    >`;
  }
  if (!forms.canRecord) return html`—`;
  return html`<form
    method="post"
    action="/admin/receipts/${receipt.id}/proof"
    enctype="multipart/form-data"
    class="row"
    data-testid="attach-proof-${receipt.id}"
  >
    ${csrfField(forms.csrfToken)}
    <label>Proof <input type="file" name="proof" accept="${PROOF_TYPES.join(',')}" required /></label>
    <button type="submit">Attach</button>
  </form>`;
}

function decisionForms(receipt: ReceiptView, forms: ReceiptForms): SafeHtml {
  if (receipt.status !== 'AWAITING_APPROVAL') return html``;
  if (!forms.canApprove) return html`<span class="muted">Waiting for a second operator</span>`;
  if (receipt.recordedByOperatorId === forms.operatorId) {
    return html`<span class="muted" data-testid="receipt-own-${receipt.id}"
      >Waiting for another operator: you recorded it</span
    >`;
  }
  return html`${(['approve', 'reject'] as const).map(
    (verb) =>
      html`<form
        method="post"
        action="/admin/receipts/${receipt.id}/${verb}"
        class="row"
        data-testid="receipt-${verb}-${receipt.id}"
      >
        ${csrfField(forms.csrfToken)}
        <input type="hidden" name="returnTo" value="/admin/payments/${receipt.paymentReference}" />
        <input type="text" name="comment" maxlength="500" placeholder="Comment" />
        <button type="submit" class="${verb === 'approve' ? 'primary' : 'danger'}">
          ${verb === 'approve' ? 'Approve' : 'Reject'}
        </button>
      </form>`,
  )}`;
}

/** What every receipts table shows of a receipt: amount, day, method, reference, status, when. */
function receiptCells(r: ReceiptView): SafeHtml {
  return html`<td>${money(r.amountMinor, r.currency)}</td>
    <td>${r.receivedOn}</td>
    <td>${METHOD_LABELS[r.method] ?? r.method}</td>
    <td class="mono">${r.bankReference}</td>
    <td>${badge(r.status)}</td>
    <td>${time(r.recordedAt)}</td>`;
}

/** The payment's receipts, and the forms to record one or decide one, as the operator's role allows. */
export function receiptSection(model: ReceiptSectionModel, forms: ReceiptForms | null): SafeHtml {
  const standing = model.receipts.some((r) => r.status !== 'REJECTED');
  const rows = model.receipts.map(
    (r) =>
      html`<tr data-testid="receipt-${r.id}">
        ${receiptCells(r)}
        <td>${forms ? proofCell(r, forms) : r.proof ? r.proof.fileName : '—'}</td>
        <td>${forms ? decisionForms(r, forms) : ''}</td>
      </tr>`,
  );
  const canRecordNow = forms?.canRecord && model.paymentStatus === 'PENDING' && !standing;
  return html`<div class="card" data-testid="receipts">
    <h2>Receipts</h2>
    <p class="muted">
      Paid outside any gateway. Receipts are confirmed by
      ${model.terms.approvals === 2 ? 'a second operator (maker-checker)' : 'the operator who records them'}.
    </p>
    ${
      rows.length > 0
        ? html`<table>
            <thead>
              <tr>
                <th>Amount</th>
                <th>Received on</th>
                <th>Paid by</th>
                <th>Bank reference</th>
                <th>Status</th>
                <th>Recorded</th>
                <th>Proof</th>
                <th></th>
              </tr>
            </thead>
            <tbody>
              ${rows}
            </tbody>
          </table>`
        : html`<p class="muted" data-testid="no-receipts">No receipt recorded yet.</p>`
    }
    ${canRecordNow && forms ? recordForm(model, forms) : ''}
  </div>`;
}

/** The receipts queue: each receipt with its payment, newest first. */
export function receiptTable(items: Array<ReceiptView & { appId: number }>): SafeHtml {
  if (!items.length) return html`<p class="muted" data-testid="no-receipts">No receipts match.</p>`;
  return html`<table data-testid="receipt-table">
    <thead>
      <tr>
        <th>Payment</th>
        <th>App</th>
        <th>Amount</th>
        <th>Received on</th>
        <th>Paid by</th>
        <th>Bank reference</th>
        <th>Status</th>
        <th>Recorded</th>
      </tr>
    </thead>
    <tbody>
      ${items.map(
        (r) =>
          html`<tr data-testid="receipt-row-${r.id}">
            <td><a class="mono" href="/admin/payments/${r.paymentReference}">${r.paymentReference}</a></td>
            <td>${r.appId}</td>
            ${receiptCells(r)}
          </tr>`,
      )}
    </tbody>
  </table>`;
}
