import { toDecimalString } from '../../domain/money.js';
import type {
  CallbackIdentity,
  Gateway,
  GatewayCallback,
  GatewaySession,
  GatewaySessionRequest,
  GatewayTransaction,
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
  fetch?: typeof fetch;
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

function toSession(raw: WireResponse): GatewaySession {
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

/** The reference (`tran_id`) and status an IPN or return post names, or null without one. */
export function identifySslcommerzCallback(fields: Record<string, string>): CallbackIdentity | null {
  const reference = present(fields.tran_id);
  return reference ? { reference, gatewayStatus: fields.status ?? '' } : null;
}

export function createSslcommerzGateway(options: SslcommerzGatewayOptions): Gateway {
  const pageOrigins = new Set([new URL(options.baseUrl).origin, ...(options.pageOrigins ?? [])]);
  const http: HttpOptions = {
    baseUrl: options.baseUrl,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    fetch: options.fetch ?? globalThis.fetch,
  };
  const credentials = { store_id: options.storeId, store_passwd: options.storePassword };
  const apiParams = { ...credentials, v: '1', format: 'json' };

  const queryMerchantApi = (params: Record<string, string>) =>
    requestJson(http, { method: 'GET', path: PATHS.merchantTransId, params: { ...params, ...apiParams } });

  return {
    name: 'sslcommerz',

    isHostedPage(url) {
      try {
        return pageOrigins.has(new URL(url).origin);
      } catch {
        return false;
      }
    },

    async initiateSession(request) {
      const raw = await requestJson(http, {
        method: 'POST',
        path: PATHS.session,
        params: { ...credentials, ...sessionParams(request) },
      });
      return toSession(raw);
    },

    parseCallback(fields): GatewayCallback {
      return {
        reference: fields.tran_id ?? '',
        gatewayStatus: fields.status ?? '',
        validationId: present(fields.val_id),
        amount: present(fields.amount),
        currency: present(fields.currency),
        signatureValid: verifyIpnSignature(fields, options.storePassword),
      };
    },

    async validate(validationId) {
      const raw = await requestJson(http, {
        method: 'GET',
        path: PATHS.validation,
        params: { val_id: validationId, ...apiParams },
      });
      // APIConnect is documented for the validator's full answer only; without it the status decides.
      if (text(raw, 'APIConnect') !== null) assertApiConnected(raw, 'validation');
      return toTransaction(raw);
    },

    async queryByReference(reference) {
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

    async queryRefund(gatewayRefundId) {
      const raw = await queryMerchantApi({ refund_ref_id: gatewayRefundId });
      assertApiConnected(raw, 'refund query');
      return toRefundResult(raw, 'refund query');
    },
  };
}
