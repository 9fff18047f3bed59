import { randomBytes } from 'node:crypto';

/** Crockford base32 without I, L, O, U: unambiguous when read aloud or typed. */
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

export function randomToken(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[bytes[i]! & 31];
  return out;
}

/** `pay_` + 20 chars: unique, unguessable, and within the 30 characters the strictest gateway takes as a merchant transaction id. */
export function newPaymentReference(): string {
  return `pay_${randomToken(20)}`;
}

/** `rf_` + 20 chars: within SSLCOMMERZ's 30-character refund_trans_id. */
export function newRefundReference(): string {
  return `rf_${randomToken(20)}`;
}

/** `po_` + 20 chars: within every payout rail's reference field (bKash's invoice number, a bank's end-to-end id). */
export function newPayoutReference(): string {
  return `po_${randomToken(20)}`;
}

export const REFUND_REFERENCE_PATTERN = /^rf_[0-9a-hjkmnp-tv-z]{20}$/;

/** `inv_` + 20 chars: the invoice's id in the API, before and after it has a number. */
export function newInvoiceReference(): string {
  return `inv_${randomToken(20)}`;
}

export const INVOICE_REFERENCE_PATTERN = /^inv_[0-9a-hjkmnp-tv-z]{20}$/;

/** The payable link's secret: 32 characters (160 bits), unguessable. */
export function newPayableToken(): string {
  return randomToken(32);
}

export const PAYABLE_TOKEN_PATTERN = /^[0-9a-hjkmnp-tv-z]{32}$/;

export function newEventId(): string {
  return `evt_${randomToken(24)}`;
}

/** `we_` + 24 chars: a webhook endpoint's id in the API, the dashboard and the audit log. */
export function newWebhookEndpointId(): string {
  return `we_${randomToken(24)}`;
}

export const WEBHOOK_ENDPOINT_ID_PATTERN = /^we_[0-9a-z]{24}$/;

export const PAYMENT_REFERENCE_PATTERN = /^pay_[0-9a-hjkmnp-tv-z]{20}$/;

/** `dsp_` + 20 chars: a dispute's id in the API and its ledger entries' source. */
export function newDisputeReference(): string {
  return `dsp_${randomToken(20)}`;
}

export const DISPUTE_REFERENCE_PATTERN = /^dsp_[0-9a-hjkmnp-tv-z]{20}$/;
