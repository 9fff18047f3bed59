import { unixSeconds } from './context.js';
import type { Simulator, WebhookEndpoint } from './context.js';
import { signatureHeader } from './signing.js';
import type { SimEvent, WebhookDelivery } from './state.js';

/** Delivery of signed events to the account's webhook endpoint, retried while it fails. */

const DELIVERY_TIMEOUT_MS = 10_000;

function signingSecret(simulator: Simulator, endpoint: WebhookEndpoint, event: SimEvent): string {
  return simulator.faults.for(event.reference).wrongSignatureSecret
    ? `${endpoint.secret}_other`
    : endpoint.secret;
}

/** Stripe signs each attempt anew, with the time of that attempt. */
async function attempt(simulator: Simulator, endpoint: WebhookEndpoint, event: SimEvent) {
  const number = event.deliveries.length + 1;
  const payload = JSON.stringify(event.body, null, 2);
  const timestamp =
    unixSeconds(simulator) - (simulator.faults.for(event.reference).staleSignatureSeconds ?? 0);
  const signature = signatureHeader(payload, signingSecret(simulator, endpoint, event), timestamp);
  const delivery: WebhookDelivery = {
    attempt: number,
    status: null,
    signature,
    at: new Date(simulator.now()).toISOString(),
  };
  try {
    const response = await fetch(endpoint.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
        'stripe-signature': signature,
      },
      body: payload,
      signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
    });
    await response.arrayBuffer();
    delivery.status = response.status;
  } catch (error) {
    delivery.error = error instanceof Error ? error.message : String(error);
  }
  event.deliveries.push(delivery);
  simulator.logger?.info(
    { event: event.id, type: event.type, attempt: number, status: delivery.status },
    'webhook sent',
  );
  return delivery;
}

function succeeded(delivery: WebhookDelivery): boolean {
  return delivery.status !== null && delivery.status >= 200 && delivery.status < 300;
}

/** `retry` counts this delivery's retries from 0; the endpoint's delays say how many there are. */
function scheduleRetry(
  simulator: Simulator,
  endpoint: WebhookEndpoint,
  event: SimEvent,
  retry: number,
): void {
  const delay = endpoint.retryDelaysMs[retry];
  if (delay === undefined) return;
  const timer = setTimeout(() => {
    simulator.timers.delete(timer);
    void attempt(simulator, endpoint, event).then((delivery) => {
      if (!succeeded(delivery)) scheduleRetry(simulator, endpoint, event, retry + 1);
    });
  }, delay);
  timer.unref();
  simulator.timers.add(timer);
}

/** Resolves with the first attempt; failed attempts are retried in the background. */
export async function deliver(simulator: Simulator, event: SimEvent): Promise<WebhookDelivery | null> {
  const endpoint = simulator.webhook;
  if (!endpoint) return null;
  const first = await attempt(simulator, endpoint, event);
  if (!succeeded(first)) scheduleRetry(simulator, endpoint, event, 0);
  return first;
}
