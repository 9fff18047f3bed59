import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { RequestFilteringHttpAgent, RequestFilteringHttpsAgent } from 'request-filtering-agent';
import { SpanKind } from '@opentelemetry/api';
import { Webhook } from 'standardwebhooks';
import { inSpan } from '../telemetry/tracing.js';
import { RESPONSE_EXCERPT_CHARS } from '../domain/webhook-endpoints.js';
import { METADATA_ADDRESSES, type PrivateTargets } from '../config/network-lists.js';

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
  error: string | null;
  /** What kind of failure `error` is, or null when the endpoint answered. */
  failure: DeliveryFailure | null;
  durationMs: number;
}

/** Why a delivery got no HTTP answer, in words that name no address. */
export type DeliveryFailure =
  | 'TIMEOUT'
  | 'ADDRESS_NOT_ALLOWED'
  | 'CONNECTION_REFUSED'
  | 'HOST_NOT_FOUND'
  | 'CONNECTION_RESET'
  | 'TLS'
  | 'UNREACHABLE';

const FAILURE_MESSAGES: Record<DeliveryFailure, string> = {
  TIMEOUT: 'The endpoint did not answer in time',
  ADDRESS_NOT_ALLOWED: "The endpoint's address is in a network deliveries may not reach",
  CONNECTION_REFUSED: 'The endpoint refused the connection',
  HOST_NOT_FOUND: "The endpoint's host name did not resolve",
  CONNECTION_RESET: 'The connection closed before the endpoint answered',
  TLS: 'The TLS handshake with the endpoint failed',
  UNREACHABLE: 'The endpoint could not be reached',
};

/** A failure as an operator may read it anywhere: its kind, never the address or the system's words. */
export function neutralFailureMessage(failure: DeliveryFailure): string {
  return `${FAILURE_MESSAGES[failure]} (${failure})`;
}

const FAILURE_CODES: Record<string, DeliveryFailure> = {
  ECONNREFUSED: 'CONNECTION_REFUSED',
  ENOTFOUND: 'HOST_NOT_FOUND',
  EAI_AGAIN: 'HOST_NOT_FOUND',
  ECONNRESET: 'CONNECTION_RESET',
  EPIPE: 'CONNECTION_RESET',
  ETIMEDOUT: 'TIMEOUT',
  ESOCKETTIMEDOUT: 'TIMEOUT',
  EHOSTUNREACH: 'UNREACHABLE',
  ENETUNREACH: 'UNREACHABLE',
};

function classifyFailure(cause: unknown): DeliveryFailure {
  // Read by shape, not `instanceof`: socket errors may come from another realm or as plain text.
  const {
    name = '',
    message = String(cause),
    code: given = '',
  } = (cause ?? {}) as {
    name?: string;
    message?: string;
    code?: string;
  };
  if (name === 'TimeoutError') return 'TIMEOUT';
  // request-filtering-agent refuses a private or metadata address with this wording.
  if (/is not allowed/i.test(message)) return 'ADDRESS_NOT_ALLOWED';
  // The filtering agent passes some socket errors on as text only ("Error: connect ECONNREFUSED …").
  const code = given || (/\b(E[A-Z_]{3,}|ERR_[A-Z_]+)\b/.exec(message)?.[1] ?? '');
  if (FAILURE_CODES[code]) return FAILURE_CODES[code];
  if (code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL') || /certificate|CERT_|SSL/i.test(code))
    return 'TLS';
  return 'UNREACHABLE';
}

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
    error = describeFailure(cause);
    failure = classifyFailure(cause);
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

/** The useful part of a failure: the refused address, ECONNREFUSED, a DNS failure, a timeout. */
function describeFailure(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause);
  if (cause.name === 'TimeoutError') return 'The endpoint did not answer in time';
  const code = (cause as { code?: string }).code;
  return code ? `${code}: ${cause.message}` : cause.message;
}
