import { API_VERSION, CALLBACK_FIELDS, TRANSACTION_STATUS } from '../protocol.js';
import type { CallbackStatus } from '../protocol.js';
import type { Simulator } from './context.js';
import type { SimPayment } from './state.js';
import { newCallbackSignature } from './wire.js';

/** What the customer does on the hosted page, and where bKash sends the browser afterwards. */

/** bKash's published sandbox wallets (PIN 12121, OTP 123456). */
export const WALLETS = {
  payer: '01770618575',
  /** Approves like any other, then execute finds the balance short (2023). */
  insufficientBalance: '01823074817',
} as const;

export const PAGE_CHOICES = ['success', 'failure', 'cancel', 'insufficient', 'abandon'] as const;
export type PageChoice = (typeof PAGE_CHOICES)[number];

export function isPageChoice(value: string | undefined): value is PageChoice {
  return (PAGE_CHOICES as readonly string[]).includes(value ?? '');
}

/** Shaped like the real bkashURL: the page's root with paymentId, hash, mode and apiVersion. */
export function pageUrlFor(simulator: Simulator, payment: SimPayment): string {
  const url = new URL(`${simulator.publicUrl}/`);
  url.searchParams.set('paymentId', payment.paymentID);
  url.searchParams.set('hash', payment.pageHash);
  url.searchParams.set('mode', payment.mode);
  url.searchParams.set('apiVersion', API_VERSION);
  return url.toString();
}

/** The merchant's callbackURL with bKash's fields appended to whatever query it already has. */
export function callbackUrlFor(payment: SimPayment, status: CallbackStatus): string {
  const url = new URL(payment.callbackURL);
  url.searchParams.set(CALLBACK_FIELDS.paymentId, payment.paymentID);
  url.searchParams.set(CALLBACK_FIELDS.status, status);
  return url.toString();
}

/** The browser's way back: as in recent real traffic, with an opaque signature and the API version. */
function redirectFor(payment: SimPayment, status: CallbackStatus): string {
  const url = new URL(callbackUrlFor(payment, status));
  url.searchParams.set(CALLBACK_FIELDS.signature, newCallbackSignature());
  url.searchParams.set(CALLBACK_FIELDS.apiVersion, `${API_VERSION.replace(/^v/, '')}/`);
  return url.toString();
}

/** The customer has already finished with the page (approved, failed or cancelled). */
export function isDecided(payment: SimPayment): boolean {
  return (
    payment.approvedBy !== null ||
    payment.declinedAs !== null ||
    payment.status !== TRANSACTION_STATUS.INITIATED
  );
}

/**
 * Applies the customer's choice and answers the callback URL to send the browser to, or null when
 * the customer walks away (the payment stays Initiated and no callback ever comes). With
 * `forgedCallback` (the fault) the browser comes back claiming success whatever the choice was.
 */
export function decide(
  payment: SimPayment,
  choice: PageChoice,
  faults: { forgedCallback?: boolean; cancelKeepsInitiated?: boolean } = {},
): string | null {
  const callback = applyChoice(payment, choice, faults.cancelKeepsInitiated === true);
  return faults.forgedCallback ? redirectFor(payment, 'success') : callback;
}

function applyChoice(payment: SimPayment, choice: PageChoice, keepInitiated: boolean): string | null {
  if (keepInitiated && (choice === 'failure' || choice === 'cancel')) {
    payment.declinedAs = choice;
    return redirectFor(payment, choice);
  }
  switch (choice) {
    case 'success':
      payment.approvedBy = WALLETS.payer;
      return redirectFor(payment, 'success');
    case 'insufficient':
      payment.approvedBy = WALLETS.insufficientBalance;
      return redirectFor(payment, 'success');
    case 'failure':
      payment.status = TRANSACTION_STATUS.FAILED;
      return redirectFor(payment, 'failure');
    case 'cancel':
      payment.status = TRANSACTION_STATUS.CANCELLED;
      return redirectFor(payment, 'cancel');
    case 'abandon':
      return null;
  }
}

/** Where a finished payment's page sends the browser again: the callback its outcome produced. */
export function returnUrlFor(payment: SimPayment): string | null {
  if (payment.declinedAs !== null) return redirectFor(payment, payment.declinedAs);
  if (payment.status === TRANSACTION_STATUS.CANCELLED) return redirectFor(payment, 'cancel');
  if (payment.approvedBy !== null) return redirectFor(payment, 'success');
  if (payment.status === TRANSACTION_STATUS.FAILED) return redirectFor(payment, 'failure');
  return null;
}
