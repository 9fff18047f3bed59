import { stripeSdk } from '../sdk.js';
import { unixSeconds } from './context.js';
import type { Simulator } from './context.js';
import { newId } from './ids.js';
import type { StripeObject } from './stripe-object.js';
import type { SimEvent, WebhookDelivery } from './state.js';
import { deliver, owe } from './webhooks.js';

/** Events: recorded at the moment something happens, then delivered as the active faults say. */

/** Sends an event (again, under its own id); resolves with each copy's first attempt. */
export async function send(simulator: Simulator, event: SimEvent): Promise<WebhookDelivery[]> {
  const mode = simulator.faults.for(event.reference).eventDelivery ?? 'normal';
  if (mode === 'none') {
    event.nextAttempt = null;
    return [];
  }
  if (mode === 'held') {
    event.nextAttempt = null;
    simulator.state.heldEvents.push(event);
    return [];
  }
  const first = await deliver(simulator, event);
  if (first === null) return [];
  if (mode !== 'duplicate') return [first];
  const copy = await deliver(simulator, event);
  return copy === null ? [first] : [first, copy];
}

/**
 * Records an event with a snapshot of its object as it is now. `reference`: the client_reference_id
 * of the payment the event belongs to.
 */
export function record(
  simulator: Simulator,
  type: string,
  object: StripeObject,
  reference: string | null,
): SimEvent {
  const id = newId.event();
  const event: SimEvent = {
    id,
    type,
    reference,
    deliveries: [],
    nextAttempt: null,
    body: {
      id,
      object: 'event',
      api_version: stripeSdk().API_VERSION,
      created: unixSeconds(simulator),
      data: { object },
      livemode: false,
      pending_webhooks: simulator.webhook ? 1 : 0,
      request: { id: null, idempotency_key: null },
      type,
    },
  };
  simulator.state.events.push(event);
  return event;
}

/** One after the other, in the order they happened. */
export async function sendAll(simulator: Simulator, events: readonly SimEvent[]): Promise<WebhookDelivery[]> {
  // Each is owed from now: a crash while an earlier one is on its way must not lose the later ones.
  for (const event of events) owe(simulator, event);
  const deliveries: WebhookDelivery[] = [];
  for (const event of events) deliveries.push(...(await send(simulator, event)));
  return deliveries;
}

/** Held events go out one after the other, in the order they happened or the reverse. */
export async function releaseHeld(
  simulator: Simulator,
  order: 'original' | 'reverse',
): Promise<WebhookDelivery[]> {
  const held = simulator.state.heldEvents.splice(0);
  if (order === 'reverse') held.reverse();
  const deliveries: WebhookDelivery[] = [];
  for (const event of held) {
    const delivery = await deliver(simulator, event);
    if (delivery) deliveries.push(delivery);
  }
  return deliveries;
}
