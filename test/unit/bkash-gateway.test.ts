import type { RequestListener, Server } from 'node:http';
import { createBkashGateway } from '../../gateways/bkash/client.js';
import type { BkashGatewayOptions } from '../../gateways/bkash/client.js';
import { encodePaymentKey } from '../../gateways/bkash/mapping.js';
import { createBkashSimulator } from '../../gateways/bkash/simulator/app.js';
import type { BkashSimulator } from '../../gateways/bkash/simulator/app.js';
import type {
  CheckoutGateway,
  GatewaySessionRequest,
  GatewayTransaction,
  NeutralCallback,
} from '../../gateways/types.js';
import { GatewayError } from '../../gateways/types.js';
import { listen } from '../helpers/local-server.js';

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

describe('bKash refunds', () => {
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

  it('refunds in full, then refuses more', async () => {
    const { key } = await paid();
    const full = await gateway.refund(refundOf(key, 500_50));
    expect(full).toMatchObject({ status: 'SUCCEEDED', reason: null });
    expect(full.gatewayRefundId).toMatch(/^[A-Z0-9]{10}$/);
    // A different refund of a fully refunded payment: bKash says "already reversed".
    const again = await gateway.refund(refundOf(key, 1_00));
    expect(again).toMatchObject({ status: 'PROCESSING', alreadySubmitted: true });
    expect(again.reason).toContain('2034');
  });

  it('refunds in parts up to the payment, refuses going over it, and reports the latest refund', async () => {
    const { key } = await paid(100_00);
    const first = await gateway.refund(refundOf(key, 30_00));
    const second = await gateway.refund(refundOf(key, 50_00));
    expect([first.status, second.status]).toEqual(['SUCCEEDED', 'SUCCEEDED']);
    const over = await gateway.refund(refundOf(key, 20_01));
    expect(over).toMatchObject({ status: 'FAILED', gatewayRefundId: null });
    expect(over.reason).toContain('2026');

    const status = await gateway.queryRefund({
      gatewayRefundId: second.gatewayRefundId ?? '',
      gatewayTransactionId: key,
    });
    expect(status).toMatchObject({ status: 'SUCCEEDED', gatewayRefundId: second.gatewayRefundId });
    await expect(
      rejection(
        gateway.queryRefund({ gatewayRefundId: first.gatewayRefundId ?? '', gatewayTransactionId: key }),
      ),
    ).resolves.toMatchObject({ code: 'GATEWAY_PROTOCOL_ERROR' });
  });

  it('finds a refund whose answer was lost: the retry is a duplicate, the status names it', async () => {
    const { session, key } = await paid();
    const reference = (await paymentRecord(session.sessionKey)).merchantInvoiceNumber as string;
    await control('PUT', '/__simulator/faults', {
      merchantInvoiceNumber: reference,
      faults: { refundAnswerLost: true },
    });
    const request = refundOf(key, 100_00);
    await expect(rejection(gateway.refund(request))).resolves.toMatchObject({ code: 'GATEWAY_UNAVAILABLE' });
    const retry = await gateway.refund(request);
    expect(retry).toMatchObject({ status: 'PROCESSING', alreadySubmitted: true, gatewayRefundId: null });
    expect(retry.reason).toContain('2029');

    const found = await gateway.queryRefund({ gatewayRefundId: '', gatewayTransactionId: key });
    const refunds = (await paymentRecord(session.sessionKey)).refunds as Array<{ refundTrxID: string }>;
    expect(refunds).toHaveLength(1);
    expect(found).toMatchObject({ status: 'SUCCEEDED', gatewayRefundId: refunds[0]?.refundTrxID });
  });

  it('refuses to refund a payment that was never completed, and reports no refund for it', async () => {
    const { session } = await pay('cancel');
    const key = encodePaymentKey({ paymentId: session.sessionKey, trxId: 'BFD90JRLST' });
    const refused = await gateway.refund(refundOf(key, 1_00));
    expect(refused.status).toBe('FAILED');
    const status = await gateway.queryRefund({ gatewayRefundId: '', gatewayTransactionId: key });
    expect(status.status).toBe('FAILED');
    await expect(rejection(gateway.refund(refundOf('BFD90JRLST', 1_00)))).resolves.toMatchObject({
      code: 'GATEWAY_PROTOCOL_ERROR',
    });
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
