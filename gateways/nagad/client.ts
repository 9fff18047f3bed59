import { tracedTransport } from '../../platform/telemetry/tracing.js';
import type { GatewayTransport } from '../../platform/http/gateway-transport.js';
import { randomInt } from 'node:crypto';
import type { z } from 'zod';
import { toDecimalString } from '../../domain/shared/money.js';
import type {
  CheckoutGateway,
  GatewayDescription,
  GatewaySessionRequest,
  GatewayTransaction,
  InboundVerdict,
  OpenedSession,
} from '../types.js';
import { financeConfirmedRefunds } from '../finance-refunds.js';
import { GatewayError } from '../types.js';
import { merchantSeal } from './merchant-seal.js';
import { requestJson } from './http.js';
import type { HttpOptions } from './http.js';
import { claimedOutcomeOf, orderIdFor, referenceFor, toTransaction } from './mapping.js';
import {
  CALLBACK_FIELDS,
  CHALLENGE_LENGTH,
  CURRENCY_CODE,
  PATHS,
  STATUS,
  completeAnswerSchema,
  dhakaDateTime,
  initializeAnswerSchema,
  verifyAnswerSchema,
} from './protocol.js';
import type { CompletePlaintext, InitializePlaintext } from './protocol.js';

export interface NagadGatewayOptions {
  /** e.g. https://api.mynagad.com/api/dfs, the sandbox's …/remote-payment-gateway-1.0/api/dfs, or the simulator. */
  baseUrl: string;
  merchantId: string;
  /** The merchant account's mobile number, sent as accountNumber. */
  merchantMobile: string;
  merchantPrivateKeyPem: string;
  /** Nagad's payment-gateway public key, from the merchant portal. */
  nagadPublicKeyPem: string;
  /**
   * Where Nagad's hosted pages live when not at `baseUrl`'s origin (a simulator reached by the
   * service at one address and by browsers at another; the live page host).
   */
  pageOrigins?: string[];
  /** Our server's public IPv4 address, which Nagad must have whitelisted. */
  clientIp?: string;
  timeoutMs?: number;
  transport?: GatewayTransport;
  now?: () => Date;
  /**
   * Per-payment limits. The defaults are placeholders, not Nagad's word: 1.00 BDT, and the
   * 50,000 BDT per-transaction cap third-party pages report for Nagad customers. A merchant's
   * agreement sets the real ones.
   */
  minAmountMinor?: number;
  maxAmountMinor?: number;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MIN_AMOUNT_MINOR = 100;
const DEFAULT_MAX_AMOUNT_MINOR = 5_000_000;
/** Loopback is refused by Nagad; a real deployment must configure its whitelisted address. */
const DEFAULT_CLIENT_IP = '127.0.0.1';

const CHALLENGE_ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

function newChallenge(): string {
  return Array.from(
    { length: CHALLENGE_LENGTH },
    () => CHALLENGE_ALPHABET[randomInt(CHALLENGE_ALPHABET.length)],
  ).join('');
}

function protocolError(message: string, details: Record<string, unknown> = {}): GatewayError {
  return new GatewayError('GATEWAY_PROTOCOL_ERROR', message, details);
}

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw protocolError(`Nagad ${what} answer is not what the API documents`);
  return result.data;
}

/**
 * Nagad has no public refund API: finance pays the customer back from Nagad's merchant panel and
 * confirms it here, which the refund's workflow waits for (a PROCESSING refund with no gateway id).
 */
const MANUAL_REFUND =
  "Nagad has no refund API: pay the customer back from Nagad's merchant panel, then confirm the refund here";

export const DESCRIPTION: GatewayDescription = {
  name: 'nagad',
  displayName: 'Nagad',
  currencies: ['BDT'],
  minAmountMinor: DEFAULT_MIN_AMOUNT_MINOR,
  maxAmountMinor: DEFAULT_MAX_AMOUNT_MINOR,
  refunds: 'MANUAL',
  serverNotifications: false,
  signedReturns: false,
};

export function createNagadGateway(options: NagadGatewayOptions): CheckoutGateway {
  const pageOrigins = new Set([new URL(options.baseUrl).origin, ...(options.pageOrigins ?? [])]);
  const http: HttpOptions = {
    baseUrl: options.baseUrl,
    clientIp: options.clientIp ?? DEFAULT_CLIENT_IP,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    transport: options.transport ?? tracedTransport('nagad'),
  };
  const now = options.now ?? (() => new Date());
  const sealing = merchantSeal(options, protocolError);
  const sealForNagad = (plaintext: InitializePlaintext | CompletePlaintext) => sealing.seal(plaintext);

  function isHostedPage(url: string): boolean {
    try {
      return pageOrigins.has(new URL(url).origin);
    } catch {
      return false;
    }
  }

  async function initialize(orderId: string): Promise<{ paymentReferenceId: string; challenge: string }> {
    const dateTime = dhakaDateTime(now());
    const sealed = sealForNagad({
      merchantId: options.merchantId,
      datetime: dateTime,
      orderId,
      challenge: newChallenge(),
    });
    const raw = await requestJson(http, {
      operation: 'initialize',
      method: 'POST',
      path: PATHS.initialize(options.merchantId, orderId),
      body: { accountNumber: options.merchantMobile, dateTime, ...sealed },
    });
    // Nagad's sample names the answer's challenge the server's and sends it back in complete; whether
    // it echoes ours is undocumented, so the signature, not an echo, is what binds the answer to Nagad.
    return parse(initializeAnswerSchema, sealing.unsealAnswer(raw, 'initialize'), 'initialize');
  }

  async function complete(
    request: GatewaySessionRequest,
    orderId: string,
    initialized: { paymentReferenceId: string; challenge: string },
  ): Promise<string> {
    const sealed = sealForNagad({
      merchantId: options.merchantId,
      orderId,
      currencyCode: CURRENCY_CODE,
      amount: toDecimalString(request.amountMinor, 'BDT'),
      challenge: initialized.challenge,
    });
    const raw = await requestJson(http, {
      operation: 'complete',
      method: 'POST',
      path: PATHS.complete(initialized.paymentReferenceId),
      body: {
        ...sealed,
        merchantCallbackURL: request.successUrl,
        additionalMerchantInfo: { productName: request.productName },
      },
    });
    const answer = parse(completeAnswerSchema, raw, 'complete');
    if (answer.status !== STATUS.SUCCESS || !answer.callBackUrl) {
      throw new GatewayError('GATEWAY_REJECTED', `Nagad complete answered status ${answer.status}`, {
        operation: 'complete',
        status: answer.status,
      });
    }
    // The answer is unsigned: never send a customer anywhere but Nagad's own pages.
    if (!isHostedPage(answer.callBackUrl)) {
      throw protocolError('Nagad complete answered a page outside its known origins', {
        origin: URL.canParse(answer.callBackUrl) ? new URL(answer.callBackUrl).origin : null,
      });
    }
    return answer.callBackUrl;
  }

  async function verify(paymentRefId: string, reference: string): Promise<GatewayTransaction> {
    const raw = await requestJson(http, {
      operation: 'verify',
      method: 'GET',
      path: PATHS.verify(paymentRefId),
    });
    const answer = parse(verifyAnswerSchema, raw, 'verify');
    // A forged callback may pair our reference with someone else's payment.
    if (answer.orderId !== orderIdFor(reference) || answer.merchantId !== options.merchantId) {
      throw protocolError('Nagad verify answered a payment of another order', {
        paymentRefId,
        orderId: answer.orderId,
      });
    }
    return toTransaction(answer, raw);
  }

  return {
    describe(): GatewayDescription {
      return {
        ...DESCRIPTION,
        minAmountMinor: options.minAmountMinor ?? DEFAULT_MIN_AMOUNT_MINOR,
        maxAmountMinor: options.maxAmountMinor ?? DEFAULT_MAX_AMOUNT_MINOR,
      };
    },

    isHostedPage,

    async openSession(request): Promise<OpenedSession> {
      if (request.currency !== 'BDT') {
        throw new GatewayError('GATEWAY_REJECTED', `Nagad takes BDT only, not ${request.currency}`);
      }
      const orderId = orderIdFor(request.reference);
      const initialized = await initialize(orderId);
      const redirectUrl = await complete(request, orderId, initialized);
      return { sessionKey: initialized.paymentReferenceId, redirectUrl };
    },

    /** The browser return is unsigned: it only says which payment to ask Nagad about. */
    parseInbound(request): InboundVerdict {
      if (request.kind !== 'BROWSER_RETURN') {
        return { accepted: false, reason: 'Nagad sends no server notifications' };
      }
      const orderId = request.query[CALLBACK_FIELDS.orderId] ?? '';
      const paymentRefId = request.query[CALLBACK_FIELDS.paymentRefId] ?? '';
      const reference = referenceFor(orderId);
      if (reference === null) return { accepted: false, reason: 'order_id is not one of our payments' };
      if (paymentRefId.trim() === '') return { accepted: false, reason: 'payment_ref_id is missing' };
      return {
        accepted: true,
        callback: {
          reference,
          claimedStatus: request.query[CALLBACK_FIELDS.status] ?? '',
          confirmationKey: paymentRefId,
          unsignedOutcome: claimedOutcomeOf(request.query[CALLBACK_FIELDS.status] ?? ''),
        },
      };
    },

    async confirm(callback, sessionKey) {
      // Our own record of the session outranks what the browser brought back.
      const paymentRefId = sessionKey ?? callback.confirmationKey;
      if (!paymentRefId) throw protocolError('Nagad callback names no payment_ref_id');
      return verify(paymentRefId, callback.reference);
    },

    async query(reference, sessionKey) {
      if (!sessionKey) {
        // Nagad looks payments up by paymentRefId only; without one, initialize never answered,
        // so no customer was ever sent to pay.
        throw new GatewayError('GATEWAY_REJECTED', 'Nagad can look a payment up by its paymentRefId only', {
          operation: 'verify',
          reference,
        });
      }
      return verify(sessionKey, reference);
    },

    ...financeConfirmedRefunds(MANUAL_REFUND),
  };
}
