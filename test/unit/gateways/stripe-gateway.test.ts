import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import { createStripeGateway } from '../../../gateways/stripe/client.js';
import { createStripeSimulator } from '../../../gateways/stripe/simulator/app.js';
import type { StripeSimulator } from '../../../gateways/stripe/simulator/app.js';
import type {
  CheckoutGateway,
  GatewaySessionRequest,
  InboundRequest,
  InboundVerdict,
  NeutralCallback,
} from '../../../gateways/types.js';
import { GatewayError } from '../../../gateways/types.js';
import { close, listen, readAll } from '../../helpers/local-server.js';
import { hangGuardDeadline } from '../../helpers/patience.js';

const SECRET_KEY = 'sk_test_oipay_gateway_test';
const WEBHOOK_SECRET = 'whsec_oipay_gateway_test';

interface Webhook {
  headers: Record<string, string>;
  rawBody: string;
  id: string;
  type: string;
}

/** Stands in for our service's webhook route: keeps each request exactly as it arrived. */
const webhooks: Webhook[] = [];
/** Answers 500 to this many deliveries before accepting, to see Stripe retry. */
let failNextDeliveries = 0;

async function webhookListener(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const rawBody = await readAll(req);
  if (failNextDeliveries > 0) {
    failNextDeliveries -= 1;
    res.statusCode = 500;
    res.end();
    return;
  }
  const headers = Object.fromEntries(
    Object.entries(req.headers).map(([name, value]) => [
      name,
      Array.isArray(value) ? value.join(', ') : (value ?? ''),
    ]),
  );
  const event = JSON.parse(rawBody) as { id: string; type: string };
  webhooks.push({ headers, rawBody, id: event.id, type: event.type });
  res.end();
}

let simulator: StripeSimulator;
let simulatorServer: Server;
let simulatorUrl: string;
let simulatorPort: number;
let webhookServer: Server;
let gateway: CheckoutGateway;
let counter = 0;
/** The simulator's clock: the real one unless a test moves it. */
let clockMs: number | null = null;

beforeAll(async () => {
  let webhookUrl: string;
  ({ server: webhookServer, url: webhookUrl } = await listen((req, res) => void webhookListener(req, res)));
  // The public URL is only known once the port is, so the listener is attached after listening.
  let handler: RequestListener = (_req, res) => res.end();
  ({
    server: simulatorServer,
    url: simulatorUrl,
    port: simulatorPort,
  } = await listen((req, res) => handler(req, res)));
  simulator = createStripeSimulator({
    publicUrl: simulatorUrl,
    secretKeys: [SECRET_KEY],
    webhook: { url: `${webhookUrl}/webhooks/stripe`, secret: WEBHOOK_SECRET, retryDelaysMs: [20, 20, 20] },
    now: () => clockMs ?? Date.now(),
  });
  handler = simulator.callback();
  gateway = gatewayWith(SECRET_KEY);
});

afterAll(async () => {
  simulator.reset();
  await close(simulatorServer);
  await close(webhookServer);
});

beforeEach(() => {
  simulator.reset();
  webhooks.length = 0;
  failNextDeliveries = 0;
  clockMs = null;
});

function gatewayWith(secretKey: string): CheckoutGateway {
  return createStripeGateway({
    secretKey,
    webhookSecret: WEBHOOK_SECRET,
    host: '127.0.0.1',
    port: simulatorPort,
    protocol: 'http',
    timeoutMs: 5_000,
    // No SDK retries: an outage answers at once.
    maxNetworkRetries: 0,
  });
}

function sessionRequest(overrides: Partial<GatewaySessionRequest> = {}): GatewaySessionRequest {
  counter += 1;
  return {
    reference: `pay_${Date.now()}_${counter}`,
    amountMinor: 12_345,
    currency: 'USD',
    productName: 'Exam fee <2026>',
    customer: { name: 'Rahim', email: 'rahim@example.com' },
    successUrl: 'https://merchant.example/payments/return?kind=success',
    failUrl: 'https://merchant.example/payments/return?kind=fail',
    cancelUrl: 'https://merchant.example/payments/return?kind=cancel',
    ipnUrl: 'https://merchant.example/webhooks/stripe',
    ...overrides,
  };
}

type Json = Record<string, unknown>;

async function control<T = Json>(
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: T }> {
  const response = await fetch(`${simulatorUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as T };
}

async function setFaults(reference: string, faults: Json): Promise<void> {
  expect((await control('PUT', '/__simulator/faults', { reference, faults })).status).toBe(200);
}

interface Completion {
  redirect: string | null;
  deliveries: Array<{ status: number | null }>;
}

async function choose(sessionKey: string, choice: string): Promise<Completion> {
  const { status, json } = await control<Completion>('POST', `/__simulator/sessions/${sessionKey}/complete`, {
    choice,
  });
  expect(status).toBe(200);
  return json;
}

async function open(overrides: Partial<GatewaySessionRequest> = {}) {
  const request = sessionRequest(overrides);
  const session = await gateway.openSession(request);
  return { request, ...session };
}

function notification(webhook: Webhook, headers: Record<string, string> = webhook.headers): InboundRequest {
  return { kind: 'NOTIFICATION', query: {}, form: {}, headers, rawBody: webhook.rawBody };
}

function browserReturn(url: string): InboundRequest {
  const query = Object.fromEntries(new URL(url).searchParams);
  return { kind: 'BROWSER_RETURN', query, form: {}, headers: {}, rawBody: '' };
}

function callbackOf(verdict: InboundVerdict | undefined): NeutralCallback {
  if (!verdict?.accepted) throw new Error(`expected an accepted callback, got ${JSON.stringify(verdict)}`);
  return verdict.callback;
}

function webhooksOf(type: string): Webhook[] {
  return webhooks.filter((webhook) => webhook.type === type);
}

async function waitFor(condition: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = hangGuardDeadline(timeoutMs);
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function gatewayError(promise: Promise<unknown>): Promise<GatewayError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(GatewayError);
  return error as GatewayError;
}

describe('describe()', () => {
  test('names the gateway and its limits', () => {
    const description = gateway.describe();
    expect(description).toMatchObject({
      name: 'stripe',
      displayName: 'Card (Stripe)',
      minAmountMinor: 50,
      maxAmountMinor: 99_999_999,
      refunds: 'API',
      serverNotifications: true,
      signedReturns: false,
    });
    expect(description.currencies).toEqual(expect.arrayContaining(['USD', 'EUR', 'GBP', 'JPY', 'BDT']));
  });
});

describe('a card payment end to end', () => {
  test('open, pay, signed webhook, confirm: SUCCEEDED with the amount and currency', async () => {
    const { request, sessionKey, redirectUrl } = await open();
    expect(sessionKey).toMatch(/^cs_test_/);
    expect(gateway.isHostedPage(redirectUrl)).toBe(true);
    expect(gateway.isHostedPage('https://evil.example/c/pay/x')).toBe(false);

    const stored = simulator.state.sessions.get(sessionKey);
    expect(stored).toMatchObject({
      clientReferenceId: request.reference,
      amountMinor: 12_345,
      currency: 'usd',
      productName: 'Exam fee <2026>',
      customerEmail: 'rahim@example.com',
      metadata: { reference: request.reference },
      intentMetadata: { reference: request.reference },
    });
    expect(stored!.expiresAt - stored!.created).toBeGreaterThanOrEqual(30 * 60);
    expect(stored!.expiresAt - stored!.created).toBeLessThanOrEqual(41 * 60);

    const completion = await choose(sessionKey, 'pay');
    const returnUrl = new URL(completion.redirect!);
    expect(returnUrl.origin + returnUrl.pathname).toBe('https://merchant.example/payments/return');
    expect(returnUrl.searchParams.get('kind')).toBe('success');
    expect(returnUrl.searchParams.get('session_id')).toBe(sessionKey);

    const [completed] = webhooksOf('checkout.session.completed');
    expect(completed!.headers['stripe-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(gateway.parseInbound(notification(completed!))).toEqual({
      accepted: true,
      callback: {
        reference: request.reference,
        claimedStatus: 'checkout.session.completed:paid',
        confirmationKey: sessionKey,
      },
    });
    expect(gateway.parseInbound(notification(webhooksOf('payment_intent.succeeded')[0]!))).toEqual({
      accepted: false,
      reason: 'ignored event type',
      acknowledge: true,
    });

    const returned = gateway.parseInbound(browserReturn(completion.redirect!));
    expect(returned).toEqual({
      accepted: true,
      callback: {
        reference: request.reference,
        claimedStatus: 'success_return',
        confirmationKey: sessionKey,
        unsignedOutcome: 'SUCCEEDED',
      },
    });

    const transaction = await gateway.confirm(callbackOf(returned), sessionKey);
    expect(transaction).toMatchObject({
      outcome: 'SUCCEEDED',
      gatewayStatus: 'complete/paid/succeeded',
      reference: request.reference,
      amountMinor: 12_345,
      currency: 'USD',
      validationId: sessionKey,
      riskLevel: 0,
      raw: { cardBrand: 'visa', cardLast4: '4242', paymentMethod: 'card' },
    });
    expect(transaction.gatewayTransactionId).toMatch(/^pi_/);
    expect(await gateway.query(request.reference, sessionKey)).toMatchObject({ outcome: 'SUCCEEDED' });
  });

  test('the hosted page works without JavaScript and redirects to the success URL', async () => {
    const { sessionKey, redirectUrl } = await open({ productName: 'Fee <script>' });
    const page = await fetch(redirectUrl);
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain('123.45 USD');
    expect(html).toContain('Fee &lt;script&gt;');
    expect(html).toContain('name="choice" value="pay"');

    const paid = await fetch(redirectUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'choice=pay',
      redirect: 'manual',
    });
    expect(paid.status).toBe(303);
    expect(new URL(paid.headers.get('location')!).searchParams.get('session_id')).toBe(sessionKey);

    // A resubmitted form must not pay twice.
    const again = await fetch(redirectUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'choice=pay',
    });
    expect(await again.text()).toContain('This payment is complete.');
    expect(webhooksOf('checkout.session.completed')).toHaveLength(1);
  });

  test('a zero-decimal currency travels in its own units', async () => {
    const { sessionKey } = await open({ amountMinor: 5_000, currency: 'JPY' });
    await choose(sessionKey, 'pay');
    const transaction = await gateway.query('', sessionKey);
    expect(transaction).toMatchObject({ outcome: 'SUCCEEDED', amountMinor: 5_000, currency: 'JPY' });
  });

  test('an amount under the currency floor is rejected by Stripe', async () => {
    const error = await gatewayError(
      gateway.openSession(sessionRequest({ amountMinor: 100, currency: 'BDT' })),
    );
    expect(error.code).toBe('GATEWAY_REJECTED');
    expect(error.details).toMatchObject({ code: 'amount_too_small' });
  });
});

describe('delayed payments', () => {
  test('a bank debit completes unpaid, then succeeds', async () => {
    const { request, sessionKey } = await open();
    await choose(sessionKey, 'async_success');
    const [completed] = webhooksOf('checkout.session.completed');
    expect(gateway.parseInbound(notification(completed!))).toMatchObject({
      accepted: true,
      callback: { claimedStatus: 'checkout.session.completed:unpaid' },
    });
    expect(await gateway.query(request.reference, sessionKey)).toMatchObject({
      outcome: 'PENDING',
      gatewayStatus: 'complete/unpaid/processing',
      raw: { paymentMethod: 'us_bank_account' },
    });

    expect((await control('POST', `/__simulator/sessions/${sessionKey}/settle`)).status).toBe(200);
    const [succeeded] = webhooksOf('checkout.session.async_payment_succeeded');
    const verdict = gateway.parseInbound(notification(succeeded!));
    expect(verdict).toMatchObject({
      accepted: true,
      callback: {
        reference: request.reference,
        claimedStatus: 'checkout.session.async_payment_succeeded:paid',
      },
    });
    expect(await gateway.confirm(callbackOf(verdict), sessionKey)).toMatchObject({
      outcome: 'SUCCEEDED',
      amountMinor: 12_345,
    });
  });

  test('a bank debit that bounces fails', async () => {
    const { request, sessionKey } = await open();
    await setFaults(request.reference, { asyncSettlesAfterMs: 60_000 });
    await choose(sessionKey, 'async_failure');
    // The bank answers when its time comes on the simulator's clock.
    clockMs = Date.now() + 61_000;
    expect(await gateway.query(request.reference, sessionKey)).toMatchObject({
      outcome: 'FAILED',
      gatewayStatus: 'complete/unpaid/requires_payment_method',
    });
    await waitFor(
      () => webhooksOf('checkout.session.async_payment_failed').length === 1,
      'the failure event',
    );
    expect(
      gateway.parseInbound(notification(webhooksOf('checkout.session.async_payment_failed')[0]!)),
    ).toMatchObject({
      accepted: true,
      callback: { claimedStatus: 'checkout.session.async_payment_failed:unpaid' },
    });
  });
});

describe('declines, cancellation and expiry', () => {
  test('a declined card leaves the session payable; a later card pays', async () => {
    const { request, sessionKey } = await open();
    const declined = await choose(sessionKey, 'decline');
    expect(declined.redirect).toBeNull();
    expect(webhooksOf('checkout.session.completed')).toHaveLength(0);
    expect(gateway.parseInbound(notification(webhooksOf('payment_intent.payment_failed')[0]!))).toMatchObject(
      {
        accepted: false,
        reason: 'ignored event type',
      },
    );
    expect(await gateway.query(request.reference, sessionKey)).toMatchObject({
      outcome: 'PENDING',
      gatewayStatus: 'open/unpaid/requires_payment_method',
      raw: { declineCode: 'generic_decline' },
    });

    await choose(sessionKey, 'pay');
    expect(await gateway.query(request.reference, sessionKey)).toMatchObject({ outcome: 'SUCCEEDED' });
  });

  test('cancel returns to the cancel URL without a session id; the session stays open', async () => {
    const { request, sessionKey } = await open();
    const cancelled = await choose(sessionKey, 'cancel');
    const cancelUrl = new URL(cancelled.redirect!);
    expect(cancelUrl.searchParams.get('kind')).toBe('cancel');
    expect(cancelUrl.searchParams.has('session_id')).toBe(false);
    expect(gateway.parseInbound(browserReturn(cancelled.redirect!))).toEqual({
      accepted: true,
      callback: {
        reference: request.reference,
        claimedStatus: 'cancel_return',
        confirmationKey: null,
        unsignedOutcome: 'CANCELLED',
      },
    });
    expect(gateway.parseInbound(browserReturn('https://merchant.example/payments/return'))).toEqual({
      accepted: false,
      reason: 'return without a reference',
    });
    expect(await gateway.query(request.reference, sessionKey)).toMatchObject({
      outcome: 'PENDING',
      gatewayStatus: 'open/unpaid',
    });
  });

  test('an abandoned session expires at its expires_at and says so', async () => {
    const { request, sessionKey } = await open();
    await choose(sessionKey, 'decline');
    clockMs = Date.now() + 2 * 3_600_000;
    const transaction = await gateway.query(request.reference, sessionKey);
    expect(transaction).toMatchObject({ outcome: 'EXPIRED', gatewayStatus: 'expired/unpaid/canceled' });
    await waitFor(() => webhooksOf('checkout.session.expired').length === 1, 'the expiry event');
    expect(gateway.parseInbound(notification(webhooksOf('checkout.session.expired')[0]!))).toEqual({
      accepted: true,
      callback: {
        reference: request.reference,
        claimedStatus: 'checkout.session.expired:unpaid',
        confirmationKey: sessionKey,
      },
    });
  });

  test('walking away on the hosted page expires the session', async () => {
    const { request, sessionKey } = await open();
    await choose(sessionKey, 'abandon');
    expect(await gateway.query(request.reference, sessionKey)).toMatchObject({ outcome: 'EXPIRED' });
    expect(webhooksOf('checkout.session.expired')).toHaveLength(1);
  });
});

describe('webhook authenticity', () => {
  test('a webhook signed with another secret is refused', async () => {
    const { request, sessionKey } = await open();
    await setFaults(request.reference, { wrongSignatureSecret: true });
    await choose(sessionKey, 'pay');
    const verdict = gateway.parseInbound(notification(webhooksOf('checkout.session.completed')[0]!));
    expect(verdict).toEqual({
      accepted: false,
      reason: expect.stringMatching(/^bad signature: No signatures found/),
    });
  });

  test('a webhook with a stale timestamp is refused', async () => {
    const { request, sessionKey } = await open();
    await setFaults(request.reference, { staleSignatureSeconds: 301 });
    await choose(sessionKey, 'pay');
    const verdict = gateway.parseInbound(notification(webhooksOf('checkout.session.completed')[0]!));
    expect(verdict).toEqual({
      accepted: false,
      reason: 'bad signature: Timestamp outside the tolerance zone',
    });
  });

  test('one matching v1 among several is enough; a changed body is not', async () => {
    const { sessionKey } = await open();
    await choose(sessionKey, 'pay');
    const webhook = webhooksOf('checkout.session.completed')[0]!;
    const [timestamp, signature] = webhook.headers['stripe-signature']!.split(',');
    const rotated = `${timestamp},v1=${'0'.repeat(64)},${signature}`;
    expect(gateway.parseInbound(notification(webhook, { 'Stripe-Signature': rotated }))).toMatchObject({
      accepted: true,
    });
    const tampered = { ...webhook, rawBody: webhook.rawBody.replace('"paid"', '"PAID"') };
    expect(gateway.parseInbound(notification(tampered))).toMatchObject({ accepted: false });
    expect(gateway.parseInbound(notification(webhook, {}))).toMatchObject({ accepted: false });
  });

  test('a duplicated event carries one id and reads the same both times', async () => {
    const { request, sessionKey } = await open();
    await setFaults(request.reference, { eventDelivery: 'duplicate' });
    await choose(sessionKey, 'pay');
    const copies = webhooksOf('checkout.session.completed');
    expect(copies).toHaveLength(2);
    expect(copies[0]!.id).toMatch(/^evt_/);
    expect(copies[1]!.id).toBe(copies[0]!.id);
    const [first, second] = copies.map((copy) => gateway.parseInbound(notification(copy)));
    expect(second).toEqual(first);
    expect(await gateway.confirm(callbackOf(first), sessionKey)).toMatchObject({
      outcome: 'SUCCEEDED',
    });
  });

  test('events out of order still confirm against the session', async () => {
    const { request, sessionKey } = await open();
    await setFaults(request.reference, { eventDelivery: 'held' });
    await choose(sessionKey, 'async_success');
    await control('POST', `/__simulator/sessions/${sessionKey}/settle`);
    expect(webhooks).toHaveLength(0);
    await control('POST', '/__simulator/events/release', { order: 'reverse' });
    const sessionEvents = webhooks.filter((webhook) => webhook.type.startsWith('checkout.session.'));
    expect(sessionEvents.map((webhook) => webhook.type)).toEqual([
      'checkout.session.async_payment_succeeded',
      'checkout.session.completed',
    ]);
    // The late `completed` still claims "unpaid": only the session itself tells the truth.
    const late = gateway.parseInbound(notification(sessionEvents[1]!));
    expect(late).toMatchObject({
      accepted: true,
      callback: { claimedStatus: 'checkout.session.completed:unpaid' },
    });
    expect(await gateway.confirm(callbackOf(late), sessionKey)).toMatchObject({
      outcome: 'SUCCEEDED',
    });
  });

  test('a failed delivery is retried until answered', async () => {
    const { request, sessionKey } = await open();
    failNextDeliveries = 2;
    await choose(sessionKey, 'abandon');
    await waitFor(() => webhooks.length === 1, 'the expiry event delivered');
    const events = (
      await control<Array<{ type: string; deliveries: Array<{ status: number | null }> }>>(
        'GET',
        '/__simulator/events',
      )
    ).json;
    expect(events).toHaveLength(1);
    expect(events[0]!.deliveries.map((delivery) => delivery.status)).toEqual([500, 500, 200]);
    expect(gateway.parseInbound(notification(webhooks[0]!))).toMatchObject({
      accepted: true,
      callback: { reference: request.reference },
    });
  });
});

describe('what the core compares', () => {
  test('a completion for another amount shows in the transaction amount', async () => {
    const { request, sessionKey } = await open();
    await setFaults(request.reference, { amountDeltaMinor: -2_345 });
    await choose(sessionKey, 'pay');
    expect(await gateway.query(request.reference, sessionKey)).toMatchObject({
      outcome: 'SUCCEEDED',
      amountMinor: 10_000,
      currency: 'USD',
    });
  });

  test('our session key wins over a session id the browser names', async () => {
    const other = await open();
    await choose(other.sessionKey, 'pay');
    const mine = await open();
    const forged = {
      reference: mine.request.reference,
      claimedStatus: 'success_return',
      confirmationKey: other.sessionKey,
    };
    expect(await gateway.confirm(forged, mine.sessionKey)).toMatchObject({
      outcome: 'PENDING',
      reference: mine.request.reference,
      validationId: mine.sessionKey,
    });
  });
});

describe('idempotent session creation', () => {
  test('the same reference opens the same session', async () => {
    const request = sessionRequest();
    const first = await gateway.openSession(request);
    const second = await gateway.openSession(request);
    expect(second).toEqual(first);
    expect(simulator.state.sessions.size).toBe(1);
  });

  test('other parameters under the same reference are a protocol error', async () => {
    const request = sessionRequest();
    await gateway.openSession(request);
    const error = await gatewayError(
      gateway.openSession({ ...request, amountMinor: request.amountMinor + 1 }),
    );
    expect(error.code).toBe('GATEWAY_PROTOCOL_ERROR');
    expect(error.message).toMatch(/same parameters/);
  });
});

describe('refunds', () => {
  async function paid() {
    const opened = await open();
    await choose(opened.sessionKey, 'pay');
    const transaction = await gateway.query(opened.request.reference, opened.sessionKey);
    return { ...opened, paymentIntent: transaction.gatewayTransactionId! };
  }

  function refundRequest(
    paymentIntent: string,
    amountMinor: number,
    refundReference = `rf_${Date.now()}_${++counter}`,
  ) {
    return {
      gatewayTransactionId: paymentIntent,
      refundReference,
      amountMinor,
      currency: 'USD' as const,
      remarks: 'Customer asked',
    };
  }

  test('a full refund is pending, then succeeds; a retry replays it', async () => {
    const { paymentIntent } = await paid();
    const request = refundRequest(paymentIntent, 12_345);
    const refund = await gateway.refund(request);
    expect(refund).toMatchObject({ status: 'PROCESSING', reason: null });
    expect(refund.gatewayRefundId).toMatch(/^re_/);
    expect(refund.alreadySubmitted).toBeUndefined();
    const stored = simulator.state.refunds.get(refund.gatewayRefundId!);
    expect(stored).toMatchObject({
      reason: 'requested_by_customer',
      metadata: { refundReference: request.refundReference },
    });

    const settled = await gateway.queryRefund({
      gatewayRefundId: refund.gatewayRefundId!,
      gatewayTransactionId: paymentIntent,
    });
    expect(settled).toMatchObject({ status: 'SUCCEEDED', gatewayRefundId: refund.gatewayRefundId });

    const retried = await gateway.refund(request);
    expect(retried).toMatchObject({ gatewayRefundId: refund.gatewayRefundId, alreadySubmitted: true });
    expect(simulator.state.refunds.size).toBe(1);
  });

  test('partial refunds add up to the payment, and no further', async () => {
    const { paymentIntent } = await paid();
    const first = await gateway.refund(refundRequest(paymentIntent, 10_000));
    const second = await gateway.refund(refundRequest(paymentIntent, 2_000));
    expect([first.status, second.status]).toEqual(['PROCESSING', 'PROCESSING']);

    const error = await gatewayError(gateway.refund(refundRequest(paymentIntent, 346)));
    expect(error.code).toBe('GATEWAY_REJECTED');
    expect(error.message).toBe(
      'Refund amount (3.46 USD) is greater than unrefunded amount on charge (3.45 USD)',
    );
    expect(error.details).toMatchObject({ code: 'amount_too_large', param: 'amount' });
    expect(await gateway.refund(refundRequest(paymentIntent, 345))).toMatchObject({ status: 'PROCESSING' });
  });

  test('a refund the bank refuses fails, and its amount can be refunded again', async () => {
    const { request, paymentIntent } = await paid();
    await setFaults(request.reference, { refundOutcome: 'failed', refundSettlesAfterMs: 60_000 });
    const refund = await gateway.refund(refundRequest(paymentIntent, 12_345));
    const ids = { gatewayRefundId: refund.gatewayRefundId!, gatewayTransactionId: paymentIntent };
    expect(await gateway.queryRefund(ids)).toMatchObject({ status: 'PROCESSING' });
    clockMs = Date.now() + 61_000;
    expect(await gateway.queryRefund(ids)).toMatchObject({
      status: 'FAILED',
      reason: 'expired_or_canceled_card',
    });
    await setFaults(request.reference, {});
    expect(await gateway.refund(refundRequest(paymentIntent, 12_345))).toMatchObject({
      status: 'PROCESSING',
    });
  });

  test('a refund looked up under another payment is a protocol error', async () => {
    const { paymentIntent } = await paid();
    const refund = await gateway.refund(refundRequest(paymentIntent, 100));
    const error = await gatewayError(
      gateway.queryRefund({ gatewayRefundId: refund.gatewayRefundId!, gatewayTransactionId: 'pi_other' }),
    );
    expect(error.code).toBe('GATEWAY_PROTOCOL_ERROR');
  });

  test('an unpaid session cannot be refunded', async () => {
    const { request, sessionKey } = await open();
    await choose(sessionKey, 'decline');
    const { gatewayTransactionId } = await gateway.query(request.reference, sessionKey);
    const error = await gatewayError(gateway.refund(refundRequest(gatewayTransactionId!, 100)));
    expect(error.code).toBe('GATEWAY_REJECTED');
  });
});

describe('failures to reach Stripe', () => {
  test('an outage is GATEWAY_UNAVAILABLE until it ends', async () => {
    await control('PUT', '/__simulator/outages', { sessions: { forMs: 60_000 }, refunds: { forMs: 60_000 } });
    const error = await gatewayError(gateway.openSession(sessionRequest()));
    expect(error.code).toBe('GATEWAY_UNAVAILABLE');
    expect(error.details).toMatchObject({ operation: 'session', statusCode: 503 });
    const refundError = await gatewayError(
      gateway.refund({
        gatewayTransactionId: 'pi_x',
        refundReference: 'rf_outage',
        amountMinor: 100,
        currency: 'USD',
        remarks: '',
      }),
    );
    expect(refundError.code).toBe('GATEWAY_UNAVAILABLE');

    await control('PUT', '/__simulator/outages', { sessions: null, refunds: null });
    expect((await gateway.openSession(sessionRequest())).sessionKey).toMatch(/^cs_test_/);
  });

  test('an unreachable host is GATEWAY_UNAVAILABLE', async () => {
    const { server, port } = await listen((_req, res) => res.end());
    await close(server);
    const unreachable = createStripeGateway({
      secretKey: SECRET_KEY,
      webhookSecret: WEBHOOK_SECRET,
      host: '127.0.0.1',
      port,
      protocol: 'http',
      maxNetworkRetries: 0,
    });
    expect((await gatewayError(unreachable.openSession(sessionRequest()))).code).toBe('GATEWAY_UNAVAILABLE');
  });

  test('a wrong secret key is rejected', async () => {
    const error = await gatewayError(gatewayWith('sk_test_wrong_key_000').openSession(sessionRequest()));
    expect(error.code).toBe('GATEWAY_REJECTED');
    expect(error.details).toMatchObject({ statusCode: 401 });
  });

  test('a session that does not exist is rejected', async () => {
    const error = await gatewayError(gateway.query('pay_x', 'cs_test_unknown'));
    expect(error.code).toBe('GATEWAY_REJECTED');
    expect(error.details).toMatchObject({ code: 'resource_missing' });
  });
});
