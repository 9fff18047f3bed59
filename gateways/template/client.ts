import { toDecimalString } from '../../domain/shared/money.js';
import { nodeHttpTransport, type GatewayTransport } from '../../platform/http/gateway-transport.js';
import type { CheckoutGateway, GatewayDescription, InboundRequest, RefundResult } from '../types.js';
import { GatewayError } from '../types.js';
import { toTransaction, type WireAnswer } from './mapping.js';
import { PATHS, SIGNATURE_HEADER, verifyNotification } from './protocol.js';

/**
 * The gateway behind the gateway-neutral interface (gateways/types.ts CheckoutGateway). The
 * payment core opens a session, hands every inbound request to `parseInbound`, and believes only
 * `confirm` and `query`, which ask the gateway's own API: a callback is a hint, never proof.
 *
 * A real gateway's client also: passes `tracedTransport('<name>')` (platform/telemetry/tracing.ts) so every
 * call is traced; turns timeouts and 5xx answers into GATEWAY_UNAVAILABLE (retried) and refusals
 * into GATEWAY_REJECTED (not retried); and keeps secrets out of every error's details.
 */

export interface TemplateGatewayOptions {
  /** The gateway's API, or its simulator's. */
  baseUrl: string;
  apiKey: string;
  webhookSecret: string;
  /** Where its hosted pages live when not at `baseUrl`'s origin (a simulator behind Docker Compose). */
  pageOrigins?: string[];
  transport?: GatewayTransport;
}

/** What it takes, shown on the checkout's picker and checked before a session is opened. */
export const DESCRIPTION: GatewayDescription = {
  name: 'template',
  displayName: 'Template gateway',
  currencies: ['BDT'],
  minAmountMinor: 10_00,
  maxAmountMinor: 500_000_00,
  refunds: 'API',
  serverNotifications: true,
  signedReturns: false,
};

/** Our reference as an inbound request names it, read before anything is verified (module.ts identify). */
export function identifyTemplateInbound(request: InboundRequest): string | null {
  return request.query.reference ?? request.form.reference ?? null;
}

export function createTemplateGateway(options: TemplateGatewayOptions): CheckoutGateway {
  const transport = options.transport ?? nodeHttpTransport;
  const pageOrigins = new Set([new URL(options.baseUrl).origin, ...(options.pageOrigins ?? [])]);

  const call = async (method: 'GET' | 'POST', path: string, body?: unknown): Promise<WireAnswer> => {
    const answer = await transport(new URL(path, options.baseUrl), {
      method,
      headers: { authorization: `Bearer ${options.apiKey}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(30_000),
    });
    if (answer.status >= 500)
      throw new GatewayError('GATEWAY_UNAVAILABLE', `answered ${answer.status}`, { path });
    if (answer.status >= 400)
      throw new GatewayError('GATEWAY_REJECTED', `answered ${answer.status}`, { path });
    return JSON.parse(await answer.text()) as WireAnswer;
  };

  const refundResult = (answer: WireAnswer): RefundResult => ({
    status: answer.status === 'REFUNDED' ? 'SUCCEEDED' : answer.status === 'FAILED' ? 'FAILED' : 'PROCESSING',
    gatewayRefundId: typeof answer.refundId === 'string' ? answer.refundId : null,
    reason: typeof answer.reason === 'string' ? answer.reason : null,
    raw: answer,
  });

  const query = async (reference: string) =>
    toTransaction(reference, await call('GET', `${PATHS.transaction}/${encodeURIComponent(reference)}`));

  return {
    describe: () => DESCRIPTION,

    isHostedPage(url) {
      try {
        return pageOrigins.has(new URL(url).origin);
      } catch {
        return false;
      }
    },

    async openSession(request) {
      const answer = await call('POST', PATHS.session, {
        reference: request.reference,
        amount: toDecimalString(request.amountMinor, request.currency),
        currency: request.currency,
        returnUrl: request.successUrl,
        cancelUrl: request.cancelUrl,
        notifyUrl: request.ipnUrl,
      });
      if (typeof answer.sessionId !== 'string' || typeof answer.pageUrl !== 'string') {
        throw new GatewayError('GATEWAY_PROTOCOL_ERROR', 'the session answer is incomplete', {});
      }
      return { sessionKey: answer.sessionId, redirectUrl: answer.pageUrl };
    },

    /**
     * A notification counts only with a valid signature; a browser return is unsigned here, so it
     * only says "ask the gateway" (NeutralCallback.unsignedOutcome on a gateway that needs it).
     */
    parseInbound(request) {
      const reference = identifyTemplateInbound(request);
      if (!reference) return { accepted: false, reason: 'no reference' };
      if (
        request.kind === 'NOTIFICATION' &&
        !verifyNotification(request.rawBody, request.headers[SIGNATURE_HEADER], options.webhookSecret)
      ) {
        return { accepted: false, reason: 'INVALID_SIGNATURE' };
      }
      return {
        accepted: true,
        callback: { reference, claimedStatus: request.query.status ?? '', confirmationKey: null },
      };
    },

    confirm: (callback) => query(callback.reference),
    query: (reference) => query(reference),

    async refund(request) {
      return refundResult(
        await call('POST', PATHS.refund, {
          transactionId: request.gatewayTransactionId,
          // Our refund reference makes a repeated request the same refund at the gateway.
          refundReference: request.refundReference,
          amount: toDecimalString(request.amountMinor, request.currency),
        }),
      );
    },

    async queryRefund({ gatewayRefundId }) {
      return refundResult(await call('GET', `${PATHS.refund}/${encodeURIComponent(gatewayRefundId)}`));
    },
  };
}
