import { Webhook, WebhookVerificationError as LibraryVerificationError } from 'standardwebhooks';
import { WebhookVerificationError } from './errors.js';
import type { WebhookEvent } from './types.js';

/** Headers as Node's http module, Koa, Express or fetch hand them over. */
export type WebhookHeaders = Headers | Record<string, string | string[] | undefined>;

const SIGNED_HEADERS = ['webhook-id', 'webhook-timestamp', 'webhook-signature'] as const;

function headerOf(headers: WebhookHeaders, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const found = Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
  return Array.isArray(found) ? found.join(', ') : found;
}

/**
 * Verifies webhooks with the endpoint's secret (whsec_…), per Standard Webhooks: the signature
 * over id, timestamp and the exact bytes received, and a timestamp within five minutes (so a
 * captured delivery cannot be replayed later). Pass the raw body: parsed and re-serialised JSON
 * no longer matches the signature.
 */
export class Webhooks {
  constructor(private readonly defaultSecret?: string) {}

  /** The verified event, typed by its `type`; throws WebhookVerificationError otherwise. */
  verify(
    rawBody: string | Buffer | Uint8Array,
    headers: WebhookHeaders,
    secret = this.defaultSecret,
  ): WebhookEvent {
    if (!secret) throw new Error('No webhook secret: pass one to verify() or as webhookSecret to OiPayments');
    const signed: Record<string, string> = {};
    for (const name of SIGNED_HEADERS) {
      const value = headerOf(headers, name);
      if (value === undefined) throw new WebhookVerificationError(`Missing ${name} header`);
      signed[name] = value;
    }
    const payload = typeof rawBody === 'string' ? rawBody : Buffer.from(rawBody).toString('utf8');
    try {
      return new Webhook(secret).verify(payload, signed) as WebhookEvent;
    } catch (error) {
      if (error instanceof LibraryVerificationError) {
        throw new WebhookVerificationError(error.message, { cause: error });
      }
      throw error;
    }
  }
}
