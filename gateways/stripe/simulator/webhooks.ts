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
    // The endpoint acts on what the event announces: the account must still know it after a crash.
    simulator.checkpoint();
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

/** Owed to the endpoint from now, on its first attempt, unless an attempt is already owed. */
export function owe(simulator: Simulator, event: SimEvent): void {
  if (simulator.webhook && event.nextAttempt === null)
    event.nextAttempt = { retry: -1, dueAtMs: simulator.now() };
}

function later(simulator: Simulator, delayMs: number, run: () => void): void {
  const timer = setTimeout(() => {
    simulator.timers.delete(timer);
    run();
  }, delayMs);
  timer.unref();
  simulator.timers.add(timer);
}

/** One attempt of those owed (`retry` as in SimEvent.nextAttempt), and the next one owed if it failed. */
async function attemptOwed(
  simulator: Simulator,
  endpoint: WebhookEndpoint,
  event: SimEvent,
  retry: number,
): Promise<WebhookDelivery> {
  const delivery = await attempt(simulator, endpoint, event);
  if (succeeded(delivery)) event.nextAttempt = null;
  else scheduleRetry(simulator, endpoint, event, retry + 1);
  return delivery;
}

/** `retry` counts this delivery's retries from 0; the endpoint's delays say how many there are. */
function scheduleRetry(
  simulator: Simulator,
  endpoint: WebhookEndpoint,
  event: SimEvent,
  retry: number,
): void {
  const delay = endpoint.retryDelaysMs[retry];
  if (delay === undefined) {
    event.nextAttempt = null;
    return;
  }
  event.nextAttempt = { retry, dueAtMs: simulator.now() + delay };
  later(simulator, delay, () => void attemptOwed(simulator, endpoint, event, retry));
}

/** Resolves with the first attempt; failed attempts are retried in the background. */
export async function deliver(simulator: Simulator, event: SimEvent): Promise<WebhookDelivery | null> {
  const endpoint = simulator.webhook;
  if (!endpoint) return null;
  event.nextAttempt = { retry: -1, dueAtMs: simulator.now() };
  return attemptOwed(simulator, endpoint, event, -1);
}

/**
 * After a restart: every attempt still owed is made when it falls due (at once if that time has
 * passed), as Stripe keeps retrying an endpoint for days whatever happens to its own machines. An
 * attempt cut short by the crash is made again: the endpoint may see an event twice, which Stripe
 * also allows.
 */
export function resumeDeliveries(simulator: Simulator): void {
  const endpoint = simulator.webhook;
  if (!endpoint) return;
  for (const event of simulator.state.events) {
    const owed = event.nextAttempt;
    if (owed === null) continue;
    const wait = Math.max(0, owed.dueAtMs - simulator.now());
    later(simulator, wait, () => void attemptOwed(simulator, endpoint, event, owed.retry));
  }
}
