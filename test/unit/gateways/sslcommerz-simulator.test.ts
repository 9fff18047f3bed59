import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import { createSslcommerzApi, type SslcommerzApi } from '../../../gateways/sslcommerz/client.js';
import { createSslcommerzSimulator } from '../../../gateways/sslcommerz/simulator/app.js';
import type { SslcommerzSimulator } from '../../../gateways/sslcommerz/simulator/app.js';
import { OutageBook } from '../../../gateways/sslcommerz/simulator/outages.js';
import { PATHS } from '../../../gateways/sslcommerz/protocol.js';
import type { GatewaySessionRequest } from '../../../gateways/types.js';
import { GatewayError } from '../../../gateways/types.js';
import { close, listen, readAll } from '../../helpers/local-server.js';
import { hangGuardDeadline } from '../../helpers/patience.js';

const STORE = { storeId: 'oipay_test_store', storePassword: 'oipay_test_store@ssl' };

/** Stands in for our service's IPN endpoint. */
const received: Array<{ path: string; contentType: string; fields: Record<string, string> }> = [];
async function ipnListener(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await readAll(req);
  received.push({
    path: req.url ?? '',
    contentType: req.headers['content-type'] ?? '',
    fields: Object.fromEntries(new URLSearchParams(body)),
  });
  res.end('OK');
}

async function waitForIpns(count: number, timeoutMs = 5_000): Promise<void> {
  const deadline = hangGuardDeadline(timeoutMs);
  while (received.length < count) {
    if (Date.now() > deadline) throw new Error(`expected ${count} IPNs, got ${received.length}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

let simulator: SslcommerzSimulator;
let simulatorServer: Server;
let simulatorUrl: string;
let ipnServer: Server;
let ipnUrl: string;
let gateway: SslcommerzApi;
let counter = 0;
/** The simulator's clock: the real one unless a test holds it at a moment of its choosing. */
let clockMs: number | null = null;

beforeAll(async () => {
  ({ server: ipnServer, url: ipnUrl } = await listen((req, res) => void ipnListener(req, res)));
  // The public URL is only known once the port is, so the listener is attached after listening.
  let handler: RequestListener = (_req, res) => res.end();
  ({ server: simulatorServer, url: simulatorUrl } = await listen((req, res) => handler(req, res)));
  simulator = createSslcommerzSimulator({
    publicUrl: simulatorUrl,
    stores: [STORE],
    now: () => clockMs ?? Date.now(),
  });
  handler = simulator.callback();
  gateway = createSslcommerzApi({ baseUrl: simulatorUrl, ...STORE, timeoutMs: 5_000 });
});

afterAll(async () => {
  await close(simulatorServer);
  await close(ipnServer);
});

beforeEach(() => {
  simulator.reset();
  received.length = 0;
  clockMs = null;
});

function sessionRequest(overrides: Partial<GatewaySessionRequest> = {}): GatewaySessionRequest {
  counter += 1;
  return {
    reference: `pay_${Date.now()}_${counter}`,
    amountMinor: 12345,
    currency: 'BDT',
    productName: 'Exam fee <2026>',
    customer: { name: 'Rahim', email: null },
    successUrl: 'https://merchant.example/success',
    failUrl: 'https://merchant.example/fail',
    cancelUrl: 'https://merchant.example/cancel',
    ipnUrl: `${ipnUrl}/ipn`,
    ...overrides,
  };
}

interface Completion {
  tranId: string;
  valId: string | null;
  bankTranId: string;
  ipn: Array<{ status: number | null; error?: string }>;
  redirect: { url: string; fields: Record<string, string> };
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

async function pay(outcome = 'VALID', overrides: Partial<GatewaySessionRequest> = {}) {
  const request = sessionRequest(overrides);
  const session = await gateway.initiateSession(request);
  const completion = await control<Completion>(
    'POST',
    `/__simulator/sessions/${session.sessionKey}/complete`,
    {
      outcome,
    },
  );
  expect(completion.status).toBe(200);
  return { request, session, completion: completion.json };
}

async function setFaults(faults: Record<string, unknown>, tranId?: string): Promise<void> {
  const { status } = await control('PUT', '/__simulator/faults', { tranId, faults });
  expect(status).toBe(200);
}

/** The merchantTransID API as the wire answers it, for what the client maps away. */
async function merchantApi(params: Record<string, string>): Promise<{ status: number; json: Json | null }> {
  const query = new URLSearchParams({
    ...params,
    store_id: STORE.storeId,
    store_passwd: STORE.storePassword,
    v: '1',
    format: 'json',
  });
  const response = await fetch(`${simulatorUrl}${PATHS.merchantTransId}?${query}`);
  const text = await response.text();
  return { status: response.status, json: response.ok ? (JSON.parse(text) as Json) : null };
}

async function rejection(promise: Promise<unknown>): Promise<GatewayError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(GatewayError);
  return error as GatewayError;
}

describe('session API', () => {
  it('opens a session with a hosted page', async () => {
    const request = sessionRequest();
    const session = await gateway.initiateSession(request);
    expect(session.sessionKey).toMatch(/^[0-9A-F]{32}$/);
    expect(session.gatewayPageUrl).toBe(
      `${simulatorUrl}/EasyCheckOut/testcde${session.sessionKey.toLowerCase()}`,
    );

    const page = await fetch(session.gatewayPageUrl);
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain(request.reference);
    expect(html).toContain('123.45 BDT');
    expect(html).toContain('Exam fee &lt;2026&gt;');
    expect(html).toContain(STORE.storeId);
    for (const [outcome, label] of [
      ['VALID', 'Pay'],
      ['VALID_RISKY', 'Pay (risky)'],
      ['FAILED', 'Fail'],
      ['CANCELLED', 'Cancel'],
    ]) {
      expect(html).toContain(`data-outcome="${outcome}">${label}</button>`);
    }

    const stored = await control('GET', `/__simulator/sessions/by-tran-id/${request.reference}`);
    expect(stored.json).toMatchObject({
      sessionkey: session.sessionKey,
      amount: '123.45',
      currency: 'BDT',
      status: 'PENDING',
      successUrl: request.successUrl,
      ipnUrl: request.ipnUrl,
    });
  });

  it('rejects wrong store credentials', async () => {
    const wrong = createSslcommerzApi({
      baseUrl: simulatorUrl,
      storeId: STORE.storeId,
      storePassword: 'nope',
    });
    const error = await rejection(wrong.initiateSession(sessionRequest()));
    expect(error.code).toBe('GATEWAY_REJECTED');
    expect(error.message).toBe('Store Credential Error Or Store is De-active');
  });

  it.each([999, 50_000_001])('rejects %i minor units of BDT', async (amountMinor) => {
    const error = await rejection(gateway.initiateSession(sessionRequest({ amountMinor })));
    expect(error.code).toBe('GATEWAY_REJECTED');
    expect(error.message).toContain('total_amount');
  });

  it('names a missing required field', async () => {
    const response = await fetch(`${simulatorUrl}/gwprocess/v4/api.php`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        store_id: STORE.storeId,
        store_passwd: STORE.storePassword,
        total_amount: '100',
      }),
    });
    expect(await response.json()).toMatchObject({
      status: 'FAILED',
      failedreason: expect.stringContaining('currency'),
    });
  });

  it('accepts multipart bodies like the official Node library sends', async () => {
    const form = new FormData();
    const fields: Record<string, string> = {
      store_id: STORE.storeId,
      store_passwd: STORE.storePassword,
      total_amount: '100.00',
      currency: 'BDT',
      tran_id: 'multipart_1',
      success_url: 'https://merchant.example/s',
      fail_url: 'https://merchant.example/f',
      cancel_url: 'https://merchant.example/c',
      product_name: 'Книга',
      product_category: 'general',
      product_profile: 'general',
      shipping_method: 'NO',
      cus_name: 'A',
      cus_email: 'a@example.invalid',
      cus_add1: 'x',
      cus_city: 'Dhaka',
      cus_postcode: '1000',
      cus_country: 'Bangladesh',
      cus_phone: '01700000000',
    };
    for (const [key, value] of Object.entries(fields)) form.append(key, value);
    const response = await fetch(`${simulatorUrl}/gwprocess/v4/api.php`, { method: 'POST', body: form });
    expect(await response.json()).toMatchObject({ status: 'SUCCESS' });
    const stored = await control('GET', '/__simulator/sessions/by-tran-id/multipart_1');
    expect(stored.json.productName).toBe('Книга');
  });

  it('fails sessions on demand', async () => {
    const request = sessionRequest();
    await setFaults({ sessionFailure: 'Merchant is blocked' }, request.reference);
    const error = await rejection(gateway.initiateSession(request));
    expect(error).toMatchObject({ code: 'GATEWAY_REJECTED', message: 'Merchant is blocked' });
    await expect(gateway.initiateSession(sessionRequest())).resolves.toBeDefined();
  });

  it('allows a new session until the tran_id is paid', async () => {
    const request = sessionRequest();
    const first = await gateway.initiateSession(request);
    await control('POST', `/__simulator/sessions/${first.sessionKey}/complete`, { outcome: 'FAILED' });
    const second = await gateway.initiateSession(request);
    await control('POST', `/__simulator/sessions/${second.sessionKey}/complete`, { outcome: 'VALID' });
    const error = await rejection(gateway.initiateSession(request));
    expect(error.code).toBe('GATEWAY_REJECTED');

    const attempts = await gateway.queryByReference(request.reference);
    expect(attempts.map((attempt) => attempt.gatewayStatus)).toEqual(['VALID', 'FAILED']);
    expect(attempts[1]?.validationId).toBeNull();
  });
});

describe('payment, IPN and validation', () => {
  it('pays, notifies, validates and reports', async () => {
    const { request, completion } = await pay('VALID');
    expect(completion.ipn).toEqual([{ status: 200 }]);
    expect(received).toHaveLength(1);
    const ipn = received[0]!;
    expect(ipn.path).toBe('/ipn');
    expect(ipn.contentType).toBe('application/x-www-form-urlencoded');
    expect(ipn.fields).toMatchObject({ status: 'VALID', amount: '123.45', currency: 'BDT', risk_level: '0' });
    expect(ipn.fields.tran_date).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(completion.redirect).toEqual({ url: request.successUrl, fields: ipn.fields });

    const callback = gateway.parseCallback(ipn.fields);
    expect(callback).toEqual({
      reference: request.reference,
      gatewayStatus: 'VALID',
      validationId: completion.valId,
      amount: '123.45',
      currency: 'BDT',
      signatureValid: true,
    });

    const first = await gateway.validate(callback.validationId!);
    expect(first).toMatchObject({
      outcome: 'SUCCEEDED',
      gatewayStatus: 'VALID',
      reference: request.reference,
      amountMinor: 12345,
      currency: 'BDT',
      validationId: completion.valId,
      gatewayTransactionId: completion.bankTranId,
      riskLevel: 0,
    });
    const second = await gateway.validate(callback.validationId!);
    expect(second).toMatchObject({ outcome: 'SUCCEEDED', gatewayStatus: 'VALIDATED', amountMinor: 12345 });

    const attempts = await gateway.queryByReference(request.reference);
    expect(attempts).toHaveLength(1);
    expect(attempts[0]).toMatchObject({
      outcome: 'SUCCEEDED',
      gatewayStatus: 'VALIDATED',
      amountMinor: 12345,
    });
  });

  it('reports a risky payment', async () => {
    const { completion } = await pay('VALID_RISKY');
    expect(received[0]?.fields.risk_level).toBe('1');
    expect(await gateway.validate(completion.valId!)).toMatchObject({ outcome: 'SUCCEEDED', riskLevel: 1 });
  });

  it.each([
    ['FAILED', 'fail'],
    ['CANCELLED', 'cancel'],
    ['EXPIRED', 'fail'],
    ['UNATTEMPTED', 'cancel'],
  ])('sends a signed %s IPN without a val_id', async (outcome, page) => {
    const { request, completion } = await pay(outcome);
    expect(completion.valId).toBeNull();
    expect(completion.redirect.url).toBe(`https://merchant.example/${page}`);
    const callback = gateway.parseCallback(received[0]!.fields);
    expect(callback).toMatchObject({ gatewayStatus: outcome, validationId: null, signatureValid: true });
    const [attempt] = await gateway.queryByReference(request.reference);
    expect(attempt?.gatewayStatus).toBe(outcome);
  });

  it('lets an expired session be paid late', async () => {
    const request = sessionRequest();
    const session = await gateway.initiateSession(request);
    const path = `/__simulator/sessions/${session.sessionKey}/complete`;
    expect((await control('POST', path, { outcome: 'EXPIRED' })).status).toBe(200);
    expect((await control('POST', path, { outcome: 'VALID' })).status).toBe(200);
    expect((await control('POST', path, { outcome: 'VALID' })).status).toBe(409);
    expect(received.map((ipn) => ipn.fields.status)).toEqual(['EXPIRED', 'VALID']);
    const attempts = await gateway.queryByReference(request.reference);
    expect(attempts.map((attempt) => attempt.outcome)).toEqual(['SUCCEEDED', 'EXPIRED']);
  });

  it('reports an unknown val_id as UNKNOWN', async () => {
    expect(await gateway.validate('nothing-like-this')).toMatchObject({
      outcome: 'UNKNOWN',
      gatewayStatus: 'INVALID_TRANSACTION',
      amountMinor: null,
    });
  });

  it('returns no transactions for an unknown reference', async () => {
    expect(await gateway.queryByReference('never-seen')).toEqual([]);
  });

  it('refuses the validator with wrong credentials', async () => {
    const { completion } = await pay('VALID');
    const wrong = createSslcommerzApi({
      baseUrl: simulatorUrl,
      storeId: STORE.storeId,
      storePassword: 'x',
    });
    expect((await rejection(wrong.validate(completion.valId!))).code).toBe('GATEWAY_REJECTED');
    expect((await rejection(wrong.queryByReference('x'))).code).toBe('GATEWAY_REJECTED');
  });

  it('answers the sessionkey query before and after payment', async () => {
    const request = sessionRequest();
    const session = await gateway.initiateSession(request);
    const query = async () => {
      const params = new URLSearchParams({
        sessionkey: session.sessionKey,
        store_id: STORE.storeId,
        store_passwd: STORE.storePassword,
        v: '1',
        format: 'json',
      });
      const response = await fetch(
        `${simulatorUrl}/validator/api/merchantTransIDvalidationAPI.php?${params}`,
      );
      return response.json();
    };
    expect(await query()).toMatchObject({
      APIConnect: 'DONE',
      status: 'PENDING',
      tran_id: request.reference,
    });
    await control('POST', `/__simulator/sessions/${session.sessionKey}/complete`, { outcome: 'VALID' });
    expect(await query()).toMatchObject({ APIConnect: 'DONE', status: 'VALID', amount: '123.45' });
  });

  it('completes from the hosted page with an auto-submitting form', async () => {
    const request = sessionRequest();
    const session = await gateway.initiateSession(request);
    const response = await fetch(`${session.gatewayPageUrl}/complete`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'outcome=VALID',
    });
    const html = await response.text();
    expect(response.status).toBe(200);
    expect(html).toContain(`<form id="return" method="post" action="${request.successUrl}">`);
    expect(html).toContain(`name="tran_id" value="${request.reference}"`);
    expect(html).toContain('<button type="submit">Continue</button>');
    expect(html).toContain('<script>');
    expect(received).toHaveLength(1);

    const again = await fetch(session.gatewayPageUrl);
    expect(await again.text()).toContain('data-status="VALID"');
    const resubmit = await fetch(`${session.gatewayPageUrl}/complete`, {
      method: 'POST',
      body: 'outcome=FAILED',
    });
    expect(resubmit.status).toBe(200);
    expect(await gateway.queryByReference(request.reference)).toHaveLength(1);
  });
});

describe('faults', () => {
  it('forges the IPN signature', async () => {
    const request = sessionRequest();
    await setFaults({ forgeSignature: true }, request.reference);
    const session = await gateway.initiateSession(request);
    await control('POST', `/__simulator/sessions/${session.sessionKey}/complete`, { outcome: 'VALID' });
    const ipn = received[0]!.fields;
    expect(ipn.verify_sign).toMatch(/^[0-9a-f]{32}$/);
    expect(gateway.parseCallback(ipn).signatureValid).toBe(false);
  });

  it('sends a correctly signed IPN whose val_id the validator does not know', async () => {
    await setFaults({ unknownValId: true });
    const { request, completion } = await pay('VALID');
    const callback = gateway.parseCallback(received[0]!.fields);
    expect(callback.signatureValid).toBe(true);
    expect(callback.validationId).not.toBe(completion.valId);
    expect(await gateway.validate(callback.validationId!)).toMatchObject({ outcome: 'UNKNOWN' });
    const [attempt] = await gateway.queryByReference(request.reference);
    expect(attempt).toMatchObject({ outcome: 'SUCCEEDED', validationId: completion.valId });
  });

  it('reports a different amount everywhere, correctly signed', async () => {
    await setFaults({ amountDeltaMinor: -100 });
    const { completion } = await pay('VALID');
    const callback = gateway.parseCallback(received[0]!.fields);
    expect(callback).toMatchObject({ amount: '122.45', signatureValid: true });
    expect(await gateway.validate(completion.valId!)).toMatchObject({ amountMinor: 12245, currency: 'BDT' });
  });

  it('reports a different currency', async () => {
    await setFaults({ currency: 'USD' });
    const { completion } = await pay('VALID');
    expect(gateway.parseCallback(received[0]!.fields)).toMatchObject({
      currency: 'USD',
      signatureValid: true,
    });
    expect(await gateway.validate(completion.valId!)).toMatchObject({ amountMinor: 12345, currency: 'USD' });
  });

  it.each(['duplicate', 'concurrent'])('sends a %s IPN', async (ipn) => {
    await setFaults({ ipn });
    const { completion } = await pay('VALID');
    expect(completion.ipn).toEqual([{ status: 200 }, { status: 200 }]);
    expect(received).toHaveLength(2);
    expect(received[1]!.fields).toEqual(received[0]!.fields);
  });

  it('sends no IPN, and sends it again on request', async () => {
    await setFaults({ ipn: 'none' });
    const { request, completion } = await pay('VALID');
    expect(completion.ipn).toEqual([]);
    expect(received).toHaveLength(0);
    const [attempt] = await gateway.queryByReference(request.reference);
    expect(attempt).toMatchObject({ outcome: 'SUCCEEDED', amountMinor: 12345 });

    const late = await control('POST', `/__simulator/transactions/${request.reference}/send-ipn`);
    expect(late.json).toEqual({ tranId: request.reference, status: 200 });
    expect(gateway.parseCallback(received[0]!.fields)).toMatchObject({
      signatureValid: true,
      gatewayStatus: 'VALID',
    });
  });

  it('delays the IPN until after the browser has been sent back', async () => {
    await setFaults({ ipnDelayMs: 300 });
    const session = await gateway.initiateSession(sessionRequest());
    const response = await fetch(`${session.gatewayPageUrl}/complete`, {
      method: 'POST',
      body: 'outcome=VALID',
    });
    expect(response.status).toBe(200);
    expect(received).toHaveLength(0);
    await waitForIpns(1);
  });

  it('applies per-tran_id faults over the defaults and clears them', async () => {
    await setFaults({ ipn: 'none' });
    const request = sessionRequest();
    await setFaults({ ipn: 'duplicate' }, request.reference);
    expect(
      (await control<{ byTranId: Json }>('GET', '/__simulator/faults')).json.byTranId[request.reference],
    ).toEqual({
      ipn: 'duplicate',
    });
    const session = await gateway.initiateSession(request);
    await control('POST', `/__simulator/sessions/${session.sessionKey}/complete`, { outcome: 'VALID' });
    expect(received).toHaveLength(2);
    await control('DELETE', '/__simulator/faults');
    await pay('VALID');
    expect(received).toHaveLength(3);
  });

  it('answers bad control input with 4xx, never 500', async () => {
    expect((await control('PUT', '/__simulator/faults', { faults: { ipn: 'sometimes' } })).status).toBe(400);
    const badJson = await fetch(`${simulatorUrl}/__simulator/faults`, { method: 'PUT', body: '{nope' });
    expect(badJson.status).toBe(400);
    expect((await control('POST', '/__simulator/sessions/ABC/complete', { outcome: 'VALID' })).status).toBe(
      404,
    );
    expect((await control('POST', '/__simulator/transactions/none/send-ipn')).status).toBe(404);
    const session = await gateway.initiateSession(sessionRequest());
    const path = `/__simulator/sessions/${session.sessionKey}/complete`;
    expect((await control('POST', path, { outcome: 'MAYBE' })).status).toBe(400);
    expect((await control('POST', path, { outcome: 'VALID' })).status).toBe(200);
    expect((await control('POST', path, { outcome: 'VALID' })).status).toBe(409);
    expect((await fetch(`${simulatorUrl}/EasyCheckOut/testcdeffff`)).status).toBe(404);
    const garbage = await fetch(`${simulatorUrl}/gwprocess/v4/api.php`, {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
      body: '--x\r\ngarbage',
    });
    expect(garbage.status).toBe(200);
    expect(await garbage.json()).toMatchObject({ status: 'FAILED' });
  });
});

describe('refunds', () => {
  async function paid() {
    const { completion } = await pay('VALID');
    return completion.bankTranId;
  }

  const refund = (gatewayTransactionId: string, amountMinor: number, refundReference: string) =>
    gateway.initiateRefund({
      gatewayTransactionId,
      refundReference,
      amountMinor,
      currency: 'BDT',
      remarks: 'Customer asked',
    });

  it('refunds up to the paid amount, once per refund_trans_id', async () => {
    const bankTranId = await paid();
    const first = await refund(bankTranId, 5000, 'rf_1');
    expect(first).toMatchObject({ status: 'PROCESSING', reason: null });
    expect(first.gatewayRefundId).toMatch(/\S+/);

    const over = await refund(bankTranId, 7346, 'rf_2');
    expect(over).toMatchObject({ status: 'FAILED', gatewayRefundId: null });
    expect(over.reason).toContain('exceeds');

    // A refund_trans_id the gateway already took is our own earlier try whose answer was lost:
    // not a failure, since the money may be on its way.
    const duplicate = await refund(bankTranId, 100, 'rf_1');
    expect(duplicate).toMatchObject({ status: 'PROCESSING', alreadySubmitted: true, gatewayRefundId: null });
    expect(duplicate.reason).toContain('refund_trans_id');

    expect(await refund(bankTranId, 7345, 'rf_3')).toMatchObject({ status: 'PROCESSING' });
    expect(await gateway.queryRefund(first.gatewayRefundId!)).toMatchObject({
      status: 'SUCCEEDED',
      gatewayRefundId: first.gatewayRefundId,
    });
  });

  it('refuses an unknown bank_tran_id', async () => {
    const result = await refund('no-such-transaction', 100, 'rf_x');
    expect(result).toMatchObject({ status: 'FAILED', reason: 'Invalid bank_tran_id' });
  });

  it('reports refund statuses and refusals set by faults', async () => {
    const bankTranId = await paid();
    await setFaults({ refundQueryStatus: 'processing' });
    const started = await refund(bankTranId, 100, 'rf_p');
    expect(await gateway.queryRefund(started.gatewayRefundId!)).toMatchObject({ status: 'PROCESSING' });
    await setFaults({ refundQueryStatus: 'cancelled' });
    expect(await gateway.queryRefund(started.gatewayRefundId!)).toMatchObject({ status: 'FAILED' });
    await setFaults({ refundApiConnect: 'INACTIVE' });
    expect((await rejection(refund(bankTranId, 100, 'rf_q'))).code).toBe('GATEWAY_REJECTED');
  });

  it('refuses over-refunds, unknown transactions and reused refund_trans_ids with failed and a reason', async () => {
    const bankTranId = await paid();
    const ask = (amount: string, refundTransId: string, bank = bankTranId) =>
      merchantApi({
        bank_tran_id: bank,
        refund_trans_id: refundTransId,
        refund_amount: amount,
        refund_remarks: 'Customer asked',
      });
    const refusal = (errorReason: string) => ({
      status: 200,
      json: { APIConnect: 'DONE', status: 'failed', refund_ref_id: '', errorReason },
    });

    expect(await ask('100.00', 'rf_a')).toMatchObject({ status: 200, json: { status: 'success' } });
    expect(await ask('23.46', 'rf_b')).toMatchObject(refusal('Refund amount exceeds the refundable amount'));
    expect(await ask('1.00', 'rf_c', 'no-such-transaction')).toMatchObject(refusal('Invalid bank_tran_id'));
    expect(await ask('1.00', 'rf_a')).toMatchObject(refusal('Duplicate refund_trans_id'));
    // None of the refusals took any of the amount: the rest can still be refunded exactly.
    expect(await ask('23.45', 'rf_d')).toMatchObject({ json: { status: 'success' } });
  });

  it('reports a refund processing until its settlement time, then refunded on that time', async () => {
    const bankTranId = await paid();
    const initiatedAt = Date.parse('2026-03-01T04:00:00Z');
    clockMs = initiatedAt;
    await setFaults({ refundSettlesAfterMs: 6 * 3_600_000 });
    const slow = await refund(bankTranId, 1000, 'rf_slow');
    // `success` at initiation only means the request was taken.
    expect(slow.raw).toMatchObject({ status: 'success' });
    // Cleared after initiation: the refund keeps the settlement time it was initiated with.
    await setFaults({});
    const quick = await refund(bankTranId, 1000, 'rf_quick');
    expect(await gateway.queryRefund(quick.gatewayRefundId!)).toMatchObject({ status: 'SUCCEEDED' });

    clockMs = initiatedAt + 6 * 3_600_000 - 1;
    const before = await gateway.queryRefund(slow.gatewayRefundId!);
    expect(before).toMatchObject({ status: 'PROCESSING' });
    expect(before.raw).toMatchObject({
      status: 'processing',
      initiated_on: '2026-03-01 10:00:00',
      refunded_on: '',
    });

    clockMs = initiatedAt + 7 * 3_600_000;
    const after = await gateway.queryRefund(slow.gatewayRefundId!);
    expect(after).toMatchObject({ status: 'SUCCEEDED', gatewayRefundId: slow.gatewayRefundId });
    expect(after.raw).toMatchObject({
      status: 'refunded',
      initiated_on: '2026-03-01 10:00:00',
      refunded_on: '2026-03-01 16:00:00',
    });
  });

  it('lets refundQueryStatus override the settlement time', async () => {
    const bankTranId = await paid();
    clockMs = Date.parse('2026-03-01T04:00:00Z');
    await setFaults({ refundSettlesAfterMs: 3_600_000 });
    const early = await refund(bankTranId, 1000, 'rf_early');
    const cancelled = await refund(bankTranId, 1000, 'rf_cancel');
    clockMs += 60_000;

    await setFaults({ refundQueryStatus: 'refunded' });
    expect((await gateway.queryRefund(early.gatewayRefundId!)).raw).toMatchObject({
      status: 'refunded',
      refunded_on: '2026-03-01 10:01:00',
    });
    await setFaults({ refundQueryStatus: 'cancelled' });
    expect(await gateway.queryRefund(cancelled.gatewayRefundId!)).toMatchObject({ status: 'FAILED' });
    // Once the bank cancels a refund it stays cancelled, whatever its settlement time says.
    await setFaults({});
    clockMs += 2 * 3_600_000;
    expect((await gateway.queryRefund(cancelled.gatewayRefundId!)).raw).toMatchObject({
      status: 'cancelled',
      refunded_on: '',
      errorReason: 'Refund cancelled by the bank',
    });
  });

  it('bounds refundSettlesAfterMs', async () => {
    for (const refundSettlesAfterMs of [-1, 1.5, 30 * 24 * 3_600_000 + 1, '60000']) {
      const answer = await control('PUT', '/__simulator/faults', { faults: { refundSettlesAfterMs } });
      expect(answer.status).toBe(400);
    }
    await setFaults({ refundSettlesAfterMs: 0 });
  });
});

describe('client transport errors', () => {
  let server: Server;
  let url: string;

  beforeAll(async () => {
    ({ server, url } = await listen((req, res) => {
      const mode = new URL(req.url ?? '/', 'http://x').searchParams.get('tran_id');
      if (mode === 'hang') return;
      if (mode === 'unavailable') {
        res.statusCode = 503;
        return res.end('busy');
      }
      res.setHeader('content-type', 'text/html');
      res.end('<html>maintenance</html>');
    }));
  });

  afterAll(() => close(server));

  const client = (baseUrl: string, timeoutMs = 2_000) =>
    createSslcommerzApi({ baseUrl, ...STORE, timeoutMs });

  it('reports a non-JSON answer as a protocol error', async () => {
    expect((await rejection(client(url).initiateSession(sessionRequest()))).code).toBe(
      'GATEWAY_PROTOCOL_ERROR',
    );
  });

  it('reports 5xx as unavailable', async () => {
    expect((await rejection(client(url).queryByReference('unavailable'))).code).toBe('GATEWAY_UNAVAILABLE');
  });

  it('reports a timeout as unavailable', async () => {
    const error = await rejection(client(url, 200).queryByReference('hang'));
    expect(error.code).toBe('GATEWAY_UNAVAILABLE');
    expect(error.message).toContain('200 ms');
  });

  it('reports a refused connection as unavailable, without credentials in the details', async () => {
    const { server: closed, url: closedUrl } = await listen((_req, res) => res.end());
    await close(closed);
    const error = await rejection(client(closedUrl).validate('x'));
    expect(error.code).toBe('GATEWAY_UNAVAILABLE');
    expect(JSON.stringify(error.details)).not.toContain(STORE.storePassword);
  });
});

describe('outages', () => {
  it('takes the validation API away for a while: 503, which the client reports as unavailable', async () => {
    const { completion, request } = await pay('VALID');
    await control('PUT', '/__simulator/outages', { validation: { forMs: 60_000 } });
    await expect(gateway.validate(completion.valId!)).rejects.toMatchObject({
      name: 'GatewayError',
      code: 'GATEWAY_UNAVAILABLE',
    });
    // The query API is a different service and still answers.
    const [attempt] = await gateway.queryByReference(request.reference);
    expect(attempt).toMatchObject({ outcome: 'SUCCEEDED' });

    await control('PUT', '/__simulator/outages', { validation: null });
    expect(await gateway.validate(completion.valId!)).toMatchObject({ outcome: 'SUCCEEDED' });
  });

  it('takes the query API away, and ends the outage on its own clock', async () => {
    let now = 1_000_000;
    const book = new OutageBook(() => now);
    book.set({ query: { forMs: 180_000 } });
    expect(book.isDown('query')).toBe(true);
    expect(book.isDown('validation')).toBe(false);
    now += 179_999;
    expect(book.isDown('query')).toBe(true);
    now += 1;
    expect(book.isDown('query')).toBe(false);

    await control('PUT', '/__simulator/outages', { query: { forMs: 60_000 } });
    await expect(gateway.queryByReference('pay_anything')).rejects.toMatchObject({
      code: 'GATEWAY_UNAVAILABLE',
    });
    expect((await control<Record<string, string>>('GET', '/__simulator/outages')).json).toHaveProperty(
      'query',
    );
  });

  it('takes the refund API away, initiation and status query alike, until its end on its own clock', async () => {
    const { completion, request } = await pay('VALID');
    const refund = (refundReference: string) =>
      gateway.initiateRefund({
        gatewayTransactionId: completion.bankTranId,
        refundReference,
        amountMinor: 1000,
        currency: 'BDT',
        remarks: 'Customer asked',
      });
    clockMs = Date.parse('2026-03-01T04:00:00Z');
    const taken = await refund('rf_before');
    const outage = await control('PUT', '/__simulator/outages', { refund: { forMs: 30 * 60_000 } });
    expect(outage.json).toEqual({ refund: '2026-03-01T04:30:00.000Z' });

    await expect(refund('rf_during')).rejects.toMatchObject({ code: 'GATEWAY_UNAVAILABLE' });
    await expect(gateway.queryRefund(taken.gatewayRefundId!)).rejects.toMatchObject({
      code: 'GATEWAY_UNAVAILABLE',
    });
    expect((await merchantApi({ refund_ref_id: taken.gatewayRefundId! })).status).toBe(503);
    // The transaction query shares the URL but not the refund service: it still answers.
    const [attempt] = await gateway.queryByReference(request.reference);
    expect(attempt).toMatchObject({ outcome: 'SUCCEEDED' });
    // Nothing was taken while the API was away.
    expect([...simulator.state.refunds.values()].map((r) => r.refundTransId)).toEqual(['rf_before']);

    clockMs += 30 * 60_000 - 1;
    await expect(refund('rf_during')).rejects.toMatchObject({ code: 'GATEWAY_UNAVAILABLE' });
    clockMs += 1;
    expect(await refund('rf_after')).toMatchObject({ status: 'PROCESSING' });
    expect(await gateway.queryRefund(taken.gatewayRefundId!)).toMatchObject({ status: 'SUCCEEDED' });
  });

  it('takes the refund calls away with the query API, whose URL they share', async () => {
    const { completion } = await pay('VALID');
    await control('PUT', '/__simulator/outages', { query: { forMs: 60_000 } });
    const answer = await merchantApi({
      bank_tran_id: completion.bankTranId,
      refund_trans_id: 'rf_q',
      refund_amount: '1.00',
      refund_remarks: 'Customer asked',
    });
    expect(answer.status).toBe(503);
    expect(simulator.state.refunds.size).toBe(0);
    expect((await control('PUT', '/__simulator/outages', { refund: { forMs: 0 } })).status).toBe(400);
  });
});

describe('hosted pages', () => {
  it("sends customers only to the gateway's own origins", () => {
    const sandbox = createSslcommerzApi({
      baseUrl: 'https://sandbox.sslcommerz.com',
      storeId: 's',
      storePassword: 'p',
      pageOrigins: ['http://localhost:8081'],
    });
    expect(sandbox.isHostedPage('https://sandbox.sslcommerz.com/EasyCheckOut/testcde')).toBe(true);
    expect(sandbox.isHostedPage('http://localhost:8081/gwprocess/v4/page')).toBe(true);
    expect(sandbox.isHostedPage('https://sandbox.sslcommerz.com.evil.example/EasyCheckOut')).toBe(false);
    expect(sandbox.isHostedPage('http://sandbox.sslcommerz.com/EasyCheckOut')).toBe(false);
    expect(sandbox.isHostedPage('javascript:alert(1)')).toBe(false);
    expect(sandbox.isHostedPage('not a url')).toBe(false);
  });
});
