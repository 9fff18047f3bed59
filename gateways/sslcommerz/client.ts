import { tracedTransport } from '../../platform/telemetry/tracing.js';
import type { GatewayTransport } from '../../platform/http/gateway-transport.js';
import { toDecimalString } from '../../domain/shared/money.js';
import { transactionWithoutMoney } from '../../domain/payments/gateway-transaction.js';
import type {
  CheckoutGateway,
  GatewayDescription,
  GatewaySessionRequest,
  GatewayTransaction,
  InboundRequest,
  InboundVerdict,
  RefundRequest,
  RefundResult,
} from '../types.js';
import { GatewayError } from '../types.js';
import { requestJson, text } from './http.js';
import type { HttpOptions, WireResponse } from './http.js';
import { assertApiConnected, toRefundResult, toTransaction } from './mapping.js';
import { PATHS, SESSION_STATUS, verifyIpnSignature } from './protocol.js';

export interface SslcommerzGatewayOptions {
  /** e.g. https://sandbox.sslcommerz.com, https://securepay.sslcommerz.com or the local simulator. */
  baseUrl: string;
  storeId: string;
  storePassword: string;
  /**
   * Where the gateway's hosted pages live when not at `baseUrl`'s origin (a simulator reached by
   * the service at one address and by browsers at another).
   */
  pageOrigins?: string[];
  timeoutMs?: number;
  transport?: GatewayTransport;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/** SSLCOMMERZ rejects a session without these, but our callers rarely know a postal address. */
const CUSTOMER_PLACEHOLDERS = {
  cus_name: 'Customer',
  cus_email: 'customer@example.invalid',
  cus_phone: '01700000000',
  cus_add1: 'N/A',
  cus_city: 'Dhaka',
  cus_postcode: '1000',
  cus_country: 'Bangladesh',
} as const;

function present(value: string | null | undefined): string | null {
  return value === null || value === undefined || value.trim() === '' ? null : value.trim();
}

function sessionParams(request: GatewaySessionRequest): Record<string, string> {
  return {
    total_amount: toDecimalString(request.amountMinor, request.currency),
    currency: request.currency,
    tran_id: request.reference,
    success_url: request.successUrl,
    fail_url: request.failUrl,
    cancel_url: request.cancelUrl,
    ipn_url: request.ipnUrl,
    product_name: request.productName,
    product_category: 'general',
    product_profile: 'general',
    shipping_method: 'NO',
    ...CUSTOMER_PLACEHOLDERS,
    cus_name: present(request.customer.name) ?? CUSTOMER_PLACEHOLDERS.cus_name,
    cus_email: present(request.customer.email) ?? CUSTOMER_PLACEHOLDERS.cus_email,
    cus_phone: present(request.customer.phone) ?? CUSTOMER_PLACEHOLDERS.cus_phone,
  };
}

function toSession(raw: WireResponse): { sessionKey: string; gatewayPageUrl: string } {
  const status = text(raw, 'status');
  if (status === SESSION_STATUS.FAILED) {
    const reason = text(raw, 'failedreason') || 'session refused without a reason';
    throw new GatewayError('GATEWAY_REJECTED', reason, { operation: 'session' });
  }
  const sessionKey = text(raw, 'sessionkey');
  const gatewayPageUrl = text(raw, 'GatewayPageURL');
  if (status !== SESSION_STATUS.SUCCESS || !sessionKey || !gatewayPageUrl) {
    throw new GatewayError('GATEWAY_PROTOCOL_ERROR', 'SSLCOMMERZ session answer is incomplete', {
      operation: 'session',
      status,
    });
  }
  return { sessionKey, gatewayPageUrl };
}

function toTransactions(raw: WireResponse): GatewayTransaction[] {
  const elements = raw.element;
  if (!Array.isArray(elements)) return [];
  return elements
    .filter((element): element is WireResponse => element !== null && typeof element === 'object')
    .map(toTransaction);
}

/** Our reference (`tran_id`) as an IPN or a browser return post names it, or null without one. */
export function identifySslcommerzInbound(request: InboundRequest): string | null {
  return present(request.form.tran_id);
}

/** A callback as SSLCOMMERZ posts it (IPN or browser return), before the validation API is asked. */
export interface SslcommerzCallback {
  reference: string;
  gatewayStatus: string;
  validationId: string | null;
  amount: string | null;
  currency: string | null;
  /** Cheap first filter only; the validation API is the authority. */
  signatureValid: boolean;
}

/** SSLCOMMERZ's own API, call by call: the session, the validator, the merchant transaction API. */
export type SslcommerzApi = ReturnType<typeof createSslcommerzApi>;

export function createSslcommerzApi(options: SslcommerzGatewayOptions) {
  const pageOrigins = new Set([new URL(options.baseUrl).origin, ...(options.pageOrigins ?? [])]);
  const http: HttpOptions = {
    baseUrl: options.baseUrl,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    transport: options.transport ?? tracedTransport('sslcommerz'),
  };
  const credentials = { store_id: options.storeId, store_passwd: options.storePassword };
  const apiParams = { ...credentials, v: '1', format: 'json' };

  const queryMerchantApi = (params: Record<string, string>) =>
    requestJson(http, { method: 'GET', path: PATHS.merchantTransId, params: { ...params, ...apiParams } });

  return {
    isHostedPage(url: string) {
      try {
        return pageOrigins.has(new URL(url).origin);
      } catch {
        return false;
      }
    },

    async initiateSession(request: GatewaySessionRequest) {
      const raw = await requestJson(http, {
        method: 'POST',
        path: PATHS.session,
        params: { ...credentials, ...sessionParams(request) },
      });
      return toSession(raw);
    },

    parseCallback(fields: Record<string, string>): SslcommerzCallback {
      return {
        reference: fields.tran_id ?? '',
        gatewayStatus: fields.status ?? '',
        validationId: present(fields.val_id),
        amount: present(fields.amount),
        currency: present(fields.currency),
        signatureValid: verifyIpnSignature(fields, options.storePassword),
      };
    },

    async validate(validationId: string): Promise<GatewayTransaction> {
      const raw = await requestJson(http, {
        method: 'GET',
        path: PATHS.validation,
        params: { val_id: validationId, ...apiParams },
      });
      // APIConnect is documented for the validator's full answer only; without it the status decides.
      if (text(raw, 'APIConnect') !== null) assertApiConnected(raw, 'validation');
      return toTransaction(raw);
    },

    async queryByReference(reference: string): Promise<GatewayTransaction[]> {
      const raw = await queryMerchantApi({ tran_id: reference });
      assertApiConnected(raw, 'transaction query');
      return toTransactions(raw);
    },

    async initiateRefund(request: RefundRequest): Promise<RefundResult> {
      const raw = await queryMerchantApi({
        bank_tran_id: request.gatewayTransactionId,
        refund_trans_id: request.refundReference,
        refund_amount: toDecimalString(request.amountMinor, request.currency),
        refund_remarks: request.remarks,
      });
      assertApiConnected(raw, 'refund');
      return toRefundResult(raw, 'refund');
    },

    async queryRefund(gatewayRefundId: string): Promise<RefundResult> {
      const raw = await queryMerchantApi({ refund_ref_id: gatewayRefundId });
      assertApiConnected(raw, 'refund query');
      return toRefundResult(raw, 'refund query');
    },
  };
}

/** SSLCOMMERZ's per-transaction limits by currency; other currencies are converted to BDT by it. */
const LIMITS = {
  BDT: { minAmountMinor: 10_00, maxAmountMinor: 500_000_00 },
  USD: { minAmountMinor: 1_00, maxAmountMinor: 5_000_00 },
  EUR: { minAmountMinor: 1_00, maxAmountMinor: 5_000_00 },
  GBP: { minAmountMinor: 1_00, maxAmountMinor: 5_000_00 },
} as const;

export const DESCRIPTION: GatewayDescription = {
  name: 'sslcommerz',
  displayName: 'Card, mobile banking or internet banking (SSLCOMMERZ)',
  currencies: ['BDT', 'USD', 'EUR', 'GBP'],
  minAmountMinor: LIMITS.BDT.minAmountMinor,
  maxAmountMinor: LIMITS.BDT.maxAmountMinor,
  currencyLimits: LIMITS,
  refunds: 'API',
  serverNotifications: true,
  // Returns and IPNs carry verify_sign, checked against the store password.
  signedReturns: true,
};

/**
 * Of every attempt SSLCOMMERZ knows for a reference (newest first), the one that tells most: a
 * capture, else one still in progress, else the latest. A customer may retry after a failed
 * attempt within one session, so a failure is final only when nothing later happened.
 */
export function mostTellingAttempt(reference: string, attempts: GatewayTransaction[]): GatewayTransaction {
  const telling =
    attempts.find((tx) => tx.outcome === 'SUCCEEDED') ??
    attempts.find((tx) => tx.outcome === 'PENDING') ??
    attempts[0];
  return telling ?? transactionWithoutMoney(reference, 'UNKNOWN', '', { attempts: 0 });
}

/** SSLCOMMERZ behind the gateway-neutral interface. */
export function createSslcommerzGateway(options: SslcommerzGatewayOptions): CheckoutGateway {
  const api = createSslcommerzApi(options);
  const query = async (reference: string) =>
    mostTellingAttempt(reference, await api.queryByReference(reference));
  return {
    describe: () => DESCRIPTION,
    isHostedPage: api.isHostedPage,

    async openSession(request) {
      const session = await api.initiateSession(request);
      return { sessionKey: session.sessionKey, redirectUrl: session.gatewayPageUrl };
    },

    /** IPNs and browser returns are the same signed form post. */
    parseInbound(request): InboundVerdict {
      const callback = api.parseCallback(request.form);
      if (!callback.reference) return { accepted: false, reason: 'no tran_id' };
      if (!callback.signatureValid) return { accepted: false, reason: 'INVALID_SIGNATURE' };
      return {
        accepted: true,
        callback: {
          reference: callback.reference,
          claimedStatus: callback.gatewayStatus,
          confirmationKey: callback.validationId,
        },
      };
    },

    /**
     * The validator is asked about a callback's val_id; a val_id it does not call valid (a
     * failed attempt, or one forged) leaves the transaction query as the authority.
     */
    async confirm(callback) {
      if (callback.confirmationKey) {
        const validated = await api.validate(callback.confirmationKey);
        if (validated.outcome === 'SUCCEEDED') return validated;
      }
      return query(callback.reference);
    },

    query: (reference) => query(reference),

    refund: (request) => api.initiateRefund(request),
    queryRefund: ({ gatewayRefundId }) => api.queryRefund(gatewayRefundId),
  };
}
