import type { z } from 'zod';
import { GatewayError } from '../types.js';
import { postJson, TokenRejected } from './http.js';
import type { HttpOptions, WireAnswer } from './http.js';
import { BkashRefusal, failureOf } from './mapping.js';
import type {
  CreateAnswer,
  PaymentAnswer,
  RefundAnswer,
  RefundStatusV2Answer,
  RefundV2Answer,
  TokenAnswer,
} from './protocol.js';
import {
  createSchema,
  envelopeSchema,
  HEADERS,
  PATHS,
  paymentSchema,
  refundSchema,
  refundStatusV2Schema,
  refundV2Schema,
  tokenSchema,
} from './protocol.js';
import { TokenCache } from './tokens.js';
import type { IssuedToken } from './tokens.js';

/** bKash's checkout calls, typed: each answers the documented shape or throws a GatewayError. */

export interface BkashCredentials {
  username: string;
  password: string;
  appKey: string;
  appSecret: string;
}

export interface CreateBody {
  mode: string;
  payerReference: string;
  callbackURL: string;
  amount: string;
  currency: string;
  intent: string;
  merchantInvoiceNumber: string;
}

export interface RefundBody {
  paymentID: string;
  trxID: string;
  amount: string;
  sku: string;
  reason: string;
}

/** The current refund API's body: its own field names, the amount as `refundAmount`. */
export interface RefundV2Body {
  paymentId: string;
  trxId: string;
  refundAmount: string;
  sku: string;
  reason: string;
}

export interface BkashApi {
  create(body: CreateBody): Promise<CreateAnswer>;
  execute(paymentId: string): Promise<PaymentAnswer>;
  status(paymentId: string): Promise<PaymentAnswer>;
  refund(body: RefundBody): Promise<RefundAnswer>;
  refundStatus(paymentId: string, trxId: string): Promise<RefundAnswer>;
  refundV2(body: RefundV2Body): Promise<RefundV2Answer>;
  refundStatusV2(paymentId: string, trxId: string): Promise<RefundStatusV2Answer>;
}

/** An error code in the envelope is bKash's refusal; otherwise the answer must have the documented shape. */
function read<T>(answer: WireAnswer, schema: z.ZodType<T>, operation: string): T {
  const envelope = envelopeSchema.safeParse(answer);
  const failure = envelope.success ? failureOf(envelope.data) : null;
  if (failure) throw new BkashRefusal(failure, operation);
  const parsed = schema.safeParse(answer);
  if (!parsed.success) {
    throw new GatewayError('GATEWAY_PROTOCOL_ERROR', `bKash ${operation} answer is not as documented`, {
      operation,
      issues: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
    });
  }
  return parsed.data;
}

function issued(answer: TokenAnswer, issuedAtMs: number): IssuedToken {
  return {
    idToken: answer.id_token,
    refreshToken: answer.refresh_token,
    issuedAtMs,
    expiresAtMs: issuedAtMs + answer.expires_in * 1000,
  };
}

export function createBkashApi(
  http: HttpOptions,
  credentials: BkashCredentials,
  now: () => number,
): BkashApi {
  const credentialHeaders = {
    [HEADERS.username]: credentials.username,
    [HEADERS.password]: credentials.password,
  };
  const appBody = { app_key: credentials.appKey, app_secret: credentials.appSecret };

  /** The lifetime counts from before the request left, so we never think a token younger than it is. */
  const tokenCall = async (path: string, body: Record<string, string>, operation: string) => {
    const issuedAtMs = now();
    try {
      const answer = await postJson(http, path, credentialHeaders, body);
      return issued(read(answer, tokenSchema, operation), issuedAtMs);
    } catch (error) {
      if (!(error instanceof TokenRejected)) throw error;
      throw new GatewayError('GATEWAY_REJECTED', `bKash refused our credentials on ${operation}`, {
        operation,
      });
    }
  };

  const tokens = new TokenCache(
    {
      grant: () => tokenCall(PATHS.grant, appBody, 'token grant'),
      refresh: (refreshToken) =>
        tokenCall(PATHS.refresh, { ...appBody, refresh_token: refreshToken }, 'token refresh'),
    },
    now,
  );

  // bKash's own plugin sends the bare id_token; bKash accepts it with or without "Bearer ".
  const call = <T>(path: string, body: Record<string, string>, schema: z.ZodType<T>, operation: string) =>
    tokens.withToken(async (idToken) => {
      const headers = { [HEADERS.authorization]: idToken, [HEADERS.appKey]: credentials.appKey };
      return read(await postJson(http, path, headers, body), schema, operation);
    });

  return {
    create: (body) => call(PATHS.create, { ...body }, createSchema, 'create'),
    execute: (paymentID) => call(PATHS.execute, { paymentID }, paymentSchema, 'execute'),
    status: (paymentID) => call(PATHS.status, { paymentID }, paymentSchema, 'payment status'),
    refund: (body) => call(PATHS.refund, { ...body }, refundSchema, 'refund'),
    refundStatus: (paymentID, trxID) =>
      call(PATHS.refund, { paymentID, trxID }, refundSchema, 'refund status'),
    refundV2: (body) => call(PATHS.refundV2, { ...body }, refundV2Schema, 'refund'),
    refundStatusV2: (paymentId, trxId) =>
      call(PATHS.refundStatusV2, { paymentId, trxId }, refundStatusV2Schema, 'refund status'),
  };
}
