import { Webhook } from 'standardwebhooks';

export interface SignedDelivery {
  url: string;
  /** The endpoint's `whsec_…` secret. */
  secret: string;
  /** Also the `webhook-id` header: the same on every attempt, so receivers dedupe on it. */
  eventId: string;
  body: string;
  /** Signature time; the receiver checks it against its own clock, so this is the real time. */
  sentAt: Date;
  timeoutMs: number;
}

export interface DeliveryOutcome {
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

/**
 * One HTTP POST signed per Standard Webhooks (`webhook-id`, `webhook-timestamp`,
 * `webhook-signature: v1,<base64 HMAC-SHA256>`), so any Standard Webhooks library verifies it.
 * Never throws: a refused connection or a timeout is an outcome, recorded like a status code.
 */
export async function sendSignedWebhook(delivery: SignedDelivery): Promise<DeliveryOutcome> {
  const signature = new Webhook(delivery.secret).sign(delivery.eventId, delivery.sentAt, delivery.body);
  const started = performance.now();
  let statusCode: number | null = null;
  let error: string | null = null;
  try {
    const response = await fetch(delivery.url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(delivery.timeoutMs),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'OI-Payments-Webhooks/1.0',
        'webhook-id': delivery.eventId,
        'webhook-timestamp': String(Math.floor(delivery.sentAt.getTime() / 1000)),
        'webhook-signature': signature,
      },
      body: delivery.body,
    });
    statusCode = response.status;
    await response.body?.cancel();
  } catch (cause) {
    error = describeFailure(cause);
  }
  return { statusCode, error, durationMs: Math.round(performance.now() - started) };
}

/** fetch reports "fetch failed"; the useful part (ECONNREFUSED, a DNS failure) is in its cause. */
function describeFailure(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause);
  if (cause.name === 'TimeoutError') return 'The endpoint did not answer in time';
  const inner = (cause as { cause?: { code?: string; message?: string } }).cause;
  return inner?.code ?? inner?.message ?? `${cause.name}: ${cause.message}`;
}
