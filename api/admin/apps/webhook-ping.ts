import { Webhook } from 'standardwebhooks';
import type { WebhookEndpoint } from '../../../db/entities.js';
import { newEventId } from '../../../domain/ids.js';
import { unseal } from '../../../domain/secret-box.js';

export interface PingResult {
  eventId: string;
  url: string;
  /** The receiver's HTTP status, or null when it could not be reached. */
  statusCode: number | null;
  ok: boolean;
  durationMs: number;
  error: string | null;
}

export const PING_TIMEOUT_MS = 10_000;

/**
 * Sends a signed `webhook.ping` event to an endpoint right now, exactly as real deliveries are
 * signed (Standard Webhooks), so the receiver can check its verification code end to end.
 */
export async function pingEndpoint(
  endpoint: WebhookEndpoint,
  pepper: string,
  timeoutMs = PING_TIMEOUT_MS,
): Promise<PingResult> {
  const eventId = newEventId();
  // The receiver checks the signature's timestamp against its own wall clock, so this uses the
  // real time even where the service clock is moved.
  const sentAt = new Date();
  const body = JSON.stringify({
    id: eventId,
    type: 'webhook.ping',
    timestamp: sentAt.toISOString(),
    data: { appId: endpoint.appId, mode: endpoint.mode },
  });
  const signature = new Webhook(unseal(endpoint.secretSealed, pepper)).sign(eventId, sentAt, body);
  const started = performance.now();
  let statusCode: number | null = null;
  let error: string | null = null;
  try {
    const response = await fetch(endpoint.url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'OI-Payments-Webhooks/1.0',
        'webhook-id': eventId,
        'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
        'webhook-signature': signature,
      },
      body,
    });
    statusCode = response.status;
    await response.body?.cancel();
  } catch (cause) {
    error = describeFailure(cause);
  }
  return {
    eventId,
    url: endpoint.url,
    statusCode,
    ok: statusCode !== null && statusCode >= 200 && statusCode < 300,
    durationMs: Math.round(performance.now() - started),
    error,
  };
}

/** fetch reports "fetch failed"; the useful part (ECONNREFUSED, a DNS failure) is in its cause. */
function describeFailure(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause);
  if (cause.name === 'TimeoutError') return 'The endpoint did not answer in time';
  const inner = (cause as { cause?: { code?: string; message?: string } }).cause;
  return inner?.code ?? inner?.message ?? `${cause.name}: ${cause.message}`;
}
