import { fromDecimalString, isCurrency } from '../../../domain/shared/money.js';
import {
  PASS_THROUGH_FIELDS,
  PRODUCT_PROFILES,
  SESSION_REQUIRED_FIELDS,
  SHIPPING_METHODS,
  SHIPPING_REQUIRED_FIELDS,
  STORE_CREDENTIAL_ERROR,
} from '../protocol.js';
import type { Simulator } from './context.js';
import { authenticatedStore } from './context.js';
import type { SimSession } from './state.js';
import { newSessionKey } from './wire.js';

/** BDT limits of the session API, in minor units. */
const BDT_MIN_MINOR = 10_00;
const BDT_MAX_MINOR = 500_000_00;
const MAX_TRAN_ID_LENGTH = 30;
const MAX_PASS_THROUGH_LENGTH = 255;

type SessionResult = { ok: true; session: SimSession } | { ok: false; reason: string };

function missingField(params: Record<string, string>): string | null {
  const required: readonly string[] =
    params.shipping_method === 'YES'
      ? [...SESSION_REQUIRED_FIELDS, ...SHIPPING_REQUIRED_FIELDS]
      : SESSION_REQUIRED_FIELDS;
  return required.find((field) => (params[field] ?? '').trim() === '') ?? null;
}

function isHttpUrl(value: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

function invalidField(params: Record<string, string>): string | null {
  const urlFields = ['success_url', 'fail_url', 'cancel_url', ...(params.ipn_url ? ['ipn_url'] : [])];
  const badUrl = urlFields.find((field) => !isHttpUrl(params[field] ?? ''));
  if (badUrl) return `Invalid ${badUrl}: must be an http or https URL`;
  if (!(PRODUCT_PROFILES as readonly string[]).includes(params.product_profile ?? '')) {
    return `Invalid product_profile: must be one of ${PRODUCT_PROFILES.join(', ')}`;
  }
  if (!(SHIPPING_METHODS as readonly string[]).includes(params.shipping_method ?? '')) {
    return `Invalid shipping_method: must be one of ${SHIPPING_METHODS.join(', ')}`;
  }
  if ((params.tran_id ?? '').length > MAX_TRAN_ID_LENGTH) {
    return `Invalid tran_id: at most ${MAX_TRAN_ID_LENGTH} characters`;
  }
  const longValue = PASS_THROUGH_FIELDS.find(
    (field) => (params[field] ?? '').length > MAX_PASS_THROUGH_LENGTH,
  );
  if (longValue) return `Invalid ${longValue}: at most ${MAX_PASS_THROUGH_LENGTH} characters`;
  return null;
}

function parseAmount(params: Record<string, string>): { amountMinor: number } | { reason: string } {
  const currency = params.currency ?? '';
  if (!isCurrency(currency)) return { reason: `Invalid currency: ${currency} is not supported` };
  const raw = params.total_amount ?? '';
  let amountMinor: number;
  try {
    amountMinor = fromDecimalString(raw, currency);
  } catch {
    return { reason: `Invalid total_amount: ${raw} is not a valid amount` };
  }
  if (amountMinor <= 0) return { reason: 'Invalid total_amount: must be positive' };
  if (currency === 'BDT' && (amountMinor < BDT_MIN_MINOR || amountMinor > BDT_MAX_MINOR)) {
    return { reason: 'Invalid total_amount: must be between 10.00 and 500000.00 BDT' };
  }
  return { amountMinor };
}

export function createSession(simulator: Simulator, params: Record<string, string>): SessionResult {
  const storeId = authenticatedStore(simulator, params);
  if (storeId === null) return { ok: false, reason: STORE_CREDENTIAL_ERROR };
  const failure = simulator.faults.for(params.tran_id ?? null).sessionFailure;
  if (failure) return { ok: false, reason: failure };
  const missing = missingField(params);
  if (missing) return { ok: false, reason: `Invalid Information: ${missing} is required` };
  const invalid = invalidField(params);
  if (invalid) return { ok: false, reason: invalid };
  const amount = parseAmount(params);
  if ('reason' in amount) return { ok: false, reason: amount.reason };
  const tranId = params.tran_id as string;
  if (simulator.state.isPaid(storeId, tranId)) {
    return { ok: false, reason: `Duplicate tran_id: ${tranId} has already been paid` };
  }

  const sessionkey = newSessionKey();
  const session: SimSession = {
    sessionkey,
    storeId,
    tranId,
    amountMinor: amount.amountMinor,
    currency: params.currency as SimSession['currency'],
    productName: params.product_name as string,
    successUrl: params.success_url as string,
    failUrl: params.fail_url as string,
    cancelUrl: params.cancel_url as string,
    ipnUrl: params.ipn_url || null,
    passThrough: Object.fromEntries(PASS_THROUGH_FIELDS.map((field) => [field, params[field] ?? ''])),
    gatewayPageUrl: `${simulator.publicUrl}/EasyCheckOut/testcde${sessionkey.toLowerCase()}`,
    createdAt: new Date(),
    transaction: null,
  };
  simulator.state.addSession(session);
  return { ok: true, session };
}

/** The session API's answer, shaped like the sandbox's (a bKash-only store). */
export function sessionResponse(simulator: Simulator, result: SessionResult): Record<string, unknown> {
  if (!result.ok)
    return { status: 'FAILED', failedreason: result.reason, sessionkey: '', GatewayPageURL: '' };
  const { session } = result;
  const logo = `${simulator.publicUrl}/__simulator/assets/logo.svg`;
  return {
    status: 'SUCCESS',
    failedreason: '',
    sessionkey: session.sessionkey,
    gw: { visa: '', master: '', amex: '', othercards: '', internetbanking: '', mobilebanking: 'bkash' },
    redirectGatewayURL: session.gatewayPageUrl,
    directPaymentURLBank: '',
    directPaymentURLCard: '',
    directPaymentURL: '',
    redirectGatewayURLFailed: '',
    GatewayPageURL: session.gatewayPageUrl,
    storeBanner: logo,
    storeLogo: logo,
    store_name: session.storeId,
    desc: [
      {
        name: 'BKash',
        type: 'mobilebanking',
        logo,
        gw: 'bkash',
        r_flag: '1',
        redirectGatewayURL: session.gatewayPageUrl,
      },
    ],
    is_direct_pay_enable: '0',
  };
}
