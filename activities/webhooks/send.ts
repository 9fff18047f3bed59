import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { RequestFilteringHttpAgent, RequestFilteringHttpsAgent } from 'request-filtering-agent';
import { SpanKind } from '@opentelemetry/api';
import { Webhook } from 'standardwebhooks';
import { inSpan } from '../../platform/telemetry/tracing.js';
import { RESPONSE_EXCERPT_CHARS } from '../../domain/webhooks/webhook-endpoints.js';
import { METADATA_ADDRESSES, type PrivateTargets } from '../../platform/config/network-lists.js';
import {
  classifyDeliveryFailure,
  neutralFailureMessage,
  type DeliveryFailure,
} from '../../domain/webhooks/delivery-outcome.js';

export interface SignedDelivery {
  url: string;
  /** The endpoint's `whsec_…` secret. */
  secret: string;
  /** The secret a rotation replaced, while its grace window lasts: the delivery carries both signatures. */
  previousSecret?: string | null;
  /** Also the `webhook-id` header: the same on every attempt, so receivers dedupe on it. */
  eventId: string;
  body: string;
  /** Signature time; the receiver checks it against its own clock, so this is the real time. */
  sentAt: Date;
  timeoutMs: number;
}

export interface DeliveryOutcome {
  statusCode: number | null;
  /** The start of the receiver's answer (at most RESPONSE_EXCERPT_CHARS), or null when there was none. */
  responseExcerpt: string | null;
  /** `failure` in words (`neutralFailureMessage`): never the socket's or the resolver's text. */
  error: string | null;
  /** What kind of failure `error` is, or null when the endpoint answered. */
  failure: DeliveryFailure | null;
  durationMs: number;
}

export { neutralFailureMessage, type DeliveryFailure } from '../../domain/webhooks/delivery-outcome.js';

/** Which addresses a delivery may reach. */
export interface DeliveryNetworkPolicy {
  /**
   * Loopback, private, link-local, unique-local and cloud-metadata addresses are refused unless
   * this is set (a development machine's own receiver). Checked on the address the name resolved
   * to, at connection time, so a DNS answer that changes between check and use cannot slip by.
   */
  allowPrivateNetworks: boolean;
  /**
   * The internal apps a deployment names (WEBHOOK_ALLOWED_PRIVATE_TARGETS): a host name reaches
   * whatever private address it resolves to, a network is reachable whatever name led there.
   * Cloud metadata addresses stay out of reach either way.
   */
  allowedPrivateTargets?: PrivateTargets;
}

const agents = new Map<string, RequestFilteringHttpAgent | RequestFilteringHttpsAgent>();

/** A URL's host as the allow-list names hosts: lower case, no trailing dot, no IPv6 brackets. */
const hostOf = (url: URL) =>
  url.hostname
    .toLowerCase()
    .replace(/\.$/, '')
    .replace(/^\[(.*)\]$/, '$1');

function agentFor(url: URL, policy: DeliveryNetworkPolicy) {
  const targets = policy.allowedPrivateTargets ?? { hosts: [], networks: [] };
  // A named host may be on any private address; any other only in the named networks.
  const privateAllowed = policy.allowPrivateNetworks || targets.hosts.includes(hostOf(url));
  const networks = privateAllowed ? [] : targets.networks.map((n) => n.text);
  const key = `${url.protocol}${privateAllowed}|${networks.join(',')}`;
  let agent = agents.get(key);
  if (!agent) {
    const options = {
      allowPrivateIPAddress: privateAllowed,
      allowMetaIPAddress: false,
      allowIPAddressList: networks,
      // Cloud metadata services answer with credentials: out of reach whatever the policy.
      denyIPAddressList: METADATA_ADDRESSES,
      keepAlive: true,
    };
    agent =
      url.protocol === 'https:'
        ? new RequestFilteringHttpsAgent(options)
        : new RequestFilteringHttpAgent(options);
    agents.set(key, agent);
  }
  return agent;
}

/**
 * One HTTP POST signed per Standard Webhooks (`webhook-id`, `webhook-timestamp`,
 * `webhook-signature: v1,<base64 HMAC-SHA256>`), so any Standard Webhooks library verifies it.
 * Never throws: a refused address, a refused connection or a timeout is an outcome, recorded
 * like a status code.
 */
export async function sendSignedWebhook(
  delivery: SignedDelivery,
  policy: DeliveryNetworkPolicy,
): Promise<DeliveryOutcome> {
  return inSpan(
    'webhook delivery',
    { kind: SpanKind.CLIENT, attributes: { 'webhook.event_id': delivery.eventId } },
    async (span) => {
      const outcome = await sendOnce(delivery, policy);
      if (outcome.statusCode !== null) span?.setAttribute('http.response.status_code', outcome.statusCode);
      if (outcome.failure) span?.setAttribute('webhook.failure', outcome.failure);
      return outcome;
    },
  );
}

async function sendOnce(delivery: SignedDelivery, policy: DeliveryNetworkPolicy): Promise<DeliveryOutcome> {
  // Standard Webhooks allows several space-separated signatures; a receiver accepts any one it can verify.
  const signature = [delivery.secret, delivery.previousSecret]
    .filter((secret): secret is string => Boolean(secret))
    .map((secret) => new Webhook(secret).sign(delivery.eventId, delivery.sentAt, delivery.body))
    .join(' ');
  const started = performance.now();
  let statusCode: number | null = null;
  let responseExcerpt: string | null = null;
  let error: string | null = null;
  let failure: DeliveryFailure | null = null;
  try {
    ({ statusCode, excerpt: responseExcerpt } = await post(delivery, signature, policy));
  } catch (cause) {
    failure = classifyDeliveryFailure(cause);
    error = neutralFailureMessage(failure);
  }
  return {
    statusCode,
    responseExcerpt,
    error,
    failure,
    durationMs: Math.round(performance.now() - started),
  };
}

/** Bytes read of an answer for its excerpt: enough for RESPONSE_EXCERPT_CHARS of any UTF-8 text. */
const EXCERPT_BYTES = RESPONSE_EXCERPT_CHARS * 4;

function post(
  delivery: SignedDelivery,
  signature: string,
  policy: DeliveryNetworkPolicy,
): Promise<{ statusCode: number; excerpt: string | null }> {
  const url = new URL(delivery.url);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const request = send(
      url,
      {
        method: 'POST',
        agent: agentFor(url, policy),
        timeout: delivery.timeoutMs,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(delivery.body),
          'user-agent': 'OI-Payments-Webhooks/1.0',
          'webhook-id': delivery.eventId,
          'webhook-timestamp': String(Math.floor(delivery.sentAt.getTime() / 1000)),
          'webhook-signature': signature,
        },
      },
      (response) => {
        // Redirects are not followed: the status is the answer. The body's first bytes are kept
        // for the app to read; the rest is drained unread.
        const statusCode = response.statusCode ?? 0;
        const chunks: Buffer[] = [];
        let kept = 0;
        let settled = false;
        const finish = () => {
          if (settled) return;
          settled = true;
          const text = Buffer.concat(chunks).toString('utf8').slice(0, RESPONSE_EXCERPT_CHARS);
          resolve({ statusCode, excerpt: text.length ? text : null });
        };
        response.on('data', (chunk: Buffer) => {
          if (kept < EXCERPT_BYTES) {
            chunks.push(chunk.subarray(0, EXCERPT_BYTES - kept));
            kept += chunk.length;
          }
          if (kept >= EXCERPT_BYTES) finish();
        });
        response.on('end', finish);
        response.on('error', finish);
        response.on('aborted', finish);
      },
    );
    request.on('timeout', () => request.destroy(new TimeoutError()));
    request.on('error', reject);
    request.end(delivery.body);
  });
}

class TimeoutError extends Error {
  override name = 'TimeoutError';
}
