import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import {
  PAYMENT_MESSAGES,
  type CallbackNotice,
  type CheckoutState,
} from '../../domain/payments/payment-workflow-contract.js';

/** The payment workflow's message definitions, built from the names its callers use. */
export const openCheckoutUpdate = defineUpdate<CheckoutState>(PAYMENT_MESSAGES.openCheckout);
export const cancelCheckoutUpdate = defineUpdate<CheckoutState>(PAYMENT_MESSAGES.cancelCheckout);
export const gatewayCallbackSignal = defineSignal<[CallbackNotice]>(PAYMENT_MESSAGES.gatewayCallback);
export const checkoutStateQuery = defineQuery<CheckoutState>(PAYMENT_MESSAGES.checkoutState);
