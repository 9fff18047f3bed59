import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A bKash Tokenized Checkout sandbox written from bKash's published protocol alone (the gateway
 * reference, §2): the checkout API under `/v1.2.0-beta/tokenized/checkout/` and the current refund
 * API under `/v2/tokenized-checkout/refund/payment/`, every call a JSON POST. It shares nothing
 * with the product's own bKash simulator, so a test against it checks our client against bKash's
 * rules rather than against our own reading of them.
 *
 * The customer is not a page here: `approve`, `cancel` and `fail` are what the customer does in the
 * wallet, and each answers the URL bKash sends the browser back to.
 */

const CHECKOUT = '/v1.2.0-beta/tokenized/checkout';
const REFUND = '/v2/tokenized-checkout/refund/payment';

export const SANDBOX_PATHS = {
  grant: `${CHECKOUT}/token/grant`,
  refresh: `${CHECKOUT}/token/refresh`,
  create: `${CHECKOUT}/create`,
  execute: `${CHECKOUT}/execute`,
  status: `${CHECKOUT}/payment/status`,
  search: `${CHECKOUT}/general/searchTransaction`,
  refund: `${REFUND}/transaction`,
  refundStatus: `${REFUND}/status`,
} as const;
export type SandboxCall = keyof typeof SANDBOX_PATHS;

/** bKash's sandbox wallets: a regular one, and one without the balance to pay. */
export const SANDBOX_WALLETS = { regular: '01770618575', insufficientBalance: '01823074817' } as const;

/** What bKash's answers say, by code (bKash's wording, as its answers carry it in `statusMessage`). */
const ERRORS = {
  invalidAppKey: ['2001', 'Invalid App Key'],
  invalidPaymentId: ['2002', 'Invalid Payment ID'],
  invalidAmount: ['2006', 'Invalid amount'],
  insufficientBalance: ['2023', 'Insufficient Balance'],
  reversalTooLarge: ['2026', 'The reversal amount cannot be greater than the original transaction amount'],
  duplicate: ['2029', 'Duplicate for all transactions'],
  notFound: ['2033', 'Transaction not found'],
  invalidCallbackUrl: ['2049', 'Invalid Merchant Callback URL'],
  invalidPaymentState: ['2056', 'Invalid Payment State'],
  alreadyCompleted: ['2062', 'The payment has already been completed'],
  mandatoryFieldMissing: ['2065', 'Mandatory field missing'],
  executeCalledBefore: ['2117', 'Payment execution already been called before'],
} as const;
type BkashError = (typeof ERRORS)[keyof typeof ERRORS];

const SUCCESS = { statusCode: '0000', statusMessage: 'Successful' };
const TOKEN_LIFETIME_SECONDS = 3600;

/** Where the customer stands in the wallet; bKash's own `transactionStatus` stays `Initiated` throughout. */
type CustomerStep = 'AT_WALLET' | 'APPROVED' | 'CANCELLED' | 'FAILED';
type CallbackStatus = 'success' | 'failure' | 'cancel';

interface SandboxPayment {
  paymentID: string;
  amount: string;
  currency: string;
  intent: string;
  payerReference: string;
  merchantInvoiceNumber: string;
  callbackURL: string;
  paymentCreateTime: string;
  customer: CustomerStep;
  wallet: string | null;
  transactionStatus: 'Initiated' | 'Completed';
  trxID: string | null;
  paymentExecuteTime: string | null;
  executeCalls: number;
  /** The opaque 10 characters bKash appends to the return; one per payment and status. */
  signatures: Partial<Record<CallbackStatus, string>>;
}

interface SandboxRefund {
  refundTrxId: string;
  refundAmount: string;
  sku: string;
  completedTime: string;
}

/** What bKash answered a call: its code ("0000", "2056"…), "HTTP 503", or "dropped" (no answer at all). */
interface Answered {
  answered: string;
  /** The payment's `transactionStatus` in the answer, if it carried one. */
  transactionStatus: string | null;
}

export interface SandboxCallRecord extends Answered {
  /** The order calls arrived in. */
  seq: number;
  call: SandboxCall;
  /** The payment the call named (`paymentID`, or the refund API's `paymentId`). */
  paymentID: string | null;
}

export interface SandboxFaults {
  /** The next execute answers HTTP 503 and does nothing; every other call stays up. */
  executeUnavailableOnce: boolean;
  /** The next execute that completes a payment completes it, then its connection is dropped unanswered. */
  executeAnswerLost: boolean;
  /** The next execute that completes a payment captures this amount (e.g. "99.00") instead of the order's. */
  amountOnExecute: string | null;
  /** bKash answers a repeat execute with 2117 in current traffic; older answers said 2062. */
  repeatExecuteCode: '2117' | '2062';
}

const NO_FAULTS: SandboxFaults = {
  executeUnavailableOnce: false,
  executeAnswerLost: false,
  amountOnExecute: null,
  repeatExecuteCode: '2117',
};

/** Letters and digits, as bKash's ids are made of. */
function alphanumeric(length: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  return Array.from(randomBytes(length), (byte) => alphabet[byte % alphabet.length]).join('');
}

/** bKash's timestamps: "2024-07-25T19:35:17:574 GMT+0600" (Dhaka time, milliseconds after a colon). */
function bkashTime(at = new Date()): string {
  const dhaka = new Date(at.getTime() + 6 * 3_600_000).toISOString();
  return `${dhaka.slice(0, 19)}:${dhaka.slice(20, 23)} GMT+0600`;
}

/** A decimal amount in paisa, or null when it is not one ("100", "100.5", "100.50"). */
function paisaOf(amount: unknown): number | null {
  if (typeof amount !== 'string' || !/^\d+(\.\d{1,2})?$/.test(amount)) return null;
  const [taka = '0', fraction = ''] = amount.split('.');
  const paisa = Number(taka) * 100 + Number(fraction.padEnd(2, '0'));
  return paisa > 0 ? paisa : null;
}

const isUrl = (value: unknown) => typeof value === 'string' && /^https?:\/\/[^\s]+$/.test(value);

export async function startBkashPublishedSandbox() {
  const credentials = {
    username: `sandboxTokenizedUser${alphanumeric(4)}`,
    password: alphanumeric(16),
    appKey: alphanumeric(24),
    appSecret: alphanumeric(32),
  };
  const tokens = new Map<string, { expiresAt: number; revoked: boolean }>();
  const refreshTokens = new Set<string>();
  const payments = new Map<string, SandboxPayment>();
  const refunds = new Map<string, SandboxRefund[]>();
  const calls: SandboxCallRecord[] = [];
  let faults: SandboxFaults = { ...NO_FAULTS };
  let outageUntil = 0;

  const server = createServer((req, res) => {
    void serve(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  function answer(res: ServerResponse, httpStatus: number, body: Record<string, unknown>): Answered {
    res.writeHead(httpStatus, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
    const code = body.statusCode ?? body.externalCode ?? '0000';
    return {
      answered: httpStatus === 200 ? String(code) : `HTTP ${httpStatus}`,
      transactionStatus: typeof body.transactionStatus === 'string' ? body.transactionStatus : null,
    };
  }

  /** bKash refuses with HTTP 200 and its code in the envelope. */
  const refuse = (res: ServerResponse, [statusCode, statusMessage]: BkashError) =>
    answer(res, 200, { statusCode, statusMessage });

  /** The current refund API refuses in its own shape instead. */
  const refuseRefund = (res: ServerResponse, [code, message]: BkashError) =>
    answer(res, 200, {
      internalCode: code,
      externalCode: code,
      errorMessageEn: message,
      errorMessageBn: message,
    });

  /** An expired, revoked or unknown id_token: 401 and nothing done. */
  const unauthorized = (res: ServerResponse) => answer(res, 401, { message: 'Unauthorized' });

  const maintenance = (res: ServerResponse) =>
    answer(res, 503, {
      statusCode: '503',
      statusMessage: 'System is undergoing maintenance. Please try again later',
    });

  async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    try {
      const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      return parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
    } catch {
      return {};
    }
  }

  /** Token calls carry the merchant's username and password as headers, the app's key and secret in the body. */
  function merchantCredentialsMatch(req: IncomingMessage, body: Record<string, unknown>): boolean {
    return (
      req.headers.username === credentials.username &&
      req.headers.password === credentials.password &&
      body.app_key === credentials.appKey &&
      body.app_secret === credentials.appSecret
    );
  }

  function issueToken() {
    const idToken = `eyJ${alphanumeric(40)}`;
    const refreshToken = alphanumeric(32);
    tokens.set(idToken, { expiresAt: Date.now() + TOKEN_LIFETIME_SECONDS * 1000, revoked: false });
    refreshTokens.add(refreshToken);
    return {
      ...SUCCESS,
      id_token: idToken,
      token_type: 'Bearer',
      expires_in: TOKEN_LIFETIME_SECONDS,
      refresh_token: refreshToken,
    };
  }

  /** Checkout calls carry the id_token (bare, or after "Bearer ": bKash takes both) and the app key. */
  function tokenIsGood(req: IncomingMessage): boolean {
    const idToken = (req.headers.authorization ?? '').replace(/^Bearer\s+/i, '');
    const token = tokens.get(idToken);
    return token !== undefined && !token.revoked && Date.now() < token.expiresAt;
  }

  function paymentFields(payment: SandboxPayment) {
    return {
      paymentID: payment.paymentID,
      ...(payment.trxID && { trxID: payment.trxID }),
      transactionStatus: payment.transactionStatus,
      amount: payment.amount,
      currency: payment.currency,
      intent: payment.intent,
      merchantInvoiceNumber: payment.merchantInvoiceNumber,
      payerReference: payment.payerReference,
      ...(payment.paymentExecuteTime && { paymentExecuteTime: payment.paymentExecuteTime }),
      ...(payment.wallet && payment.trxID && { customerMsisdn: payment.wallet }),
    };
  }

  /** The callbackURL with bKash's fields appended; the merchant's own query is kept. */
  function callbackUrl(payment: SandboxPayment, status: CallbackStatus): string {
    const joiner = payment.callbackURL.includes('?') ? '&' : '?';
    return `${payment.callbackURL}${joiner}paymentID=${payment.paymentID}&status=${status}`;
  }

  /**
   * Where bKash sends the browser back: the callback URL plus an undocumented 10-character
   * `signature` and `apiVersion=1.2.0-beta/` (trailing slash and all), as recent traffic shows.
   */
  function callbackFor(paymentID: string, status: CallbackStatus): string {
    const payment = paymentOf(paymentID);
    const signature = (payment.signatures[status] ??= alphanumeric(10));
    return `${callbackUrl(payment, status)}&signature=${signature}&apiVersion=1.2.0-beta/`;
  }

  function create(res: ServerResponse, body: Record<string, unknown>) {
    const required = [
      'mode',
      'payerReference',
      'callbackURL',
      'amount',
      'currency',
      'intent',
      'merchantInvoiceNumber',
    ];
    if (required.some((field) => typeof body[field] !== 'string' || body[field] === '')) {
      return refuse(res, ERRORS.mandatoryFieldMissing);
    }
    if (paisaOf(body.amount) === null) return refuse(res, ERRORS.invalidAmount);
    if (!isUrl(body.callbackURL)) return refuse(res, ERRORS.invalidCallbackUrl);
    const payment: SandboxPayment = {
      paymentID: `TR0011${alphanumeric(15)}`,
      amount: body.amount as string,
      currency: body.currency as string,
      intent: body.intent as string,
      payerReference: body.payerReference as string,
      merchantInvoiceNumber: body.merchantInvoiceNumber as string,
      callbackURL: body.callbackURL as string,
      paymentCreateTime: bkashTime(),
      customer: 'AT_WALLET',
      wallet: null,
      transactionStatus: 'Initiated',
      trxID: null,
      paymentExecuteTime: null,
      executeCalls: 0,
      signatures: {},
    };
    payments.set(payment.paymentID, payment);
    return answer(res, 200, {
      ...SUCCESS,
      paymentID: payment.paymentID,
      bkashURL: `${url}/redirect/tokenized/?paymentID=${payment.paymentID}&mode=0011&apiVersion=v1.2.0-beta`,
      callbackURL: payment.callbackURL,
      successCallbackURL: callbackUrl(payment, 'success'),
      failureCallbackURL: callbackUrl(payment, 'failure'),
      cancelledCallbackURL: callbackUrl(payment, 'cancel'),
      amount: payment.amount,
      intent: payment.intent,
      currency: payment.currency,
      paymentCreateTime: payment.paymentCreateTime,
      transactionStatus: payment.transactionStatus,
      merchantInvoiceNumber: payment.merchantInvoiceNumber,
    });
  }

  /**
   * bKash executes a payment once, and only one the customer approved in the wallet: before that,
   * or after a cancel or failure, it is 2056; a second execute is 2117.
   */
  function execute(req: IncomingMessage, res: ServerResponse, payment: SandboxPayment | undefined) {
    if (faults.executeUnavailableOnce) {
      faults.executeUnavailableOnce = false;
      return maintenance(res);
    }
    if (!payment) return refuse(res, ERRORS.invalidPaymentId);
    payment.executeCalls += 1;
    if (payment.transactionStatus === 'Completed') {
      return refuse(
        res,
        faults.repeatExecuteCode === '2062' ? ERRORS.alreadyCompleted : ERRORS.executeCalledBefore,
      );
    }
    if (payment.customer !== 'APPROVED') return refuse(res, ERRORS.invalidPaymentState);
    if (payment.wallet === SANDBOX_WALLETS.insufficientBalance)
      return refuse(res, ERRORS.insufficientBalance);
    payment.transactionStatus = 'Completed';
    payment.trxID = alphanumeric(10);
    payment.paymentExecuteTime = bkashTime();
    if (faults.amountOnExecute !== null) {
      payment.amount = faults.amountOnExecute;
      faults.amountOnExecute = null;
    }
    if (faults.executeAnswerLost) {
      faults.executeAnswerLost = false;
      req.socket.destroy();
      return { answered: 'dropped', transactionStatus: payment.transactionStatus };
    }
    return answer(res, 200, { ...SUCCESS, ...paymentFields(payment) });
  }

  function search(res: ServerResponse, trxID: unknown) {
    const payment = [...payments.values()].find(
      (candidate) => candidate.trxID !== null && candidate.trxID === trxID,
    );
    if (!payment) return refuse(res, ERRORS.notFound);
    return answer(res, 200, {
      ...SUCCESS,
      trxID: payment.trxID,
      transactionStatus: payment.transactionStatus,
      transactionType: 'bKash Tokenized Checkout via API',
      amount: payment.amount,
      currency: payment.currency,
      customerMsisdn: payment.wallet,
      organizationShortCode: '50022',
      initiationTime: payment.paymentCreateTime,
      completedTime: payment.paymentExecuteTime,
    });
  }

  /** The payment a refund call names by paymentId and trxId, if it was completed with that trxId. */
  function refundedPayment(body: Record<string, unknown>): SandboxPayment | null {
    const payment = payments.get(String(body.paymentId));
    return payment && payment.trxID !== null && payment.trxID === body.trxId ? payment : null;
  }

  /** Refunds add up to the original amount at most; our sku repeated is a duplicate, never a second refund. */
  function refund(res: ServerResponse, body: Record<string, unknown>) {
    const payment = refundedPayment(body);
    if (!payment) return refuseRefund(res, ERRORS.notFound);
    if (payment.transactionStatus !== 'Completed') return refuseRefund(res, ERRORS.invalidPaymentState);
    const asked = paisaOf(body.refundAmount);
    if (asked === null) return refuseRefund(res, ERRORS.invalidAmount);
    if (typeof body.sku !== 'string' || body.sku === '' || typeof body.reason !== 'string') {
      return refuseRefund(res, ERRORS.mandatoryFieldMissing);
    }
    const earlier = refunds.get(payment.trxID!) ?? [];
    if (earlier.some((made) => made.sku === body.sku)) return refuseRefund(res, ERRORS.duplicate);
    const refunded = earlier.reduce((sum, made) => sum + paisaOf(made.refundAmount)!, 0);
    if (refunded + asked > paisaOf(payment.amount)!) return refuseRefund(res, ERRORS.reversalTooLarge);
    const made: SandboxRefund = {
      refundTrxId: alphanumeric(10),
      refundAmount: body.refundAmount as string,
      sku: body.sku,
      completedTime: bkashTime(),
    };
    refunds.set(payment.trxID!, [...earlier, made]);
    return answer(res, 200, {
      originalTrxId: payment.trxID,
      refundTrxId: made.refundTrxId,
      refundTransactionStatus: 'Completed',
      refundAmount: made.refundAmount,
      completedTime: made.completedTime,
    });
  }

  /** Every refund of the transaction, oldest first. */
  function refundStatus(res: ServerResponse, body: Record<string, unknown>) {
    const payment = refundedPayment(body);
    if (!payment) return refuseRefund(res, ERRORS.notFound);
    return answer(res, 200, {
      originalTrxId: payment.trxID,
      originalTrxAmount: payment.amount,
      originalTrxCompletedTime: payment.paymentExecuteTime,
      refundTransactions: (refunds.get(payment.trxID!) ?? []).map((made) => ({
        refundTrxId: made.refundTrxId,
        refundTransactionStatus: 'Completed',
        refundAmount: made.refundAmount,
        completedTime: made.completedTime,
      })),
    });
  }

  /** One API call, once the outage, the path and the token have let it through. Answers the HTTP status sent. */
  function handle(
    call: SandboxCall,
    req: IncomingMessage,
    res: ServerResponse,
    body: Record<string, unknown>,
  ) {
    if (call === 'grant' || call === 'refresh') {
      if (!merchantCredentialsMatch(req, body)) return unauthorized(res);
      if (call === 'refresh' && !refreshTokens.has(String(body.refresh_token))) return unauthorized(res);
      return answer(res, 200, issueToken());
    }
    if (!tokenIsGood(req)) return unauthorized(res);
    if (req.headers['x-app-key'] !== credentials.appKey) return refuse(res, ERRORS.invalidAppKey);
    const payment = payments.get(String(body.paymentID));
    switch (call) {
      case 'create':
        return create(res, body);
      case 'execute':
        return execute(req, res, payment);
      case 'status':
        return payment
          ? answer(res, 200, { ...SUCCESS, ...paymentFields(payment) })
          : refuse(res, ERRORS.invalidPaymentId);
      case 'search':
        return search(res, body.trxID);
      case 'refund':
        return refund(res, body);
      case 'refundStatus':
        return refundStatus(res, body);
    }
  }

  async function serve(req: IncomingMessage, res: ServerResponse) {
    const path = new URL(req.url ?? '/', url).pathname;
    if (req.method === 'GET' && path === '/redirect/tokenized/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<!doctype html><title>bKash</title><p>Enter your bKash wallet number, OTP and PIN.</p>');
      return;
    }
    const call = (Object.keys(SANDBOX_PATHS) as SandboxCall[]).find((name) => SANDBOX_PATHS[name] === path);
    const body = await readJson(req);
    // The checkout API names a payment `paymentID`, the refund API `paymentId`.
    const paymentID = String(body.paymentID ?? body.paymentId ?? '') || null;
    if (!call || req.method !== 'POST') {
      answer(res, 404, { message: 'Not Found' });
      return;
    }
    // During an outage bKash answers 503 to everything, tokens included.
    const answered = Date.now() < outageUntil ? maintenance(res) : handle(call, req, res, body);
    calls.push({ seq: calls.length, call, paymentID, ...answered });
  }

  function paymentOf(paymentID: string): SandboxPayment {
    const payment = payments.get(paymentID);
    if (!payment) throw new Error(`no bKash payment ${paymentID}`);
    return payment;
  }

  /** The customer leaves the wallet: bKash keeps the payment `Initiated`, and sends the browser back. */
  function leave(paymentID: string, step: 'CANCELLED' | 'FAILED', status: CallbackStatus): string {
    const payment = paymentOf(paymentID);
    if (payment.transactionStatus !== 'Initiated')
      throw new Error(`${paymentID} is ${payment.transactionStatus}`);
    payment.customer = step;
    return callbackFor(paymentID, status);
  }

  return {
    url,
    /** The merchant account's username, password, app key and secret. */
    credentials,

    /** The customer enters wallet, OTP and PIN and confirms: execute may now complete the payment. */
    approve(paymentID: string, wallet: string = SANDBOX_WALLETS.regular): string {
      const payment = paymentOf(paymentID);
      if (payment.customer !== 'AT_WALLET')
        throw new Error(`${paymentID}: the customer already ${payment.customer}`);
      payment.customer = 'APPROVED';
      payment.wallet = wallet;
      return callbackFor(paymentID, 'success');
    },
    cancel: (paymentID: string) => leave(paymentID, 'CANCELLED', 'cancel'),
    fail: (paymentID: string) => leave(paymentID, 'FAILED', 'failure'),
    /** The return a browser would bring for `status`, without the customer doing anything (a forged one). */
    callbackFor,

    /** The paymentID bKash gave the checkout of our reference (its merchantInvoiceNumber). */
    paymentIdFor(merchantInvoiceNumber: string): string {
      const found = [...payments.values()].find(
        (payment) => payment.merchantInvoiceNumber === merchantInvoiceNumber,
      );
      if (!found) throw new Error(`no bKash payment for ${merchantInvoiceNumber}`);
      return found.paymentID;
    },
    /** The payment as bKash holds it. */
    payment: (paymentID: string) => ({ ...paymentOf(paymentID) }),
    /** Every refund bKash made of a transaction. */
    refundsOf: (trxID: string) => [...(refunds.get(trxID) ?? [])],

    /** Calls made to `call`, of one payment when named, with what each was answered. */
    callsTo: (call: SandboxCall, paymentID?: string) =>
      calls.filter((made) => made.call === call && (paymentID === undefined || made.paymentID === paymentID)),

    /** Arms faults for the calls to come (see SandboxFaults). */
    arm(armed: Partial<SandboxFaults>) {
      faults = { ...faults, ...armed };
    },
    /** Every fault off again, and any outage over. */
    disarm() {
      faults = { ...NO_FAULTS };
      outageUntil = 0;
    },
    /** Every API answers 503 for `ms`. */
    outage(ms: number) {
      outageUntil = Date.now() + ms;
    },
    /** Every id_token issued so far is refused with 401 from now on; new grants work. */
    expireTokens() {
      for (const token of tokens.values()) token.revoked = true;
    },

    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type BkashPublishedSandbox = Awaited<ReturnType<typeof startBkashPublishedSandbox>>;
