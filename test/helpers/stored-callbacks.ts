import { Counter } from 'prom-client';
import { receiveCallback, type CallbackVerdict } from '../../api/payments/callbacks.js';
import type { InboundRequest } from '../../gateways/types.js';
import type { Stack } from './stack.js';

/** Counters nobody reads: the API's own are not this call's business. */
const unreadMetrics = () => ({
  callbacksReceived: new Counter({
    name: 'unread_callbacks_received',
    help: 'unread',
    labelNames: ['gateway', 'kind', 'signature'],
    registers: [],
  }),
  callbacksForNoPayment: new Counter({
    name: 'unread_callbacks_for_no_payment',
    help: 'unread',
    labelNames: ['gateway', 'kind'],
    registers: [],
  }),
});

/**
 * Stores a callback as the API does and stops there: what a crash between storing it and handing
 * it to the payment's workflow leaves behind (the row marked handed over, the workflow told nothing).
 */
export function storeWithoutHandOver(
  stack: Stack,
  input: {
    gateway: string;
    kind: 'IPN' | 'REDIRECT';
    request: Partial<InboundRequest> & Pick<InboundRequest, 'kind'>;
  },
): Promise<CallbackVerdict> {
  return receiveCallback(stack.em(), stack.deps.gateways, unreadMetrics(), {
    gateway: input.gateway,
    kind: input.kind,
    request: { query: {}, form: {}, headers: {}, rawBody: '', ...input.request },
  });
}
