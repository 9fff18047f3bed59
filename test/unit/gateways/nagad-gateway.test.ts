import { generateKeyPairSync } from 'node:crypto';
import type { RequestListener, Server } from 'node:http';
import { newPaymentReference } from '../../../domain/shared/ids.js';
import { createNagadGateway } from '../../../gateways/nagad/client.js';
import type { NagadGatewayOptions } from '../../../gateways/nagad/client.js';
import { orderIdFor } from '../../../gateways/nagad/mapping.js';
import { API_VERSION, PATHS, SANDBOX_BASE_PATH } from '../../../gateways/nagad/protocol.js';
import { createNagadSimulator } from '../../../gateways/nagad/simulator/app.js';
import type { NagadSimulator } from '../../../gateways/nagad/simulator/app.js';
import type {
  CheckoutGateway,
  GatewaySessionRequest,
  InboundRequest,
  NeutralCallback,
} from '../../../gateways/types.js';
import { GatewayError } from '../../../gateways/types.js';
import { close, listen } from '../../helpers/local-server.js';

function pemPair() {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

// Generated once per file: RSA key generation is slow.
const merchantKeys = pemPair();
const pgKeys = pemPair();
const MERCHANT = { merchantId: '683002007104225', merchantMobile: '01711428036' };

let simulator: NagadSimulator;
let simulatorServer: Server;
let simulatorUrl: string;
let merchantServer: Server;
let merchantUrl: string;
let merchantHits: string[] = [];
let gateway: CheckoutGateway;
/** The simulator's clock: the real one unless a test holds it at a moment of its choosing. */
let clockMs: number | null = null;

function gatewayWith(overrides: Partial<NagadGatewayOptions> = {}): CheckoutGateway {
  return createNagadGateway({
    baseUrl: `${simulatorUrl}${SANDBOX_BASE_PATH}`,
    ...MERCHANT,
    merchantPrivateKeyPem: merchantKeys.privateKeyPem,
    nagadPublicKeyPem: simulator.nagadPublicKeyPem,
    clientIp: '203.0.113.10',
    timeoutMs: 5_000,
    ...overrides,
  });
}

beforeAll(async () => {
  // Stands in for our service's return route, so callbacks the simulator sends itself can be counted.
  ({ server: merchantServer, url: merchantUrl } = await listen((req, res) => {
    merchantHits.push(req.url ?? '');
    res.end('OK');
  }));
  // The public URL is only known once the port is, so the listener is attached after listening.
  let handler: RequestListener = (_req, res) => res.end();
  ({ server: simulatorServer, url: simulatorUrl } = await listen((req, res) => handler(req, res)));
  simulator = createNagadSimulator({
    publicUrl: simulatorUrl,
    merchants: [{ ...MERCHANT, publicKeyPem: merchantKeys.publicKeyPem }],
    pgKeyPair: pgKeys,
    now: () => clockMs ?? Date.now(),
  });
  handler = simulator.callback();
  gateway = gatewayWith();
});

afterAll(async () => {
  await close(simulatorServer);
  await close(merchantServer);
});

beforeEach(() => {
  simulator.reset();
  merchantHits = [];
  clockMs = null;
});

function sessionRequest(overrides: Partial<GatewaySessionRequest> = {}): GatewaySessionRequest {
  const reference = newPaymentReference();
  return {
    reference,
    amountMinor: 5055,
    currency: 'BDT',
    productName: 'Exam fee',
    customer: { name: 'Rahim' },
    successUrl: `${merchantUrl}/checkout/${reference}/return`,
    failUrl: `${merchantUrl}/fail`,
    cancelUrl: `${merchantUrl}/cancel`,
    ipnUrl: `${merchantUrl}/ipn`,
    ...overrides,
  };
}

type Json = Record<string, unknown>;

async function control(
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: Json }> {
  const response = await fetch(`${simulatorUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Json };
}

async function setFaults(faults: Json, orderId?: string): Promise<void> {
  expect((await control('PUT', '/__simulator/faults', { orderId, faults })).status).toBe(200);
}

/** The customer's choice made on the hosted page, as a browser without JavaScript submits it. */
async function choose(redirectUrl: string, choice: string): Promise<Response> {
  return fetch(redirectUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ choice }).toString(),
    redirect: 'manual',
  });
}

async function finish(sessionKey: string, outcome: string): Promise<string> {
  const { status, json } = await control(
    'POST',
    `/__simulator/payments/${encodeURIComponent(sessionKey)}/finish`,
    {
      outcome,
    },
  );
  expect(status).toBe(200);
  return json.callbackUrl as string;
}

function browserReturn(callbackUrl: string): InboundRequest {
  return {
    kind: 'BROWSER_RETURN',
    query: Object.fromEntries(new URL(callbackUrl).searchParams),
    form: {},
    headers: {},
    rawBody: '',
  };
}

function acceptedCallback(callbackUrl: string): NeutralCallback {
  const verdict = gateway.parseInbound(browserReturn(callbackUrl));
  if (!verdict.accepted) throw new Error(`callback refused: ${verdict.reason}`);
  return verdict.callback;
}

async function gatewayError(promise: Promise<unknown>): Promise<GatewayError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(GatewayError);
  return error as GatewayError;
}

describe('Nagad gateway against the simulator', () => {
  it('describes a BDT-only gateway without refunds or server notifications', () => {
    expect(gateway.describe()).toEqual({
      name: 'nagad',
      displayName: 'Nagad',
      currencies: ['BDT'],
      minAmountMinor: 100,
      maxAmountMinor: 5_000_000,
      refunds: 'MANUAL',
      serverNotifications: false,
      signedReturns: false,
    });
  });

  it('takes a payment end to end: open, pay on the hosted page, return, confirm', async () => {
    const request = sessionRequest();
    const session = await gateway.openSession(request);
    expect(gateway.isHostedPage(session.redirectUrl)).toBe(true);

    const page = await fetch(session.redirectUrl);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('50.55 BDT');
    expect(html).toContain('name="choice" value="Success"');

    const returned = await choose(session.redirectUrl, 'Success');
    expect(returned.status).toBe(303);
    const callbackUrl = returned.headers.get('location') ?? '';
    expect(callbackUrl.startsWith(request.successUrl)).toBe(true);
    expect(new URL(callbackUrl).searchParams.get('payment_dt')).toMatch(/^\d{14}$/);

    const callback = acceptedCallback(callbackUrl);
    expect(callback).toEqual({
      reference: request.reference,
      claimedStatus: 'Success',
      confirmationKey: session.sessionKey,
      unsignedOutcome: 'SUCCEEDED',
    });

    const transaction = await gateway.confirm(callback, session.sessionKey);
    const order = simulator.state.orders.get(session.sessionKey);
    expect(transaction).toMatchObject({
      outcome: 'SUCCEEDED',
      gatewayStatus: 'Success',
      reference: request.reference,
      amountMinor: 5055,
      currency: 'BDT',
      validationId: session.sessionKey,
      gatewayTransactionId: order?.payment?.issuerPaymentRefNo,
    });
    expect(transaction.gatewayTransactionId).toMatch(/^[A-Z0-9]{8}$/);
    expect(order?.checkout?.additionalMerchantInfo).toEqual({ productName: 'Exam fee' });
  });

  it('reads an aborted payment as cancelled and a failed one as failed', async () => {
    for (const [outcome, expected] of [
      ['Aborted', 'CANCELLED'],
      ['Failed', 'FAILED'],
    ] as const) {
      const request = sessionRequest();
      const session = await gateway.openSession(request);
      const callback = acceptedCallback(await finish(session.sessionKey, outcome));
      expect(callback.claimedStatus).toBe(outcome);
      const transaction = await gateway.confirm(callback, session.sessionKey);
      expect(transaction).toMatchObject({
        outcome: expected,
        gatewayStatus: outcome,
        gatewayTransactionId: null,
      });
    }
  });

  it('reports a payment the customer has not finished as pending, and a late payment once made', async () => {
    const request = sessionRequest();
    const session = await gateway.openSession(request);
    expect((await gateway.query(request.reference, session.sessionKey)).outcome).toBe('PENDING');

    const left = await choose(session.redirectUrl, 'abandon');
    expect(left.status).toBe(200);
    expect((await gateway.query(request.reference, session.sessionKey)).outcome).toBe('PENDING');

    await finish(session.sessionKey, 'Success');
    expect((await gateway.query(request.reference, session.sessionKey)).outcome).toBe('SUCCEEDED');
  });

  it('keeps a payment pending in verify until the pendingForMs fault has run out', async () => {
    clockMs = Date.now();
    const request = sessionRequest();
    await setFaults({ pendingForMs: 60_000 }, orderIdFor(request.reference));
    const session = await gateway.openSession(request);
    const callback = acceptedCallback(await finish(session.sessionKey, 'Success'));
    expect(callback.claimedStatus).toBe('Success');
    expect((await gateway.confirm(callback, session.sessionKey)).outcome).toBe('PENDING');
    clockMs += 60_000;
    expect((await gateway.confirm(callback, session.sessionKey)).outcome).toBe('SUCCEEDED');
  });

  it('never trusts the callback: a forged Success is confirmed as what verify says', async () => {
    const request = sessionRequest();
    await setFaults({ forgedCallback: true }, orderIdFor(request.reference));
    const session = await gateway.openSession(request);
    const returned = await choose(session.redirectUrl, 'Failed');
    const callback = acceptedCallback(returned.headers.get('location') ?? '');
    expect(callback.claimedStatus).toBe('Success');
    const transaction = await gateway.confirm(callback, session.sessionKey);
    expect(transaction.outcome).toBe('CANCELLED');
    expect(transaction.gatewayTransactionId).toBeNull();
  });

  it('reports the amount verify gives, so the core can refuse a mismatch', async () => {
    const request = sessionRequest();
    await setFaults({ amountDeltaMinor: -5000 }, orderIdFor(request.reference));
    const session = await gateway.openSession(request);
    const callback = acceptedCallback(await finish(session.sessionKey, 'Success'));
    const transaction = await gateway.confirm(callback, session.sessionKey);
    expect(transaction).toMatchObject({ outcome: 'SUCCEEDED', amountMinor: 55 });
  });

  it('refuses an initialize answer whose signature does not verify', async () => {
    const request = sessionRequest();
    await setFaults({ badSignature: true });
    const error = await gatewayError(gateway.openSession(request));
    expect(error.code).toBe('GATEWAY_PROTOCOL_ERROR');
    expect(error.message).toMatch(/signature/);
    // Nothing was completed, so no customer can be sent to pay.
    expect(simulator.state.findByOrderId(orderIdFor(request.reference))?.checkout).toBeNull();
  });

  it('is refused a reused orderId', async () => {
    const request = sessionRequest();
    await gateway.openSession(request);
    const error = await gatewayError(gateway.openSession(request));
    expect(error.code).toBe('GATEWAY_REJECTED');
    expect(error.details).toMatchObject({ operation: 'initialize', reason: 'DUPLICATE_ORDER_ID' });
  });

  it('is refused when signing with a key Nagad does not know', async () => {
    const impostor = gatewayWith({ merchantPrivateKeyPem: pemPair().privateKeyPem });
    const error = await gatewayError(impostor.openSession(sessionRequest()));
    expect(error.code).toBe('GATEWAY_REJECTED');
    expect(error.details).toMatchObject({ reason: 'INVALID_SENSITIVE_DATA' });
  });

  it('is refused a datetime far from Bangladesh time now', async () => {
    const skewed = gatewayWith({ now: () => new Date(Date.now() - 3_600_000) });
    const error = await gatewayError(skewed.openSession(sessionRequest()));
    expect(error.details).toMatchObject({ reason: 'INVALID_DATETIME' });
  });

  it('is refused a request without the API version header', async () => {
    const response = await fetch(
      `${simulatorUrl}${SANDBOX_BASE_PATH}${PATHS.initialize(MERCHANT.merchantId, 'x1')}`,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'X-KM-IP-V4': '203.0.113.10',
          'X-KM-Client-Type': 'PC_WEB',
        },
        body: '{}',
      },
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      reason: 'INVALID_API_VERSION',
      message: `X-KM-Api-Version must be ${API_VERSION}`,
    });
  });

  it('refuses to send the customer anywhere but Nagad', async () => {
    const redirected = gatewayWith({
      transport: async (input, init) => {
        const response = await fetch(input, init);
        if (!String(input).includes('/check-out/complete/')) return response;
        return Response.json({ status: 'Success', callBackUrl: 'https://pay.evil.example/check-out/1' });
      },
    });
    const error = await gatewayError(redirected.openSession(sessionRequest()));
    expect(error.code).toBe('GATEWAY_PROTOCOL_ERROR');
  });

  it('asks Nagad about its own session when the callback names an unknown payment_ref_id', async () => {
    const request = sessionRequest();
    await setFaults({ unknownPaymentRefId: true }, orderIdFor(request.reference));
    const session = await gateway.openSession(request);
    const callback = acceptedCallback(await finish(session.sessionKey, 'Success'));
    expect(callback.confirmationKey).not.toBe(session.sessionKey);

    const unknown = await gatewayError(gateway.confirm(callback, null));
    expect(unknown.code).toBe('GATEWAY_REJECTED');
    expect(unknown.details).toMatchObject({ operation: 'verify', reason: 'INVALID_PAYMENT_REFERENCE' });
    expect((await gateway.confirm(callback, session.sessionKey)).outcome).toBe('SUCCEEDED');
  });

  it('refuses a callback that pairs our reference with another order’s payment', async () => {
    const paid = sessionRequest();
    const paidSession = await gateway.openSession(paid);
    await finish(paidSession.sessionKey, 'Success');
    const victim = sessionRequest();
    await gateway.openSession(victim);

    const forged: NeutralCallback = {
      reference: victim.reference,
      claimedStatus: 'Success',
      confirmationKey: paidSession.sessionKey,
    };
    const error = await gatewayError(gateway.confirm(forged, null));
    expect(error.code).toBe('GATEWAY_PROTOCOL_ERROR');
  });

  it('calls the merchant back once more ahead of the browser; confirming twice gives the same answer', async () => {
    const request = sessionRequest();
    await setFaults({ duplicateCallback: true }, orderIdFor(request.reference));
    const session = await gateway.openSession(request);
    const returned = await choose(session.redirectUrl, 'Success');
    const callbackUrl = returned.headers.get('location') ?? '';
    expect(merchantHits).toEqual([callbackUrl.slice(merchantUrl.length)]);

    const callback = acceptedCallback(callbackUrl);
    const first = await gateway.confirm(callback, session.sessionKey);
    const second = await gateway.confirm(callback, session.sessionKey);
    expect(second).toEqual(first);
  });

  it('does not pay twice when the hosted page is submitted again', async () => {
    const session = await gateway.openSession(sessionRequest());
    await choose(session.redirectUrl, 'Aborted');
    const again = await choose(session.redirectUrl, 'Success');
    expect(again.status).toBe(200);
    expect(await again.text()).toContain('data-status="Aborted"');
  });

  it('reports an outage as unavailable', async () => {
    const request = sessionRequest();
    const session = await gateway.openSession(request);
    expect(
      (
        await control('PUT', '/__simulator/outages', {
          verify: { forMs: 60_000 },
          initialize: { forMs: 60_000 },
        })
      ).status,
    ).toBe(200);

    const verifyDown = await gatewayError(gateway.query(request.reference, session.sessionKey));
    expect(verifyDown.code).toBe('GATEWAY_UNAVAILABLE');
    expect(verifyDown.details).toMatchObject({ httpStatus: 503 });
    expect((await gatewayError(gateway.openSession(sessionRequest()))).code).toBe('GATEWAY_UNAVAILABLE');

    await control('PUT', '/__simulator/outages', { verify: null });
    expect((await gateway.query(request.reference, session.sessionKey)).outcome).toBe('PENDING');
  });

  it('gives up on a silent server after its timeout', async () => {
    const { server, url } = await listen(() => undefined);
    try {
      const slow = gatewayWith({ baseUrl: url, timeoutMs: 200 });
      const error = await gatewayError(slow.query(newPaymentReference(), 'ref'));
      expect(error.code).toBe('GATEWAY_UNAVAILABLE');
      expect(error.message).toMatch(/within 200 ms/);
    } finally {
      await close(server);
    }
  });

  it('cannot look up a payment without its paymentRefId', async () => {
    expect((await gatewayError(gateway.query(newPaymentReference(), null))).code).toBe('GATEWAY_REJECTED');
  });

  it('refuses other currencies before calling Nagad', async () => {
    const error = await gatewayError(gateway.openSession(sessionRequest({ currency: 'USD' })));
    expect(error.code).toBe('GATEWAY_REJECTED');
    expect(simulator.state.orders.size).toBe(0);
  });

  it('leaves refunds to finance: processing until confirmed, then their word stands', async () => {
    const refund = await gateway.refund({
      gatewayTransactionId: '000046HC',
      refundReference: 'rf_0123456789abcdefghjk',
      amountMinor: 100,
      currency: 'BDT',
      remarks: 'duplicate payment',
    });
    expect(refund).toMatchObject({ status: 'PROCESSING', gatewayRefundId: null });
    expect(refund.reason).toMatch(/merchant panel/);
    const confirmed = await gateway.queryRefund({ gatewayRefundId: 'NGD-RF-1', gatewayTransactionId: 'y' });
    expect(confirmed).toMatchObject({ status: 'SUCCEEDED', gatewayRefundId: 'NGD-RF-1' });
  });

  it('accepts only browser returns that name one of our payments', () => {
    const reference = newPaymentReference();
    const query = { order_id: orderIdFor(reference), payment_ref_id: 'abc', status: 'Success' };
    const inbound = (overrides: Partial<InboundRequest>): InboundRequest => ({
      kind: 'BROWSER_RETURN',
      query,
      form: {},
      headers: {},
      rawBody: '',
      ...overrides,
    });
    expect(gateway.parseInbound(inbound({}))).toEqual({
      accepted: true,
      callback: { reference, claimedStatus: 'Success', confirmationKey: 'abc', unsignedOutcome: 'SUCCEEDED' },
    });
    expect(gateway.parseInbound(inbound({ kind: 'NOTIFICATION' })).accepted).toBe(false);
    expect(gateway.parseInbound(inbound({ query: { ...query, order_id: 'TEST16183' } })).accepted).toBe(
      false,
    );
    expect(gateway.parseInbound(inbound({ query: { ...query, payment_ref_id: '' } })).accepted).toBe(false);
  });

  it('knows its hosted pages by origin only', () => {
    expect(gateway.isHostedPage(`${simulatorUrl}/check-out/abc`)).toBe(true);
    expect(gateway.isHostedPage('https://pay.evil.example/check-out/abc')).toBe(false);
    expect(gateway.isHostedPage('not a url')).toBe(false);
  });
});
