import { createSslcommerzApi } from '../../../gateways/sslcommerz/client.js';
import { createStripeGateway } from '../../../gateways/stripe/client.js';
import { FaultBook } from '../../../gateways/simulator-kit/faults.js';
import { GatewayError } from '../../../gateways/types.js';
import {
  startSimulatorHostFixture,
  type SimulatorHostFixture,
} from '../../helpers/simulator-host-fixture.js';

/**
 * The one-off failure of the call that confirms a payment (SSLCOMMERZ's validation, Nagad's
 * verify, Stripe's Checkout Session retrieve): armed for one payment from the tester page's form,
 * it fails that call with a 503 once the customer has paid, lets the next one through, and
 * disarms itself; other payments and calls made before the customer paid are untouched.
 */

let fixture: SimulatorHostFixture;
let baseUrl: string;

beforeAll(async () => {
  fixture = await startSimulatorHostFixture('oi-unavailable-once-');
  ({ baseUrl } = fixture);
});

afterAll(() => fixture.close());

const required = (name: string) => fixture.required(name);

/** The tester page's form for `fault`, posted for one payment; answers the page it leads back to. */
async function armFromPanel(name: string, fault: string, key: string): Promise<string> {
  const page = await (await fetch(`${baseUrl}/${name}`)).text();
  const form = [...page.matchAll(/<form method="post" action="([^"]*)">([\s\S]*?)<\/form>/g)].find(
    ([, action, body]) =>
      action!.endsWith('/__simulator/panel/arm') && body!.includes(`name="fault" value="${fault}"`),
  );
  if (!form) throw new Error(`the ${name} tester page has no form for ${fault}`);
  const hidden = Object.fromEntries(
    [...form[2]!.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)].map(([, n, v]) => [
      n!,
      v!,
    ]),
  );
  const response = await fetch(new URL(form[1]!, baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...hidden, key }).toString(),
    redirect: 'manual',
  });
  expect(response.status).toBe(303);
  return armedNow(name);
}

/** The "Armed now" section of a simulator's tester page. */
async function armedNow(name: string): Promise<string> {
  const html = await (await fetch(`${baseUrl}/${name}`)).text();
  const start = html.indexOf('<h2 id="panel-armed">');
  return html.slice(start, html.indexOf('</section>', start));
}

async function control<T>(name: string, method: string, route: string, body?: unknown): Promise<T> {
  const response = await fetch(`${baseUrl}/${name}${route}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as T;
}

const unavailable = { name: 'GatewayError', code: 'GATEWAY_UNAVAILABLE' };

describe('a one-off failure of the confirming call, armed per payment', () => {
  it('SSLCOMMERZ: the first validation of the val_id answers 503, the next VALID; another payment is untouched', async () => {
    const api = createSslcommerzApi({
      baseUrl: required('SSLCOMMERZ_SANDBOX_URL'),
      storeId: required('SSLCOMMERZ_TEST_STORE_ID'),
      storePassword: required('SSLCOMMERZ_TEST_STORE_PASSWORD'),
      timeoutMs: 5_000,
    });
    const paid = async () => {
      const request = fixture.sessionRequest();
      const session = await api.initiateSession(request);
      const done = await control<{ valId: string }>(
        'sslcommerz',
        'POST',
        `/__simulator/sessions/${session.sessionKey}/complete`,
        { outcome: 'VALID' },
      );
      return { reference: request.reference, valId: done.valId };
    };
    const payment = await paid();
    const other = await paid();
    const armed = await armFromPanel('sslcommerz', 'validationUnavailableOnce', payment.reference);
    expect(armed).toContain('Validation fails once');
    expect(armed).toContain(payment.reference);

    await expect(api.validate(other.valId)).resolves.toMatchObject({ outcome: 'SUCCEEDED' });
    const failed = api.validate(payment.valId);
    await expect(failed).rejects.toBeInstanceOf(GatewayError);
    await expect(failed).rejects.toMatchObject({ ...unavailable, message: expect.stringContaining('503') });
    expect(await armedNow('sslcommerz')).toContain('Nothing is armed');
    await expect(api.validate(payment.valId)).resolves.toMatchObject({
      outcome: 'SUCCEEDED',
      reference: payment.reference,
    });
  });

  it('Nagad: verify before the customer finished is untouched; the first verify after answers 503, the next Success', async () => {
    const gateway = fixture.nagadClient();
    const request = fixture.sessionRequest();
    const { sessionKey } = await gateway.openSession(request);
    const orderId = request.reference.replace('_', '');
    expect(await armFromPanel('nagad', 'verifyUnavailableOnce', orderId)).toContain('verify fails once');

    await expect(gateway.query(request.reference, sessionKey)).resolves.toMatchObject({ outcome: 'PENDING' });
    await control('nagad', 'POST', `/__simulator/payments/${encodeURIComponent(sessionKey)}/finish`, {
      outcome: 'Success',
    });
    await expect(gateway.query(request.reference, sessionKey)).rejects.toMatchObject(unavailable);
    expect(await armedNow('nagad')).toContain('Nothing is armed');
    await expect(gateway.query(request.reference, sessionKey)).resolves.toMatchObject({
      outcome: 'SUCCEEDED',
      reference: request.reference,
    });
  });

  it('Stripe: retrieving the open session is untouched; the first retrieve once it is complete answers 503, the next paid', async () => {
    const api = new URL(required('STRIPE_API_URL'));
    const gateway = (maxNetworkRetries: number) =>
      createStripeGateway({
        secretKey: required('STRIPE_TEST_SECRET_KEY'),
        webhookSecret: required('STRIPE_TEST_WEBHOOK_SECRET'),
        host: api.hostname,
        port: Number(api.port),
        protocol: 'http',
        timeoutMs: 5_000,
        maxNetworkRetries,
      });
    const once = gateway(0);
    const pay = async () => {
      const request = fixture.sessionRequest('USD');
      const { sessionKey } = await once.openSession(request);
      return { reference: request.reference, sessionKey };
    };
    const payment = await pay();
    expect(await armFromPanel('stripe', 'sessionRetrieveUnavailableOnce', payment.reference)).toContain(
      'Session retrieve fails once',
    );
    await expect(once.query(payment.reference, payment.sessionKey)).resolves.toMatchObject({
      outcome: 'PENDING',
    });
    await control('stripe', 'POST', `/__simulator/sessions/${payment.sessionKey}/complete`, {
      choice: 'pay',
    });
    await expect(once.query(payment.reference, payment.sessionKey)).rejects.toMatchObject(unavailable);
    expect(await armedNow('stripe')).toContain('Nothing is armed');
    await expect(once.query(payment.reference, payment.sessionKey)).resolves.toMatchObject({
      outcome: 'SUCCEEDED',
      reference: payment.reference,
    });

    // With the SDK's own retries (as the service runs it), the one 503 is retried away.
    const retried = await pay();
    await control('stripe', 'PUT', '/__simulator/faults', {
      reference: retried.reference,
      faults: { sessionRetrieveUnavailableOnce: true },
    });
    await control('stripe', 'POST', `/__simulator/sessions/${retried.sessionKey}/complete`, {
      choice: 'pay',
    });
    await expect(gateway(2).query(retried.reference, retried.sessionKey)).resolves.toMatchObject({
      outcome: 'SUCCEEDED',
    });
    expect(await armedNow('stripe')).toContain('Nothing is armed');
  });
});

describe('FaultBook.spend: a one-off fault strikes once where it was armed', () => {
  type Faults = { failOnce?: boolean; other?: number };
  it("spends a payment's own fault first, then every payment's, each once", () => {
    const book = new FaultBook<Faults, 'byKey'>('byKey');
    book.set({ failOnce: true, other: 3 }, 'pay_a');
    book.set({ failOnce: true });
    expect(book.spend('failOnce', 'pay_a')).toBe(true);
    expect(book.for('pay_a')).toEqual({ failOnce: true, other: 3 });
    expect(book.spend('failOnce', 'pay_a')).toBe(true);
    expect(book.spend('failOnce', 'pay_b')).toBe(false);
    expect(book.spend('failOnce', null)).toBe(false);
    expect(book.snapshot()).toEqual({ defaults: {}, byKey: { pay_a: { other: 3 } } });
  });

  it('a payment set to off is not reached by the fault armed for every payment', () => {
    const book = new FaultBook<Faults, 'byKey'>('byKey');
    book.set({ failOnce: false }, 'pay_a');
    book.set({ failOnce: true });
    expect(book.spend('failOnce', 'pay_a')).toBe(false);
    expect(book.spend('failOnce', 'pay_b')).toBe(true);
    expect(book.spend('failOnce', 'pay_b')).toBe(false);
  });
});
