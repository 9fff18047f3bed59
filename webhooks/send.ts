import http from 'node:http';
import https from 'node:https';
import { RequestFilteringHttpAgent, RequestFilteringHttpsAgent } from 'request-filtering-agent';
import { Webhook } from 'standardwebhooks';

export interface SignedDelivery {
  url: string;
  /**
   * The endpoint's `whsec_…` secrets: the current one, plus the previous one while a rotation's
   * grace window lasts. Each signs the delivery; the header carries every signature.
   */
  secrets: string[];
  /** Also the `webhook-id` header: the same on every attempt, so receivers dedupe on it. */
  eventId: string;
  body: string;
  /** Signature time; the receiver checks it against its own clock, so this is the real time. */
  sentAt: Date;
  timeoutMs: number;
  /**
   * False (the default) refuses loopback, private, link-local, unique-local, carrier-grade NAT and
   * cloud metadata addresses. Checked on the address DNS returns, at connection time, so a name
   * that later resolves to an internal address (DNS rebinding) is refused too.
   */
  allowPrivateNetworks?: boolean;
}

export interface DeliveryOutcome {
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

/** Cloud instance metadata stays out of reach even where private networks are allowed. */
const METADATA_ADDRESSES = ['169.254.169.254', 'fd00:ec2::254'];
const privateAllowed = { allowPrivateIPAddress: true, denyIPAddressList: METADATA_ADDRESSES };
const agents = {
  public: { http: new RequestFilteringHttpAgent(), https: new RequestFilteringHttpsAgent() },
  private: {
    http: new RequestFilteringHttpAgent(privateAllowed),
    https: new RequestFilteringHttpsAgent(privateAllowed),
  },
};

/** `v1,<sig1> v1,<sig2>`: Standard Webhooks accepts several space-separated signatures. */
export function signatureHeader(secrets: string[], eventId: string, sentAt: Date, body: string): string {
  return secrets.map((secret) => new Webhook(secret).sign(eventId, sentAt, body)).join(' ');
}

/**
 * One HTTP POST signed per Standard Webhooks (`webhook-id`, `webhook-timestamp`,
 * `webhook-signature: v1,<base64 HMAC-SHA256>`), so any Standard Webhooks library verifies it.
 * Never throws: a refused connection, a refused address or a timeout is an outcome, recorded like
 * a status code.
 */
export async function sendSignedWebhook(delivery: SignedDelivery): Promise<DeliveryOutcome> {
  const started = performance.now();
  const finish = (statusCode: number | null, error: string | null): DeliveryOutcome => ({
    statusCode,
    error,
    durationMs: Math.round(performance.now() - started),
  });
  let url: URL;
  try {
    url = new URL(delivery.url);
  } catch {
    return finish(null, 'The endpoint URL is not valid');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return finish(null, `The endpoint URL must be http or https, not ${url.protocol}`);
  }
  const body = Buffer.from(delivery.body, 'utf8');
  const pool = delivery.allowPrivateNetworks ? agents.private : agents.public;
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise<DeliveryOutcome>((resolve) => {
    let settled = false;
    const settle = (statusCode: number | null, error: string | null) => {
      if (settled) return;
      settled = true;
      resolve(finish(statusCode, error));
    };
    const request = transport.request(
      url,
      {
        method: 'POST',
        agent: url.protocol === 'https:' ? pool.https : pool.http,
        timeout: delivery.timeoutMs,
        headers: {
          'content-type': 'application/json',
          'content-length': String(body.length),
          'user-agent': 'OI-Payments-Webhooks/1.0',
          'webhook-id': delivery.eventId,
          'webhook-timestamp': String(Math.floor(delivery.sentAt.getTime() / 1000)),
          'webhook-signature': signatureHeader(
            delivery.secrets,
            delivery.eventId,
            delivery.sentAt,
            delivery.body,
          ),
        },
      },
      (response) => {
        // Redirects are not followed: the status is the outcome. The body is not needed.
        response.resume();
        settle(response.statusCode ?? null, null);
      },
    );
    // The whole exchange, not only socket idleness, is bounded.
    const deadline = setTimeout(() => {
      request.destroy();
      settle(null, 'The endpoint did not answer in time');
    }, delivery.timeoutMs);
    request.on('timeout', () => request.destroy(new Error('The endpoint did not answer in time')));
    request.on('error', (cause) => settle(null, describeFailure(cause)));
    request.on('close', () => clearTimeout(deadline));
    request.end(body);
  });
}

function describeFailure(cause: Error): string {
  if (cause.message.includes('denyIPAddressList')) {
    return `Refused: the endpoint resolves to a cloud metadata address (${cause.message})`;
  }
  if (cause.message.includes('is not allowed')) {
    return `Refused: the endpoint resolves to an internal address (${cause.message})`;
  }
  const code = (cause as { code?: string }).code;
  return code ?? cause.message;
}
