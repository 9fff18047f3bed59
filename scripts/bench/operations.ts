import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { HttpClient } from './http.js';
import type { OpResult } from './load.js';
import type { WebhookReceiver } from './webhook-receiver.js';

/** The smallest valid create: what an app sends for a plain one-off charge. */
const CREATE_BODY = { amountMinor: 10_000, customerReference: 'bench-customer', productName: 'Bench plan' };

export type Credentials = { key: string; secret: string };

function authHeaders(credentials: Credentials): Record<string, string> {
  return { 'x-api-key': credentials.key, 'x-api-secret': credentials.secret };
}

/** POST /api/v1/payments; anything but 201 is a failure named by its status. */
export async function createPayment(api: HttpClient, credentials: Credentials): Promise<string> {
  const response = await api.send('POST', '/api/v1/payments', {
    json: CREATE_BODY,
    headers: authHeaders(credentials),
  });
  if (response.status !== 201) throw new Error(`create: HTTP ${response.status}`);
  return (JSON.parse(response.body) as { data: { reference: string } }).data.reference;
}

export const createOp = (api: HttpClient, credentials: Credentials) => async (): Promise<OpResult> => {
  await createPayment(api, credentials);
  return { ok: true };
};

/** A payment a customer opened at checkout and then left: its workflow runs, waiting. */
export const openCheckoutOp = (api: HttpClient, credentials: Credentials) => async (): Promise<OpResult> => {
  const reference = await createPayment(api, credentials);
  const pay = await api.send('POST', `/checkout/${reference}/pay`);
  if (pay.status !== 303 && pay.status !== 302) throw new Error(`pay: HTTP ${pay.status}`);
  return { ok: true };
};

/**
 * The baseline: a bare workflow start by type name on a queue no worker polls, so it measures
 * what one start costs the client and the dev server and nothing else.
 */
export const baselineOp = (client: Client, taskQueue: string) => async (): Promise<OpResult> => {
  await client.workflow.start('benchNoop', { taskQueue, workflowId: `bench-noop-${randomUUID()}`, args: [] });
  return { ok: true };
};

export interface LifecycleSample {
  reference: string;
  /** From the simulator's complete call returning (IPN answered) to the webhook arriving. */
  ipnToWebhookMs: number;
  totalMs: number;
  finishedAt: number;
}

/**
 * One payment end to end, as a customer and the gateway would drive it: create, click Pay on the
 * hosted checkout, finish at the (simulated) gateway, which sends its IPN, then the app's webhook.
 */
export async function runLifecycle(
  deps: { api: HttpClient; simulator: HttpClient; receiver: WebhookReceiver; credentials: Credentials },
  webhookTimeoutMs: number,
): Promise<LifecycleSample> {
  const started = performance.now();
  const reference = await createPayment(deps.api, deps.credentials);

  const pay = await deps.api.send('POST', `/checkout/${reference}/pay`);
  if (pay.status !== 303 && pay.status !== 302) throw new Error(`pay: HTTP ${pay.status}`);
  if (!String(pay.headers.location ?? '').startsWith('http')) throw new Error('pay: no gateway redirect');

  const lookup = await deps.simulator.send('GET', `/__simulator/sessions/by-tran-id/${reference}`);
  if (lookup.status !== 200) throw new Error(`simulator lookup: HTTP ${lookup.status}`);
  const { sessionkey } = JSON.parse(lookup.body) as { sessionkey: string };

  // Waiting starts before the IPN goes out: the webhook may beat the simulator's reply.
  const webhook = deps.receiver.waitFor(reference, webhookTimeoutMs);
  webhook.catch(() => undefined);
  const complete = await deps.simulator.send('POST', `/__simulator/sessions/${sessionkey}/complete`, {
    json: { outcome: 'VALID' },
  });
  const ipnSent = performance.now();
  if (complete.status !== 200) throw new Error(`simulator complete: HTTP ${complete.status}`);
  const ipn = (JSON.parse(complete.body) as { ipn: Array<{ status: number | null }> }).ipn;
  if (!ipn.every((delivery) => delivery.status === 200))
    throw new Error(`IPN answered ${ipn.map((d) => d.status).join(',')}`);

  const arrival = await webhook;
  if (arrival.type !== 'payment.succeeded') throw new Error(`webhook type ${arrival.type}`);
  return {
    reference,
    ipnToWebhookMs: Math.max(0, arrival.receivedAt - ipnSent),
    totalMs: arrival.receivedAt - started,
    finishedAt: arrival.receivedAt,
  };
}
