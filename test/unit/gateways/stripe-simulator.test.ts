import { once } from 'node:events';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { createStripeSimulator } from '../../../gateways/stripe/simulator/app.js';
import type { StripeSimulator } from '../../../gateways/stripe/simulator/app.js';
import { parseStripeForm } from '../../../gateways/stripe/simulator/form.js';
import { signatureHeader } from '../../../gateways/stripe/simulator/signing.js';

/** The simulator's wire behaviour, spoken to as raw HTTP. */

const SECRET_KEY = 'sk_test_oipay_simulator_test';

let simulator: StripeSimulator;
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer((req, res) => simulator.callback()(req, res));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  simulator = createStripeSimulator({ publicUrl: baseUrl, secretKeys: [SECRET_KEY] });
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => simulator.reset());

type Json = Record<string, unknown>;

async function call(
  method: string,
  path: string,
  body?: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: Json; headers: Headers }> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${SECRET_KEY}`,
      ...(body === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded' }),
      ...headers,
    },
    body,
  });
  return { status: response.status, json: (await response.json()) as Json, headers: response.headers };
}

const SESSION_FORM = [
  'mode=payment',
  'line_items[0][quantity]=2',
  'line_items[0][price_data][currency]=eur',
  'line_items[0][price_data][unit_amount]=1250',
  'line_items[0][price_data][product_data][name]=Exam%20fee',
  'success_url=https%3A%2F%2Fm.example%2Fok%3Fsession_id%3D%7BCHECKOUT_SESSION_ID%7D',
  'client_reference_id=pay_1',
  'metadata[reference]=pay_1',
].join('&');

describe('form decoding', () => {
  test('bracket keys build nested objects and lists', () => {
    expect(parseStripeForm('a[b][0][c]=1&a[b][1][c]=2&expand[]=x&expand[]=y&metadata[k]=v%20w')).toEqual({
      a: { b: [{ c: '1' }, { c: '2' }] },
      expand: ['x', 'y'],
      metadata: { k: 'v w' },
    });
  });

  test('a key given as both a value and a hash is refused', () => {
    expect(() => parseStripeForm('a=1&a[b]=2')).toThrow(/Invalid hash/);
    expect(() => parseStripeForm('__proto__[x]=1')).toThrow(/Invalid parameter name/);
  });
});

describe('the API', () => {
  test('a session is created from the SDK encoding and totals its line items', async () => {
    const { status, json, headers } = await call('POST', '/v1/checkout/sessions', SESSION_FORM);
    expect(status).toBe(200);
    expect(headers.get('request-id')).toMatch(/^req_/);
    expect(json).toMatchObject({
      object: 'checkout.session',
      amount_total: 2_500,
      currency: 'eur',
      status: 'open',
      payment_status: 'unpaid',
      payment_intent: null,
      client_reference_id: 'pay_1',
      success_url: 'https://m.example/ok?session_id={CHECKOUT_SESSION_ID}',
      url: `${baseUrl}/c/pay/${String(json.id)}`,
    });
    expect((json.expires_at as number) - (json.created as number)).toBe(24 * 3600);
  });

  test('no key or a wrong key is a 401 in Stripe error shape', async () => {
    const missing = await call('GET', '/v1/refunds/re_x', undefined, { authorization: '' });
    expect(missing.status).toBe(401);
    expect(missing.json).toEqual({
      error: { type: 'invalid_request_error', message: expect.stringMatching(/did not provide an API key/) },
    });
    const basic = await call('GET', '/v1/refunds/re_x', undefined, {
      authorization: `Basic ${Buffer.from(`${SECRET_KEY}:`).toString('base64')}`,
    });
    expect(basic.status).toBe(404);
    const wrong = await call('GET', '/v1/refunds/re_x', undefined, {
      authorization: 'Bearer sk_test_wrong_000000',
    });
    expect(wrong.json).toMatchObject({ error: { type: 'invalid_request_error', code: 'api_key_invalid' } });
  });

  test('unknown, missing and invalid parameters are named in Stripe notation', async () => {
    const unknown = await call('POST', '/v1/checkout/sessions', `${SESSION_FORM}&line_items[0][colour]=red`);
    expect(unknown.status).toBe(400);
    expect(unknown.json).toMatchObject({
      error: {
        code: 'parameter_unknown',
        param: 'line_items[0][colour]',
        message: 'Received unknown parameter: line_items[0][colour]',
      },
    });
    const missing = await call(
      'POST',
      '/v1/checkout/sessions',
      SESSION_FORM.replace('line_items[0][price_data][currency]=eur&', ''),
    );
    expect(missing.json).toMatchObject({
      error: { code: 'parameter_missing', param: 'line_items[0][price_data][currency]' },
    });
    const early = await call(
      'POST',
      '/v1/checkout/sessions',
      `${SESSION_FORM}&expires_at=${Math.floor(Date.now() / 1000) + 600}`,
    );
    expect(early.json).toMatchObject({ error: { param: 'expires_at', type: 'invalid_request_error' } });
  });

  test('an idempotency key replays its answer, and refuses other parameters', async () => {
    const first = await call('POST', '/v1/checkout/sessions', SESSION_FORM, { 'idempotency-key': 'k1' });
    const replay = await call('POST', '/v1/checkout/sessions', SESSION_FORM, { 'idempotency-key': 'k1' });
    expect(replay.json).toEqual(first.json);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    const conflict = await call(
      'POST',
      '/v1/checkout/sessions',
      `${SESSION_FORM}&customer_email=a%40b.example`,
      {
        'idempotency-key': 'k1',
      },
    );
    expect(conflict.status).toBe(400);
    expect(conflict.json).toMatchObject({ error: { type: 'idempotency_error' } });
    expect(simulator.state.sessions.size).toBe(1);
  });

  test('a refused request leaves its idempotency key free', async () => {
    const refused = await call('POST', '/v1/checkout/sessions', 'mode=payment', { 'idempotency-key': 'k2' });
    expect(refused.status).toBe(400);
    const corrected = await call('POST', '/v1/checkout/sessions', SESSION_FORM, { 'idempotency-key': 'k2' });
    expect(corrected.status).toBe(200);
  });

  test('retrieval expands the PaymentIntent and its charge', async () => {
    const { json: created } = await call('POST', '/v1/checkout/sessions', SESSION_FORM);
    await fetch(`${baseUrl}/__simulator/sessions/${String(created.id)}/complete`, {
      method: 'POST',
      body: JSON.stringify({ choice: 'pay' }),
    });
    const { json } = await call(
      'GET',
      `/v1/checkout/sessions/${String(created.id)}?expand[0]=payment_intent&expand[1]=payment_intent.latest_charge`,
    );
    expect(json).toMatchObject({
      status: 'complete',
      payment_status: 'paid',
      url: null,
      payment_intent: {
        object: 'payment_intent',
        status: 'succeeded',
        amount: 2_500,
        metadata: {},
        latest_charge: {
          object: 'charge',
          status: 'succeeded',
          payment_method_details: { type: 'card', card: { brand: 'visa' } },
        },
      },
    });
    const bad = await call('GET', `/v1/checkout/sessions/${String(created.id)}?expand[0]=currency`);
    expect(bad.json).toMatchObject({ error: { message: 'This property cannot be expanded (currency).' } });
  });

  test('an open session can be expired once; an unknown one is missing', async () => {
    const { json: created } = await call('POST', '/v1/checkout/sessions', SESSION_FORM);
    const expired = await call('POST', `/v1/checkout/sessions/${String(created.id)}/expire`, '');
    expect(expired.json).toMatchObject({ status: 'expired', url: null });
    const again = await call('POST', `/v1/checkout/sessions/${String(created.id)}/expire`, '');
    expect(again.status).toBe(400);
    const unknown = await call('GET', '/v1/checkout/sessions/cs_test_nope');
    expect(unknown.status).toBe(404);
    expect(unknown.json).toMatchObject({ error: { code: 'resource_missing', param: 'session' } });
  });

  test('an outage answers 503 with an api_error', async () => {
    await fetch(`${baseUrl}/__simulator/outages`, {
      method: 'PUT',
      body: JSON.stringify({ sessions: { forMs: 60_000 } }),
    });
    const { status, json } = await call('POST', '/v1/checkout/sessions', SESSION_FORM);
    expect(status).toBe(503);
    expect(json).toMatchObject({ error: { type: 'api_error' } });
  });
});

describe('the control API and signatures', () => {
  test('bad control requests are answered 400, unknown sessions 404', async () => {
    const { json: created } = await call('POST', '/v1/checkout/sessions', SESSION_FORM);
    const bad = await fetch(`${baseUrl}/__simulator/sessions/${String(created.id)}/complete`, {
      method: 'POST',
      body: JSON.stringify({ choice: 'teleport' }),
    });
    expect(bad.status).toBe(400);
    const unknown = await fetch(`${baseUrl}/__simulator/sessions/cs_test_nope/complete`, {
      method: 'POST',
      body: JSON.stringify({ choice: 'pay' }),
    });
    expect(unknown.status).toBe(404);
    const faults = await fetch(`${baseUrl}/__simulator/faults`, {
      method: 'PUT',
      body: JSON.stringify({ faults: { nope: 1 } }),
    });
    expect(faults.status).toBe(400);
  });

  test('the signature is the one stripe-node computes', () => {
    const payload = '{"id":"evt_1"}';
    const header = signatureHeader(payload, 'whsec_abc', 1_700_000_000);
    expect(header).toBe(
      Stripe.webhooks.generateTestHeaderString({ payload, secret: 'whsec_abc', timestamp: 1_700_000_000 }),
    );
  });
});
