import type { RequestListener, Server } from 'node:http';
import { createBkashGateway } from '../../../gateways/bkash/client.js';
import type { BkashGatewayOptions } from '../../../gateways/bkash/client.js';
import type { Config } from '../../../platform/config/index.js';
import { encodePaymentKey } from '../../../gateways/bkash/mapping.js';
import { bkashModule } from '../../../gateways/bkash/module.js';
import { createBkashSimulator } from '../../../gateways/bkash/simulator/app.js';
import type { BkashSimulator } from '../../../gateways/bkash/simulator/app.js';
import type {
  CheckoutGateway,
  GatewaySessionRequest,
  GatewayTransaction,
  NeutralCallback,
} from '../../../gateways/types.js';
import { ConfirmationNotThrough, GatewayError } from '../../../gateways/types.js';
import { listen } from '../../helpers/local-server.js';

const MERCHANT = {
  username: 'oipay_bkash_test',
  password: 'oipay_bkash_test_password',
  appKey: 'oipay_bkash_test_app_key',
  appSecret: 'oipay_bkash_test_app_secret',
};
/** A second merchant whose tokens no other test touches, for counting grants. */
const COUNTED = { ...MERCHANT, username: 'oipay_bkash_counted', appKey: 'oipay_bkash_counted_app_key' };

let simulator: BkashSimulator;
let server: Server;
let simulatorUrl: string;
let gateway: CheckoutGateway;
let counter = 0;

function gatewayFor(overrides: Partial<BkashGatewayOptions> = {}): CheckoutGateway {
  return createBkashGateway({ baseUrl: simulatorUrl, ...MERCHANT, timeoutMs: 5_000, ...overrides });
}

beforeAll(async () => {
  // The public URL is only known once the port is, so the listener is attached after listening.
  let handler: RequestListener = (_req, res) => res.end();
  ({ server, url: simulatorUrl } = await listen((req, res) => handler(req, res)));
  simulator = createBkashSimulator({ publicUrl: simulatorUrl, merchants: [MERCHANT, COUNTED] });
  handler = simulator.callback();
  gateway = gatewayFor();
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => simulator.reset());

function sessionRequest(overrides: Partial<GatewaySessionRequest> = {}): GatewaySessionRequest {
  counter += 1;
  return {
    reference: `pay_${Date.now()}_${counter}`,
    amountMinor: 500_50,
    currency: 'BDT',
    productName: 'Exam fee',
    customer: { name: 'Rahim', phone: null },
    successUrl: 'https://merchant.example/return/bkash',
    failUrl: 'https://merchant.example/return/bkash',
    cancelUrl: 'https://merchant.example/return/bkash',
    ipnUrl: 'https://merchant.example/ipn/bkash',
    ...overrides,
  };
}

type Json = Record<string, unknown>;

async function control<T = Json>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${simulatorUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** What the customer does on bKash's page; answers the callback URL the browser is sent to. */
async function customer(paymentId: string, choice: string): Promise<string> {
  const { callbackUrl } = await control<{ callbackUrl: string }>(
    'POST',
    `/__simulator/payments/${paymentId}/complete`,
    { choice },
  );
  return callbackUrl;
}

function callbackFrom(gatewayUnderTest: CheckoutGateway, callbackUrl: string): NeutralCallback {
  const query = Object.fromEntries(new URL(callbackUrl).searchParams);
  const verdict = gatewayUnderTest.parseInbound({
    kind: 'BROWSER_RETURN',
    query,
    form: {},
    headers: {},
    rawBody: '',
  });
  if (!verdict.accepted) throw new Error(`callback refused: ${verdict.reason}`);
  return verdict.callback;
}

async function paymentRecord(paymentId: string): Promise<Json> {
  return control('GET', `/__simulator/payments/${paymentId}`);
}

/** Open a checkout, let the customer choose, and confirm the callback the browser brings back. */
async function pay(choice: string, request = sessionRequest()) {
  const session = await gateway.openSession(request);
  const callback = callbackFrom(gateway, await customer(session.sessionKey, choice));
  const transaction = await gateway.confirm(callback, session.sessionKey);
  return { request, session, callback, transaction };
}

async function rejection(promise: Promise<unknown>): Promise<GatewayError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(GatewayError);
  return error as GatewayError;
}

describe('bKash checkout against the simulator', () => {
  it('pays end to end through the hosted page: one execute, SUCCEEDED with trxID and amount', async () => {
    const request = sessionRequest({ customer: { phone: '01770618575' } });
    const session = await gateway.openSession(request);
    expect(session.sessionKey).toMatch(/^TR0011/);
    expect(gateway.isHostedPage(session.redirectUrl)).toBe(true);

    const page = await fetch(session.redirectUrl);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('500.50 BDT');
    const hash = new URL(session.redirectUrl).searchParams.get('hash') ?? '';
    // The page's own form, as a browser without JavaScript submits it.
    const submitted = await fetch(`${simulatorUrl}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ paymentId: session.sessionKey, hash, choice: 'success' }),
      redirect: 'manual',
    });
    expect(submitted.status).toBe(303);
    const callbackUrl = submitted.headers.get('location') ?? '';
    const returned = new URL(callbackUrl);
    expect(returned.origin + returned.pathname).toBe(request.successUrl);
    expect(returned.searchParams.get('signature')).toMatch(/^[A-Za-z0-9]{10}$/);
    expect(returned.searchParams.get('apiVersion')).toBe('1.2.0-beta/');

    const callback = callbackFrom(gateway, callbackUrl);
    expect(callback).toEqual({
      reference: request.reference,
      claimedStatus: 'success',
      confirmationKey: session.sessionKey,
      unsignedOutcome: 'SUCCEEDED',
    });
    const transaction = await gateway.confirm(callback, session.sessionKey);
    const record = await paymentRecord(session.sessionKey);
    expect(transaction).toMatchObject({
      outcome: 'SUCCEEDED',
      gatewayStatus: 'Completed',
      reference: request.reference,
      amountMinor: 500_50,
      currency: 'BDT',
      validationId: session.sessionKey,
      gatewayTransactionId: record.trxID,
    });
    expect(record.executeCalls).toBe(1);
    expect(record.payerReference).toBe('01770618575');
    await expect(gateway.query(request.reference, session.sessionKey)).resolves.toMatchObject({
      outcome: 'SUCCEEDED',
      gatewayTransactionId: record.trxID,
    });
  });

  it('reports a failed payment without executing it', async () => {
    const { session, callback, transaction } = await pay('failure');
    expect(callback.claimedStatus).toBe('failure');
    expect(transaction.outcome).toBe('FAILED');
    expect((await paymentRecord(session.sessionKey)).executeCalls).toBe(0);
  });

  it('reports a cancelled payment without executing it', async () => {
    const { session, callback, transaction } = await pay('cancel');
    expect(callback.claimedStatus).toBe('cancel');
    expect(transaction).toMatchObject({ outcome: 'CANCELLED', gatewayTransactionId: null });
    expect((await paymentRecord(session.sessionKey)).executeCalls).toBe(0);
  });

  it('reports insufficient balance as a failed payment after the one execute', async () => {
    const { session, transaction } = await pay('insufficient');
    expect(transaction.outcome).toBe('FAILED');
    expect(transaction.raw.executeError).toContain('2023');
    expect((await paymentRecord(session.sessionKey)).executeCalls).toBe(1);
  });

  it.each(['504', 'close'] as const)(
    'recovers a payment whose execute answer was lost (%s) through payment/status',
    async (how) => {
      const request = sessionRequest();
      await control('PUT', '/__simulator/faults', {
        merchantInvoiceNumber: request.reference,
        faults: { executeAnswerLost: how },
      });
      const { session, transaction } = await pay('success', request);
      const record = await paymentRecord(session.sessionKey);
      expect(transaction).toMatchObject({ outcome: 'SUCCEEDED', gatewayTransactionId: record.trxID });
      expect(record.executeCalls).toBe(1);
    },
  );

  it('makes an execute that met a one-off 503 again: the first confirm asks for a retry, the next pays', async () => {
    const request = sessionRequest();
    await control('PUT', '/__simulator/faults', {
      merchantInvoiceNumber: request.reference,
      faults: { executeUnavailableOnce: true },
    });
    const session = await gateway.openSession(request);
    const callback = callbackFrom(gateway, await customer(session.sessionKey, 'success'));
    const first = await rejection(gateway.confirm(callback, session.sessionKey));
    expect(first).toBeInstanceOf(ConfirmationNotThrough);
    expect(first.code).toBe('GATEWAY_UNAVAILABLE');
    expect(await paymentRecord(session.sessionKey)).toMatchObject({ status: 'Initiated', executeCalls: 1 });

    const second = await gateway.confirm(callback, session.sessionKey);
    const record = await paymentRecord(session.sessionKey);
    expect(second).toMatchObject({ outcome: 'SUCCEEDED', gatewayTransactionId: record.trxID });
    expect(record.executeCalls).toBe(2);
  });

  it("a refused execute (2056) is bKash's word, not a reason to execute again", async () => {
    const request = sessionRequest();
    await control('PUT', '/__simulator/faults', {
      merchantInvoiceNumber: request.reference,
      faults: { executeUnavailableOnce: true },
    });
    const session = await gateway.openSession(request);
    // Nobody approved: the 503 is spent on the first try, the second is refused and read from status.
    const forged = {
      reference: request.reference,
      claimedStatus: 'success',
      confirmationKey: session.sessionKey,
    };
    await expect(gateway.confirm(forged, session.sessionKey)).rejects.toBeInstanceOf(ConfirmationNotThrough);
    const refused = await gateway.confirm(forged, session.sessionKey);
    expect(refused.outcome).toBe('PENDING');
    expect(refused.raw.executeError).toContain('2056');
  });

  it.each(['cancel', 'failure'])(
    'with cancelKeepsInitiated, a %s on the page sends the browser back while status stays Initiated',
    async (choice) => {
      const request = sessionRequest();
      await control('PUT', '/__simulator/faults', {
        merchantInvoiceNumber: request.reference,
        faults: { cancelKeepsInitiated: true },
      });
      const session = await gateway.openSession(request);
      const callback = callbackFrom(gateway, await customer(session.sessionKey, choice));
      expect(callback.claimedStatus).toBe(choice);
      const transaction = await gateway.confirm(callback, session.sessionKey);
      expect(transaction).toMatchObject({ outcome: 'PENDING', gatewayStatus: 'Initiated' });
      // The page is decided all the same: the customer cannot choose again.
      const again = await fetch(`${simulatorUrl}/__simulator/payments/${session.sessionKey}/complete`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ choice: 'success' }),
      });
      expect(again.status).toBe(409);
    },
  );

  it('reads "execution already called" (2117) on a second confirm as the payment it is', async () => {
    const { session, callback, transaction: first } = await pay('success');
    const second = await gateway.confirm(callback, session.sessionKey);
    expect(second).toMatchObject({ outcome: 'SUCCEEDED', gatewayTransactionId: first.gatewayTransactionId });
    expect(second.raw.executeError).toContain('2117');
    expect((await paymentRecord(session.sessionKey)).executeCalls).toBe(2);
  });

  it('does not succeed on a forged success callback for a payment nobody approved (2056)', async () => {
    const request = sessionRequest();
    const session = await gateway.openSession(request);
    const forged = {
      reference: request.reference,
      claimedStatus: 'success',
      confirmationKey: session.sessionKey,
    };
    const transaction = await gateway.confirm(forged, session.sessionKey);
    expect(transaction.outcome).toBe('PENDING');
    expect(transaction.raw.executeError).toContain('2056');

    // The customer may still approve afterwards; a later genuine callback then pays.
    const callback = callbackFrom(gateway, await customer(session.sessionKey, 'success'));
    await expect(gateway.confirm(callback, session.sessionKey)).resolves.toMatchObject({
      outcome: 'SUCCEEDED',
    });
  });

  it('does not succeed on a forged success callback after the customer cancelled', async () => {
    const request = sessionRequest();
    const session = await gateway.openSession(request);
    await customer(session.sessionKey, 'cancel');
    const forged = {
      reference: request.reference,
      claimedStatus: 'success',
      confirmationKey: session.sessionKey,
    };
    const transaction = await gateway.confirm(forged, session.sessionKey);
    expect(transaction.outcome).toBe('CANCELLED');
    expect(transaction.raw.executeError).toContain('2056');
  });

  it('names the real payment when a forged callback pairs its paymentID with another reference', async () => {
    const { session } = await pay('success');
    const forged = {
      reference: 'pay_someone_else',
      claimedStatus: 'cancel',
      confirmationKey: session.sessionKey,
    };
    const transaction: GatewayTransaction = await gateway.confirm(forged, null);
    expect(transaction.reference).not.toBe('pay_someone_else');
  });

  it('refuses amounts bKash does not take and a quick repeat of the same payment (2029)', async () => {
    const belowMinimum = await rejection(gateway.openSession(sessionRequest({ amountMinor: 50 })));
    expect(belowMinimum).toMatchObject({ code: 'GATEWAY_REJECTED', details: { bkashCode: '2006' } });

    await control('PUT', '/__simulator/faults', { faults: { duplicateWithinMs: 60_000 } });
    const request = sessionRequest();
    await gateway.openSession(request);
    const repeat = await rejection(gateway.openSession(request));
    expect(repeat).toMatchObject({ code: 'GATEWAY_REJECTED', details: { bkashCode: '2029' } });
  });

  it('answers GATEWAY_UNAVAILABLE during an outage, and works again after it', async () => {
    await control('PUT', '/__simulator/outage', { forMs: 60_000 });
    const error = await rejection(gateway.openSession(sessionRequest()));
    expect(error.code).toBe('GATEWAY_UNAVAILABLE');
    await control('PUT', '/__simulator/outage', { forMs: null });
    await expect(gateway.openSession(sessionRequest())).resolves.toHaveProperty('sessionKey');
  });

  it('answers GATEWAY_REJECTED for wrong credentials', async () => {
    const wrongPassword = gatewayFor({ password: 'wrong' });
    await expect(rejection(wrongPassword.openSession(sessionRequest()))).resolves.toMatchObject({
      code: 'GATEWAY_REJECTED',
    });
    const wrongSecret = gatewayFor({ appSecret: 'wrong' });
    await expect(rejection(wrongSecret.openSession(sessionRequest()))).resolves.toMatchObject({
      code: 'GATEWAY_REJECTED',
      details: { bkashCode: '2001' },
    });
  });

  it('only trusts pages on the simulator origin', () => {
    expect(gateway.isHostedPage(`${simulatorUrl}/?paymentId=TR0011AB1`)).toBe(true);
    expect(gateway.isHostedPage('https://evil.example/?paymentId=TR0011AB1')).toBe(false);
    expect(gateway.isHostedPage('not a url')).toBe(false);
    const live = createBkashGateway({ baseUrl: 'https://tokenized.pay.bka.sh', ...MERCHANT });
    expect(live.isHostedPage('https://payment.bkash.com/?paymentId=TR0011AB1')).toBe(true);
    expect(live.isHostedPage('https://tokenized.pay.bka.sh/')).toBe(false);
  });
});

describe('bKash tokens', () => {
  it('shares one grant among concurrent calls, and re-grants once after expiry mid-flight', async () => {
    const counted = gatewayFor(COUNTED);
    const sessions = await Promise.all([1, 2, 3, 4, 5].map(() => counted.openSession(sessionRequest())));
    expect(simulator.state.grantCount(COUNTED.username)).toBe(1);

    await control('POST', '/__simulator/tokens/expire');
    const transactions = await Promise.all(
      sessions.map((session) => counted.query('ignored', session.sessionKey)),
    );
    expect(transactions.map((transaction) => transaction.outcome)).toEqual(Array(5).fill('PENDING'));
    expect(simulator.state.grantCount(COUNTED.username)).toBe(2);
  });

  it('refreshes a token shortly before it expires instead of granting anew', async () => {
    let clockMs = Date.now();
    const counted = gatewayFor({ ...COUNTED, now: () => clockMs });
    const session = await counted.openSession(sessionRequest());
    clockMs += 3_590_000;
    await counted.query('ignored', session.sessionKey);
    const issues = simulator.state.tokenIssues.filter((issue) => issue.username === COUNTED.username);
    expect(issues.map((issue) => issue.kind)).toEqual(['grant', 'refresh']);
  });
});

/** A paid payment at the simulator and the key a refund names it by. */
async function paid(amountMinor = 500_50) {
  const { session, transaction } = await pay('success', sessionRequest({ amountMinor }));
  const key = encodePaymentKey({
    paymentId: session.sessionKey,
    trxId: transaction.gatewayTransactionId ?? '',
  });
  return { session, transaction, key };
}

function refundOf(key: string, amountMinor: number, refundReference = `rf_${Date.now()}_${++counter}`) {
  return {
    gatewayTransactionId: key,
    refundReference,
    amountMinor,
    currency: 'BDT' as const,
    remarks: 'Duplicate',
  };
}

/** The refunds the simulated bKash holds for a payment. */
async function refundsAtBkash(paymentId: string) {
  return (await paymentRecord(paymentId)).refunds as Array<{
    refundTrxID: string;
    api: string;
    amount: string;
    sku: string;
    status: string;
  }>;
}

async function faultFor(paymentId: string, faults: Record<string, unknown>) {
  const reference = (await paymentRecord(paymentId)).merchantInvoiceNumber as string;
  await control('PUT', '/__simulator/faults', { merchantInvoiceNumber: reference, faults });
}

describe('bKash refunds through the current refund API (v2, the default)', () => {
  it('posts to /v2/tokenized-checkout/refund/payment/transaction on the API host, in its own field names', async () => {
    const calls: Array<{ url: string; body: Record<string, string> }> = [];
    const recording: typeof fetch = (input, init) => {
      calls.push({ url: String(input), body: JSON.parse(String(init?.body ?? '{}')) });
      return fetch(input, init);
    };
    const { session, transaction, key } = await paid();
    const request = refundOf(key, 50_00);
    const result = await gatewayFor({ transport: recording }).refund(request);
    expect(result).toMatchObject({ status: 'SUCCEEDED', reason: null });

    const refundCall = calls.find((call) => call.url.includes('/refund/'));
    expect(refundCall?.url).toBe(`${simulatorUrl}/v2/tokenized-checkout/refund/payment/transaction`);
    expect(refundCall?.body).toEqual({
      paymentId: session.sessionKey,
      trxId: transaction.gatewayTransactionId,
      refundAmount: '50.00',
      sku: request.refundReference,
      reason: 'Duplicate',
    });
    expect(await refundsAtBkash(session.sessionKey)).toEqual([
      expect.objectContaining({
        refundTrxID: result.gatewayRefundId,
        api: 'v2',
        sku: request.refundReference,
      }),
    ]);
  });

  it('refunds in parts, each read by its own refundTrxId from the list of every refund, and refuses going over', async () => {
    const { session, key } = await paid(100_00);
    await faultFor(session.sessionKey, { refundPending: true });
    const first = await gateway.refund(refundOf(key, 30_00));
    const second = await gateway.refund(refundOf(key, 50_00));
    // Taken, not yet done: each comes back with bKash's id to ask about it by.
    expect([first.status, second.status]).toEqual(['PROCESSING', 'PROCESSING']);
    expect(first.gatewayRefundId).not.toBe(second.gatewayRefundId);

    // The first is asked about after the second was made: it is still the first that answers.
    const firstNow = await gateway.queryRefund({
      gatewayRefundId: first.gatewayRefundId!,
      gatewayTransactionId: key,
    });
    const secondNow = await gateway.queryRefund({
      gatewayRefundId: second.gatewayRefundId!,
      gatewayTransactionId: key,
    });
    expect(firstNow).toMatchObject({ status: 'SUCCEEDED', gatewayRefundId: first.gatewayRefundId });
    expect(firstNow.raw).toMatchObject({ refundAmount: '30.00' });
    expect(secondNow).toMatchObject({ status: 'SUCCEEDED', gatewayRefundId: second.gatewayRefundId });
    expect(secondNow.raw).toMatchObject({ refundAmount: '50.00' });

    const over = await gateway.refund(refundOf(key, 20_01));
    expect(over).toMatchObject({ status: 'FAILED', gatewayRefundId: null });
    expect(over.reason).toContain('2072');
    const rest = await gateway.refund(refundOf(key, 20_00));
    expect(rest).toMatchObject({ status: 'PROCESSING', gatewayRefundId: expect.any(String) });
    expect((await refundsAtBkash(session.sessionKey)).map((refund) => refund.amount)).toEqual([
      '30.00',
      '50.00',
      '20.00',
    ]);
  });

  it('never answers for a refund the list does not name, nor without an id', async () => {
    const { key } = await paid();
    await gateway.refund(refundOf(key, 10_00));
    await expect(
      rejection(gateway.queryRefund({ gatewayRefundId: 'NOTOURS000', gatewayTransactionId: key })),
    ).resolves.toMatchObject({ code: 'GATEWAY_PROTOCOL_ERROR' });
    await expect(
      rejection(gateway.queryRefund({ gatewayRefundId: '', gatewayTransactionId: key })),
    ).resolves.toMatchObject({ code: 'GATEWAY_PROTOCOL_ERROR' });
  });

  it('finds a refund whose answer was lost: the retry is a duplicate, and the list has one refund of its amount', async () => {
    const { session, key } = await paid();
    await gateway.refund(refundOf(key, 25_00));
    await faultFor(session.sessionKey, { refundAnswerLost: true });
    const request = refundOf(key, 100_00);
    await expect(rejection(gateway.refund(request))).resolves.toMatchObject({ code: 'GATEWAY_UNAVAILABLE' });
    const retry = await gateway.refund(request);

    const refunds = await refundsAtBkash(session.sessionKey);
    expect(refunds.map((refund) => refund.sku)).toEqual([expect.any(String), request.refundReference]);
    expect(retry).toMatchObject({
      status: 'SUCCEEDED',
      alreadySubmitted: true,
      gatewayRefundId: refunds[1]?.refundTrxID,
    });
  });

  it('does not guess when another refund of the same amount is listed: finance says which', async () => {
    const { session, key } = await paid();
    const other = await gateway.refund(refundOf(key, 100_00));
    expect(other.status).toBe('SUCCEEDED');
    await faultFor(session.sessionKey, { refundAnswerLost: true });
    const request = refundOf(key, 100_00);
    await expect(rejection(gateway.refund(request))).resolves.toMatchObject({ code: 'GATEWAY_UNAVAILABLE' });
    const retry = await gateway.refund(request);
    expect(retry).toMatchObject({ status: 'PROCESSING', alreadySubmitted: true, gatewayRefundId: null });
    expect(retry.reason).toContain('2029');
    expect(retry.reason).toContain('2 refunds of this amount');
    expect(await refundsAtBkash(session.sessionKey)).toHaveLength(2);
  });

  it('refuses to refund a payment that was never completed', async () => {
    const { session } = await pay('cancel');
    const key = encodePaymentKey({ paymentId: session.sessionKey, trxId: 'BFD90JRLST' });
    const refused = await gateway.refund(refundOf(key, 1_00));
    expect(refused).toMatchObject({ status: 'FAILED', gatewayRefundId: null });
    expect(refused.reason).toContain('2077');
    await expect(rejection(gateway.refund(refundOf('BFD90JRLST', 1_00)))).resolves.toMatchObject({
      code: 'GATEWAY_PROTOCOL_ERROR',
    });
  });
});

describe('bKash refunds through the older payment/refund (v1, by setting)', () => {
  let older: CheckoutGateway;
  beforeAll(() => {
    older = gatewayFor({ refundApi: 'v1' });
  });

  it('refunds in full, then refuses more', async () => {
    const { session, key } = await paid();
    const full = await older.refund(refundOf(key, 500_50));
    expect(full).toMatchObject({ status: 'SUCCEEDED', reason: null });
    expect(full.gatewayRefundId).toMatch(/^[A-Z0-9]{10}$/);
    expect((await refundsAtBkash(session.sessionKey)).map((refund) => refund.api)).toEqual(['v1']);
    // A different refund of a fully refunded payment: bKash says "already reversed".
    const again = await older.refund(refundOf(key, 1_00));
    expect(again).toMatchObject({ status: 'PROCESSING', alreadySubmitted: true });
    expect(again.reason).toContain('2034');
  });

  it('refunds in parts up to the payment, refuses going over it, and reports the latest refund', async () => {
    const { key } = await paid(100_00);
    const first = await older.refund(refundOf(key, 30_00));
    const second = await older.refund(refundOf(key, 50_00));
    expect([first.status, second.status]).toEqual(['SUCCEEDED', 'SUCCEEDED']);
    const over = await older.refund(refundOf(key, 20_01));
    expect(over).toMatchObject({ status: 'FAILED', gatewayRefundId: null });
    expect(over.reason).toContain('2026');

    const status = await older.queryRefund({
      gatewayRefundId: second.gatewayRefundId ?? '',
      gatewayTransactionId: key,
    });
    expect(status).toMatchObject({ status: 'SUCCEEDED', gatewayRefundId: second.gatewayRefundId });
    await expect(
      rejection(
        older.queryRefund({ gatewayRefundId: first.gatewayRefundId ?? '', gatewayTransactionId: key }),
      ),
    ).resolves.toMatchObject({ code: 'GATEWAY_PROTOCOL_ERROR' });
  });

  it('finds a refund whose answer was lost: the retry is a duplicate, the status names it', async () => {
    const { session, key } = await paid();
    await faultFor(session.sessionKey, { refundAnswerLost: true });
    const request = refundOf(key, 100_00);
    await expect(rejection(older.refund(request))).resolves.toMatchObject({ code: 'GATEWAY_UNAVAILABLE' });
    const retry = await older.refund(request);
    expect(retry).toMatchObject({ status: 'PROCESSING', alreadySubmitted: true, gatewayRefundId: null });
    expect(retry.reason).toContain('2029');

    const found = await older.queryRefund({ gatewayRefundId: '', gatewayTransactionId: key });
    const refunds = await refundsAtBkash(session.sessionKey);
    expect(refunds).toHaveLength(1);
    expect(found).toMatchObject({ status: 'SUCCEEDED', gatewayRefundId: refunds[0]?.refundTrxID });
  });

  it('refuses to refund a payment that was never completed, and reports no refund for it', async () => {
    const { session } = await pay('cancel');
    const key = encodePaymentKey({ paymentId: session.sessionKey, trxId: 'BFD90JRLST' });
    const refused = await older.refund(refundOf(key, 1_00));
    expect(refused.status).toBe('FAILED');
    const status = await older.queryRefund({ gatewayRefundId: '', gatewayTransactionId: key });
    expect(status.status).toBe('FAILED');
  });
});

describe("which refund API a merchant account's refunds go through", () => {
  /** The bKash client the module makes for these settings, against the simulator. */
  const moduleGateway = (refundApi: string | undefined, serviceWide: 'v1' | 'v2') =>
    bkashModule.create({
      credentials: bkashModule.credentials.parse({
        ...MERCHANT,
        ...(refundApi !== undefined && { refundApi }),
      }),
      mode: 'TEST',
      env: { BKASH_SANDBOX_URL: simulatorUrl },
      config: { BKASH_REFUND_API: serviceWide } as Config,
      receipts: null,
    });

  it("the app's own setting when it has one, else the service's BKASH_REFUND_API", async () => {
    const cases: Array<[string | undefined, 'v1' | 'v2', string]> = [
      [undefined, 'v2', 'v2'],
      [undefined, 'v1', 'v1'],
      ['v1', 'v2', 'v1'],
      ['v2', 'v1', 'v2'],
    ];
    for (const [own, serviceWide, used] of cases) {
      const { session, key } = await paid();
      const result = await moduleGateway(own, serviceWide).refund(refundOf(key, 1_00));
      expect(result.status).toBe('SUCCEEDED');
      expect((await refundsAtBkash(session.sessionKey)).map((refund) => refund.api)).toEqual([used]);
    }
  });

  it('takes v2 or v1 only as an app setting', () => {
    expect(bkashModule.credentials.safeParse({ ...MERCHANT, refundApi: 'v3' }).success).toBe(false);
    const field = bkashModule.credentialFields.find((candidate) => candidate.key === 'refundApi');
    expect(field).toMatchObject({ secret: false });
    expect(field?.choices?.map((choice) => choice.value)).toEqual(['', 'v2', 'v1']);
  });
});

describe('bKash simulator', () => {
  async function submitPage(paymentId: string, hash: string, choice: string) {
    return fetch(`${simulatorUrl}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ paymentId, hash, choice }),
      redirect: 'manual',
    });
  }

  it('keeps an abandoned payment open, ignores altered links and never changes a decided payment', async () => {
    const session = await gateway.openSession(sessionRequest());
    const hash = new URL(session.redirectUrl).searchParams.get('hash') ?? '';
    expect((await fetch(`${simulatorUrl}/?paymentId=${session.sessionKey}&hash=altered`)).status).toBe(404);

    const abandoned = await submitPage(session.sessionKey, hash, 'abandon');
    expect(abandoned.status).toBe(200);
    expect((await paymentRecord(session.sessionKey)).status).toBe('Initiated');

    expect((await submitPage(session.sessionKey, hash, 'cancel')).status).toBe(303);
    const resubmitted = await submitPage(session.sessionKey, hash, 'success');
    expect(resubmitted.status).toBe(200);
    expect(await resubmitted.text()).toContain('data-status="Cancelled"');
    expect((await paymentRecord(session.sessionKey)).approvedBy).toBeNull();
  });

  it('answers the real API with a "Bearer" token too, searchTransaction included, and 401 once it expires', async () => {
    const { transaction } = await pay('success');
    const api = (path: string, headers: Record<string, string>, body: Json) =>
      fetch(`${simulatorUrl}/v1.2.0-beta/tokenized/checkout/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
    const grant = (await (
      await api(
        'token/grant',
        { username: MERCHANT.username, password: MERCHANT.password },
        { app_key: MERCHANT.appKey, app_secret: MERCHANT.appSecret },
      )
    ).json()) as Json;
    expect(grant).toMatchObject({ statusCode: '0000', token_type: 'Bearer', expires_in: 3600 });

    const headers = { authorization: `Bearer ${String(grant.id_token)}`, 'x-app-key': MERCHANT.appKey };
    const search = await api('general/searchTransaction', headers, {
      trxID: transaction.gatewayTransactionId,
    });
    expect(await search.json()).toMatchObject({
      statusCode: '0000',
      trxID: transaction.gatewayTransactionId,
      transactionStatus: 'Completed',
      amount: '500.50',
      customerMsisdn: '01770618575',
    });
    const unknown = await api('general/searchTransaction', headers, { trxID: 'NOSUCHTRX1' });
    expect(await unknown.json()).toMatchObject({ statusCode: '2033' });

    await control('POST', '/__simulator/tokens/expire');
    const expired = await api('general/searchTransaction', headers, {
      trxID: transaction.gatewayTransactionId,
    });
    expect(expired.status).toBe(401);
    expect(await expired.json()).toEqual({ message: 'Unauthorized' });
  });
});
