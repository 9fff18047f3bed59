import type { WebhookEndpoint } from '../../../platform/orm/entities.js';
import type { Keyring } from '../../../platform/sealing/secret-box.js';
import { newEventId } from '../../../domain/shared/ids.js';
import { maskedWebhookUrl } from '../../../domain/webhooks/webhook-endpoints.js';
import {
  neutralFailureMessage,
  sendSignedWebhook,
  type DeliveryNetworkPolicy,
} from '../../../activities/webhooks/send.js';
import { signingSecrets } from '../../../activities/webhooks/signing-secrets.js';

export interface PingResult {
  eventId: string;
  /** The endpoint's URL with its secrets masked. */
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
  keyring: Keyring,
  network: DeliveryNetworkPolicy,
  timeoutMs = PING_TIMEOUT_MS,
  /** The service's time, which decides whether a rotated secret is still in its grace window. */
  at = new Date(),
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
  const outcome = await sendSignedWebhook(
    {
      url: endpoint.url,
      ...signingSecrets(endpoint, keyring, at),
      eventId,
      body,
      sentAt,
      timeoutMs,
    },
    network,
  );
  // The operator sees what kind of failure it was, never the address it happened at: a ping is a
  // probe anyone with webhooks.ping could aim at the service's own network.
  return {
    eventId,
    url: maskedWebhookUrl(endpoint.url),
    statusCode: outcome.statusCode,
    ok: outcome.statusCode !== null && outcome.statusCode >= 200 && outcome.statusCode < 300,
    durationMs: outcome.durationMs,
    error: outcome.failure ? neutralFailureMessage(outcome.failure) : null,
  };
}
