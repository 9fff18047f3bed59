import type { Context } from 'koa';
import { fromDecimalString } from '../../../domain/shared/money.js';
import { SealError, seal, unseal } from '../crypto.js';
import type { Sealed } from '../protocol.js';
import {
  API_VERSION,
  CLIENT_TYPES,
  CURRENCY_CODE,
  HEADERS,
  completePlaintextSchema,
  completeRequestSchema,
  dhakaDateTime,
  initializePlaintextSchema,
  initializeRequestSchema,
  parseDhakaDateTime,
} from '../protocol.js';
import type { z } from 'zod';
import { NagadRefusal } from './context.js';
import type { Merchant, Simulator } from './context.js';
import type { SimOrder } from './state.js';
import { newChallenge, newPaymentReferenceId, readApiBody } from './wire.js';

/** Initialize and complete, the two encrypted and signed calls of a checkout. */

/** How far a request's datetime may stray from the simulator's clock; Nagad's own window is undocumented. */
const DATETIME_TOLERANCE_MS = 10 * 60 * 1000;

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

/** The checkout's headers, which every Nagad merchant API checks alike (the disbursement simulator too). */
export function checkHeaders(ctx: Context): void {
  if (ctx.get(HEADERS.apiVersion) !== API_VERSION) {
    throw new NagadRefusal('INVALID_API_VERSION', `${HEADERS.apiVersion} must be ${API_VERSION}`);
  }
  if (!IPV4.test(ctx.get(HEADERS.clientIp))) {
    throw new NagadRefusal('INVALID_CLIENT_IP', `${HEADERS.clientIp} must be an IPv4 address`);
  }
  if (!(CLIENT_TYPES as readonly string[]).includes(ctx.get(HEADERS.clientType))) {
    throw new NagadRefusal(
      'INVALID_CLIENT_TYPE',
      `${HEADERS.clientType} must be one of ${CLIENT_TYPES.join(', ')}`,
    );
  }
  if (!ctx.is('application/json'))
    throw new NagadRefusal('INVALID_REQUEST', 'Content-Type must be application/json');
}

/** The plaintext of a merchant's sealed request, proven to come from that merchant. */
function openRequest<T>(simulator: Simulator, merchant: Merchant, sealed: Sealed, schema: z.ZodType<T>): T {
  let plaintext: string;
  try {
    plaintext = unseal(sealed, { decryptWith: simulator.pgPrivateKey, verifyWith: merchant.publicKey });
  } catch (error) {
    if (error instanceof SealError) throw new NagadRefusal('INVALID_SENSITIVE_DATA', error.message);
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(plaintext);
  } catch {
    throw new NagadRefusal('INVALID_SENSITIVE_DATA', 'sensitiveData does not decrypt to JSON');
  }
  const result = schema.safeParse(parsed);
  if (!result.success)
    throw new NagadRefusal('INVALID_SENSITIVE_DATA', 'sensitiveData misses required fields');
  return result.data;
}

/** An answer sealed to the merchant; the badSignature fault signs other bytes than it encrypts. */
function sealAnswer(simulator: Simulator, merchant: Merchant, answer: object, badSignature: boolean): Sealed {
  const plaintext = JSON.stringify(answer);
  const keys = { encryptTo: merchant.publicKey, signWith: simulator.pgPrivateKey };
  const sealed = seal(plaintext, keys);
  return badSignature ? { ...sealed, signature: seal(`${plaintext} `, keys).signature } : sealed;
}

export async function initialize(
  simulator: Simulator,
  ctx: Context,
  merchantId: string,
  orderId: string,
): Promise<Sealed> {
  checkHeaders(ctx);
  const body = await readApiBody(ctx, initializeRequestSchema);
  const merchant = simulator.merchants.get(merchantId);
  if (!merchant) throw new NagadRefusal('INVALID_MERCHANT', 'Merchant is not registered');
  if (body.accountNumber !== merchant.merchantMobile) {
    throw new NagadRefusal('INVALID_MERCHANT', 'accountNumber is not the merchant account');
  }
  const plaintext = openRequest(simulator, merchant, body, initializePlaintextSchema);
  if (plaintext.merchantId !== merchantId || plaintext.orderId !== orderId) {
    throw new NagadRefusal(
      'INVALID_SENSITIVE_DATA',
      'sensitiveData names another merchant or order than the URL',
    );
  }
  const datetime = parseDhakaDateTime(plaintext.datetime);
  if (
    plaintext.datetime !== body.dateTime ||
    datetime === null ||
    Math.abs(datetime.getTime() - simulator.now()) > DATETIME_TOLERANCE_MS
  ) {
    throw new NagadRefusal('INVALID_DATETIME', 'datetime is not the current Bangladesh time');
  }
  if (simulator.state.hasOrderId(merchantId, orderId)) {
    throw new NagadRefusal('DUPLICATE_ORDER_ID', 'orderId has already been used');
  }

  const order: SimOrder = {
    merchantId,
    orderId,
    paymentReferenceId: newPaymentReferenceId(merchantId, orderId, simulator.now()),
    challenge: newChallenge(),
    orderDateTime: plaintext.datetime,
    checkout: null,
    payment: null,
    abandoned: false,
  };
  simulator.state.addOrder(order);
  const answer = {
    paymentReferenceId: order.paymentReferenceId,
    challenge: order.challenge,
    acceptDateTime: dhakaDateTime(new Date(simulator.now())),
  };
  return sealAnswer(simulator, merchant, answer, simulator.faults.for(orderId).badSignature === true);
}

function amountMinorOf(amount: string): number {
  try {
    const minor = fromDecimalString(amount, 'BDT');
    if (minor > 0) return minor;
  } catch {
    // Refused below, as any other unreadable amount.
  }
  throw new NagadRefusal('INVALID_AMOUNT', 'amount must be a positive taka amount with at most two decimals');
}

function isWebUrl(value: string): boolean {
  return URL.canParse(value) && ['http:', 'https:'].includes(new URL(value).protocol);
}

export async function complete(
  simulator: Simulator,
  ctx: Context,
  paymentReferenceId: string,
): Promise<{ status: 'Success'; callBackUrl: string }> {
  checkHeaders(ctx);
  const body = await readApiBody(ctx, completeRequestSchema);
  const order = simulator.state.orders.get(paymentReferenceId);
  const merchant = order && simulator.merchants.get(order.merchantId);
  if (!order || !merchant)
    throw new NagadRefusal('INVALID_PAYMENT_REFERENCE', 'paymentReferenceId is unknown');
  const plaintext = openRequest(simulator, merchant, body, completePlaintextSchema);
  if (plaintext.merchantId !== order.merchantId || plaintext.orderId !== order.orderId) {
    throw new NagadRefusal('INVALID_SENSITIVE_DATA', 'sensitiveData names another merchant or order');
  }
  if (plaintext.challenge !== order.challenge) {
    throw new NagadRefusal('INVALID_CHALLENGE', 'challenge is not the one initialize issued');
  }
  if (plaintext.currencyCode !== CURRENCY_CODE) {
    throw new NagadRefusal('INVALID_CURRENCY', `currencyCode must be ${CURRENCY_CODE}`);
  }
  const amountMinor = amountMinorOf(plaintext.amount);
  if (!isWebUrl(body.merchantCallbackURL)) {
    throw new NagadRefusal('INVALID_CALLBACK_URL', 'merchantCallbackURL must be an http(s) URL');
  }
  if (order.checkout) throw new NagadRefusal('ALREADY_COMPLETED', 'This payment has already been completed');

  order.checkout = {
    amountMinor,
    merchantCallbackURL: body.merchantCallbackURL,
    additionalMerchantInfo: body.additionalMerchantInfo ?? null,
  };
  return { status: 'Success', callBackUrl: hostedPageUrl(simulator, order) };
}

export function hostedPageUrl(simulator: Simulator, order: SimOrder): string {
  return `${simulator.publicUrl}/check-out/${encodeURIComponent(order.paymentReferenceId)}`;
}
