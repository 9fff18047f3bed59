import { defineSignal, defineUpdate } from '@temporalio/workflow';

/** The customer's click: the payment's openCheckout update, as a bare workflow takes it. */
export const openUpdate = defineUpdate<string>('open');
/** The gateway's callback: the payment's gatewayCallback signal. */
export const callbackSignal = defineSignal<[string]>('callback');
