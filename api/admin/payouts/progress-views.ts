import type { Payout } from '../../../db/payouts/payouts.js';
import { formatMoney, isCurrency } from '../../../domain/shared/money.js';
import { html, type SafeHtml } from '../../pages/html.js';
import { companyTimeText } from '../pages/times.js';
import { badge } from '../payments/views.js';

/** A payout's progress, as its page and the page of the refund it pays back show it. */

type StepState = 'done' | 'current' | 'failed' | 'waiting';

/** Where a payout stands, as the steps it goes through: made, beneficiary checked, sent, and its end. */
function payoutSteps(payout: Payout): Array<{ label: string; state: StepState; detail: string | null }> {
  const status = payout.status;
  const check = payout.beneficiaryCheck as { status?: string; accountHolderName?: string | null } | null;
  const sentStatuses = ['SENDING', 'PROCESSING', 'SUCCEEDED', 'RETURNED'];
  const sent = sentStatuses.includes(status) || (status === 'FAILED' && payout.railTransferId !== null);
  const ended = status === 'FAILED' || status === 'CANCELLED';
  const end =
    status === 'SUCCEEDED'
      ? {
          label: 'Paid to the customer',
          state: 'done' as const,
          detail: payout.settledAt ? companyTimeText(payout.settledAt) : null,
        }
      : status === 'RETURNED'
        ? {
            label: 'Returned by the receiving bank',
            state: 'failed' as const,
            detail: `${payout.failureCode ?? 'RETURNED'}${payout.failureReason ? `: ${payout.failureReason}` : ''}`,
          }
        : ended
          ? {
              label: status === 'FAILED' ? 'Failed' : 'Cancelled',
              state: 'failed' as const,
              detail: `${payout.failureCode ?? status}${payout.failureReason ? `: ${payout.failureReason}` : ''}`,
            }
          : { label: 'Paid to the customer', state: 'waiting' as const, detail: null };
  return [
    { label: 'Payout made', state: 'done', detail: companyTimeText(payout.createdAt) },
    {
      label: 'Beneficiary checked',
      state: check ? 'done' : ended ? 'failed' : status === 'QUEUED' || sent ? 'done' : 'current',
      detail: check
        ? `${check.status ?? ''}${check.accountHolderName ? ` · ${check.accountHolderName}` : ''}`
        : null,
    },
    {
      label: status === 'QUEUED' ? "Waiting for the rail's balance" : 'Sent to the rail',
      state: sent ? 'done' : status === 'QUEUED' ? 'current' : 'waiting',
      detail: payout.railTransferId ? `transfer ${payout.railTransferId}` : null,
    },
    ...(status === 'PROCESSING'
      ? [{ label: 'The rail is completing it', state: 'current' as const, detail: null }]
      : []),
    end,
  ];
}

/** An amount of the payout's currency as people read it: "250.50 BDT". */
const moneyText = (minor: number, currency: string) =>
  isCurrency(currency) ? formatMoney(minor, currency) : `${minor} ${currency}`;

const amountText = (payout: Payout) => moneyText(payout.amountMinor, payout.currency);

/** What the rail charged for the payout, in its currency; null when it charged nothing (or not yet). */
const feeText = (payout: Payout) => (payout.feeMinor ? moneyText(payout.feeMinor, payout.currency) : null);

/** The steps a payout went through, and the one it is at. */
export function payoutStepList(payout: Payout): SafeHtml {
  return html`<ol class="timeline payout-steps" data-testid="payout-steps">
    ${payoutSteps(payout).map(
      (step) =>
        html`<li data-testid="payout-step" data-state="${step.state}">
          <strong>${step.label}</strong>
          <span class="muted"
            >${step.state === 'waiting' ? '(not yet)' : step.state === 'current' ? '(now)' : ''}</span
          >
          ${step.detail ? html` · <span class="muted">${step.detail}</span>` : ''}
        </li>`,
    )}
  </ol>`;
}

/** The refund's payout and its progress, as the rail has answered so far. */
export function payoutProgress(payout: Payout): SafeHtml {
  return html`<h2>Payout</h2>
    <div class="card" data-testid="refund-payout" data-status="${payout.status}">
      <p>
        <a class="mono" href="/admin/payouts/${payout.reference}">${payout.reference}</a>
        ${badge(payout.status)} · ${amountText(payout)} by the <strong>${payout.rail}</strong> rail${
          feeText(payout) ? html` · fee <span data-testid="payout-fee">${feeText(payout)}</span>` : ''
        }
      </p>
      ${payoutStepList(payout)}
    </div>`;
}

/** One payout's page: what it pays, to whom (masked), for which app, why, and how far it got. */
export function payoutDetailBody(
  payout: Payout,
  appName: string | null,
  beneficiary: Record<string, unknown>,
): SafeHtml {
  const refund = typeof payout.metadata.refund === 'string' ? payout.metadata.refund : null;
  const to =
    beneficiary.type === 'BANK_ACCOUNT'
      ? `Bank account ${String(beneficiary.accountNumber)} (${String(beneficiary.accountName)}), routing ${String(beneficiary.routingNumber)}`
      : `${beneficiary.type === 'BKASH_WALLET' ? 'bKash' : 'Nagad'} wallet ${String(beneficiary.walletNumber)}${beneficiary.name ? ` (${String(beneficiary.name)})` : ''}`;
  return html`<p><a href="/admin/payouts">← Money out</a></p>
    <h1>Payout <span class="mono">${payout.reference}</span></h1>
    <div class="card">
      <dl class="facts" data-testid="payout-facts">
        <dt>Amount</dt>
        <dd data-testid="payout-amount">${amountText(payout)}</dd>
        <dt>Rail's fee</dt>
        <dd data-testid="payout-fee">${feeText(payout) ?? '—'}</dd>
        <dt>Status</dt>
        <dd data-testid="payout-status">${badge(payout.status)}</dd>
        <dt>Rail</dt>
        <dd data-testid="payout-rail">${payout.rail}</dd>
        <dt>To</dt>
        <dd>${to}</dd>
        <dt>App</dt>
        <dd>${appName ?? payout.appId} <span class="muted">(${payout.mode})</span></dd>
        ${
          refund
            ? html`<dt>Pays back</dt>
                <dd>
                  <a class="mono" href="/admin/refunds/${refund}" data-testid="payout-refund-link"
                    >${refund}</a
                  >
                </dd>`
            : ''
        }
        <dt>Narrative</dt>
        <dd>${payout.narrative ?? '—'}</dd>
        ${
          payout.railTransferId
            ? html`<dt>Rail's transfer id</dt>
                <dd class="mono">${payout.railTransferId}</dd>`
            : ''
        }
        ${
          payout.failureCode || payout.failureReason
            ? html`<dt>Failure</dt>
                <dd>${[payout.failureCode, payout.failureReason].filter(Boolean).join(': ')}</dd>`
            : ''
        }
      </dl>
    </div>
    <h2>Progress</h2>
    <div class="card">${payoutStepList(payout)}</div>`;
}
