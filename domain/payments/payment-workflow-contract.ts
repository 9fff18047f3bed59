import type { PaymentStatus } from './payment-status.js';

/**
 * What the payment workflows are started with and told, shared by the workflow code and the
 * modules that start and message them (activities/payments/payment-starts.ts, the API): each is
 * started by its type's name and typed by its input, so nothing outside workflows/ imports
 * workflow code. The definitions the workflow registers are built from these names
 * (workflows/payments/messages.ts).
 */
export const PAYMENT_WORKFLOW_TYPES = {
  payment: 'paymentWorkflow',
  lateCallback: 'lateCallbackWorkflow',
} as const;

/** The payment workflow's messages, by name. */
export const PAYMENT_MESSAGES = {
  openCheckout: 'openCheckout',
  cancelCheckout: 'cancelCheckout',
  gatewayCallback: 'gatewayCallback',
  checkoutState: 'checkoutState',
} as const;

export interface PaymentWorkflowInput {
  paymentId: number;
  reference: string;
  /** ISO-8601 instant after which an unpaid checkout expires. */
  expiresAt: string;
  /**
   * Ask the gateway while the checkout waits at it (domain/payments/pending-checks.ts). Set on every start
   * since; runs started before carry none and replay as they ran.
   */
  checksWhilePending?: boolean;
}

export interface CheckoutState {
  status: PaymentStatus;
  gatewayPageUrl: string | null;
  /**
   * The gateway the session behind `gatewayPageUrl` was opened with (the one the payment was bound
   * to when it moved to PENDING). Absent for a session whose opening did not report it.
   */
  gateway?: string;
}

/** A stored gateway callback the workflow must confirm with the gateway's own API. */
export interface CallbackNotice {
  callbackId: number;
  /** What the gateway's authority is asked about (a validation id, a payment id, a session id). */
  confirmationKey?: string | null;
  /** The same, as notices sent before gateways were neutral carry it. */
  validationId?: string | null;
  /**
   * Which check of the stored callback this is: absent (0) for its first, the next number each
   * time a callback the gateway did not confirm is checked again (spaced per row). The workflow
   * confirms each (callback, number) once.
   */
  handOver?: number;
}

export interface LateCallbackInput {
  paymentId: number;
  callback: CallbackNotice;
}

/** `payment-<reference>`: one checkout, from its first click to its outcome. */
export type PaymentWorkflow = (input: PaymentWorkflowInput) => Promise<CheckoutState>;
/** A callback for a payment whose workflow has closed, confirmed on its own. */
export type LateCallbackWorkflow = (input: LateCallbackInput) => Promise<string>;
