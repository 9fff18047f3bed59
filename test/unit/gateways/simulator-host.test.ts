import { statSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../../platform/config/index.js';
import { deploymentEnv } from '../../helpers/config-env.js';
import { bkashModule } from '../../../gateways/bkash/module.js';
import type { GatewayModule } from '../../../gateways/module.js';
import { nagadModule } from '../../../gateways/nagad/module.js';
import { nagadKeyFile } from '../../../gateways/nagad/simulator/mount.js';
import { envFile } from '../../../gateways/simulator-kit/env-file.js';
import { simulatorServiceEnvironment } from '../../../gateways/simulator-kit/host.js';
import type { SimulatorHost } from '../../../gateways/simulator-kit/host.js';
import { SIMULATOR_MOUNTS } from '../../../gateways/simulator-kit/mounts.js';
import { sslcommerzModule } from '../../../gateways/sslcommerz/module.js';
import { createStripeGateway } from '../../../gateways/stripe/client.js';
import { stripeModule } from '../../../gateways/stripe/module.js';
import type { Currency } from '../../../domain/shared/money.js';
import type { CheckoutGateway, GatewaySessionRequest } from '../../../gateways/types.js';
import {
  startSimulatorHostFixture,
  type ReceivedRequest,
  type SimulatorHostFixture,
} from '../../helpers/simulator-host-fixture.js';

/**
 * Every simulator behind the one host `npm start` runs, each driven by our real client through its
 * path prefix, with the environment the host hands the service.
 */

let fixture: SimulatorHostFixture;
let host: SimulatorHost;
let dataDir: string;
let baseUrl: string;
let serviceUrl: string;
let env: Record<string, string>;
/** What the simulators sent our stand-in API on their own (IPNs, Stripe's webhooks). */
let received: ReceivedRequest[];

beforeAll(async () => {
  fixture = await startSimulatorHostFixture('oi-simulator-host-');
  ({ host, dataDir, baseUrl, serviceUrl, env, received } = fixture);
});

afterAll(() => fixture.close());

const required = (name: string) => fixture.required(name);
const sessionRequest = (currency?: Currency): GatewaySessionRequest => fixture.sessionRequest(currency);

async function get(url: string): Promise<{ status: number; html: string }> {
  const response = await fetch(url);
  return { status: response.status, html: await response.text() };
}

/** The hosted page loads, and every form on it posts back under the simulator's prefix. */
async function pageUnderPrefix(url: string, prefix: string): Promise<string[]> {
  expect(url.startsWith(`${baseUrl}${prefix}/`)).toBe(true);
  const page = await get(url);
  expect(page.status).toBe(200);
  const actions = [...page.html.matchAll(/<form method="post" action="([^"]*)"/g)].map((match) => match[1]!);
  expect(actions.length).toBeGreaterThan(0);
  for (const action of actions) expect(action.startsWith(`${prefix}/`)).toBe(true);
  return actions;
}

async function post(action: string, form: Record<string, string>): Promise<Response> {
  return fetch(new URL(action, baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
    redirect: 'manual',
  });
}

describe('the simulator host', () => {
  it('serves an index and a tester page per simulator, and nothing else', async () => {
    const index = await get(`${baseUrl}/`);
    expect(index.status).toBe(200);
    for (const name of ['sslcommerz', 'bkash', 'nagad', 'stripe']) {
      expect(index.html).toContain(`href="${baseUrl}/${name}"`);
      expect(index.html).toContain(`href="${baseUrl}/${name}/__simulator/faults"`);
      const tester = await get(`${baseUrl}/${name}`);
      expect(tester.status).toBe(200);
      expect(tester.html).toContain(`action="/${name}/__simulator/reset"`);
      expect((await get(`${baseUrl}/${name}/__simulator/faults`)).status).toBe(200);
    }
    expect((await get(`${baseUrl}/paypal/`)).status).toBe(404);
    expect((await get(`${baseUrl}/sslcommerz/`)).html).toContain('oipay_test_store');
  });

  it('hands the service every gateway URL and TEST credential, minus a gateway the user pointed elsewhere', () => {
    expect(env).toMatchObject({
      SSLCOMMERZ_SANDBOX_URL: `${baseUrl}/sslcommerz`,
      SSLCOMMERZ_TEST_STORE_ID: 'oipay_test_store',
      BKASH_SANDBOX_URL: `${baseUrl}/bkash`,
      NAGAD_SANDBOX_URL: `${baseUrl}/nagad/remote-payment-gateway-1.0/api/dfs`,
      STRIPE_API_URL: baseUrl,
    });
    for (const name of [
      'SSLCOMMERZ_TEST_STORE_PASSWORD',
      'BKASH_TEST_USERNAME',
      'BKASH_TEST_PASSWORD',
      'BKASH_TEST_APP_KEY',
      'BKASH_TEST_APP_SECRET',
      'NAGAD_TEST_MERCHANT_ID',
      'NAGAD_TEST_MERCHANT_MOBILE',
      'STRIPE_TEST_SECRET_KEY',
      'STRIPE_TEST_WEBHOOK_SECRET',
    ]) {
      expect(required(name)).not.toBe('');
    }
    expect(env.NAGAD_TEST_MERCHANT_PRIVATE_KEY).toContain('-----BEGIN PRIVATE KEY-----');
    expect(env.NAGAD_TEST_PUBLIC_KEY).toContain('-----BEGIN PUBLIC KEY-----');

    const real = simulatorServiceEnvironment({
      baseUrl,
      dataDir,
      mounts: SIMULATOR_MOUNTS,
      userEnv: { SSLCOMMERZ_SANDBOX_URL: 'https://sandbox.sslcommerz.com' },
    });
    expect(Object.keys(real).filter((name) => name.startsWith('SSLCOMMERZ_'))).toEqual([]);
    // Another process on the same data directory (the launcher) derives the very same keys.
    expect(real.NAGAD_TEST_MERCHANT_PRIVATE_KEY).toBe(env.NAGAD_TEST_MERCHANT_PRIVATE_KEY);
    expect(real.NAGAD_TEST_PUBLIC_KEY).toBe(env.NAGAD_TEST_PUBLIC_KEY);
    expect(statSync(nagadKeyFile(dataDir)).mode & 0o777).toBe(0o600);
    expect(host.banner().join('\n')).toContain(path.basename(nagadKeyFile(dataDir)));
    expect(host.banner().join('\n')).not.toContain('PRIVATE KEY');
  });

  it('behind Docker Compose: calls go to the service name, pages to the browser origin, all through an env file', () => {
    const compose = simulatorServiceEnvironment({
      baseUrl: 'http://localhost:8081',
      serviceBaseUrl: 'http://simulators:8081',
      dataDir,
      mounts: SIMULATOR_MOUNTS,
    });
    expect(compose).toMatchObject({
      SSLCOMMERZ_SANDBOX_URL: 'http://simulators:8081/sslcommerz',
      SSLCOMMERZ_SANDBOX_PAGE_ORIGIN: 'http://localhost:8081',
      BKASH_SANDBOX_URL: 'http://simulators:8081/bkash',
      BKASH_SANDBOX_PAGE_ORIGIN: 'http://localhost:8081',
      NAGAD_SANDBOX_URL: 'http://simulators:8081/nagad/remote-payment-gateway-1.0/api/dfs',
      NAGAD_SANDBOX_PAGE_ORIGIN: 'http://localhost:8081',
      STRIPE_API_URL: 'http://simulators:8081',
      STRIPE_PAGE_ORIGIN: 'http://localhost:8081',
    });
    // `npm start`: browsers and the service share one address, so no page origin is needed.
    expect(Object.keys(env).filter((name) => name.endsWith('_PAGE_ORIGIN'))).toEqual([]);

    // Read back as Docker Compose reads single-quoted env-file values: literally.
    const file = envFile(compose, ['heading']);
    expect(file.startsWith('# heading\n')).toBe(true);
    const read = Object.fromEntries(
      file
        .split('\n')
        .filter((line) => line !== '' && !line.startsWith('#'))
        .map((line) => {
          const [, name, value] = /^([A-Z][A-Z0-9_]*)='(.*)'$/.exec(line)!;
          return [name!, value!];
        }),
    );
    expect(read.NAGAD_TEST_MERCHANT_PRIVATE_KEY).toContain('\\n');
    // What Compose would misread is refused, never written wrong.
    expect(() => envFile({ STORE_PASSWORD: "it's" })).toThrow(/quote/);
    expect(() => envFile({ NOTE: 'two\nlines' })).toThrow(/not a PEM/);

    // The env file Compose's api and worker start with passes a deployment's rules.
    const config = loadConfig({ ...deploymentEnv, ...read });
    const modules = [sslcommerzModule, bkashModule, nagadModule, stripeModule] as unknown as GatewayModule[];
    for (const module of modules) {
      const credentials = module.fallbackCredentials(read, config, 'TEST');
      expect(credentials).not.toBeNull();
      const gateway = module.create({
        credentials: credentials!,
        mode: 'TEST',
        env: read,
        config,
        receipts: null,
      });
      expect(gateway.isHostedPage(`http://localhost:8081/${module.name}/page`)).toBe(true);
      expect(module.pageOrigins(read, config)).toContain('http://localhost:8081');
    }
    // A sandbox's page origin is for TEST payments only.
    const live = bkashModule.create({
      credentials: bkashModule.fallbackCredentials(read, config, 'TEST')!,
      mode: 'LIVE',
      env: read,
      config,
      receipts: null,
    });
    expect(live.isHostedPage('http://localhost:8081/bkash/page')).toBe(false);
  });

  it('SSLCOMMERZ: a session opens under /sslcommerz and its page takes the outcome there', async () => {
    const gateway = fixture.sslcommerzClient();
    const { redirectUrl } = await gateway.openSession(sessionRequest());
    expect(gateway.isHostedPage(redirectUrl)).toBe(true);
    const [action] = await pageUnderPrefix(redirectUrl, '/sslcommerz');
    const paid = await post(action!, { outcome: 'VALID' });
    expect(paid.status).toBe(200);
    expect(await paid.text()).toContain('Returning to the merchant');
  });

  it('bKash: a payment opens under /bkash and its page sends the customer back', async () => {
    const gateway: CheckoutGateway = fixture.bkashClient();
    const { redirectUrl } = await gateway.openSession(sessionRequest());
    expect(gateway.isHostedPage(redirectUrl)).toBe(true);
    const [action] = await pageUnderPrefix(redirectUrl, '/bkash');
    const page = new URL(redirectUrl).searchParams;
    const approved = await post(action!, {
      paymentId: page.get('paymentId')!,
      hash: page.get('hash')!,
      choice: 'success',
    });
    expect(approved.status).toBe(303);
    expect(approved.headers.get('location')).toContain(`${serviceUrl}/checkout/`);
  });

  it('Nagad: a checkout opens under /nagad with the keys from the data directory', async () => {
    const gateway = fixture.nagadClient();
    const { redirectUrl } = await gateway.openSession(sessionRequest());
    expect(gateway.isHostedPage(redirectUrl)).toBe(true);
    const [action] = await pageUnderPrefix(redirectUrl, '/nagad');
    const paid = await post(action!, { choice: 'Success' });
    expect(paid.status).toBe(303);
    expect(paid.headers.get('location')).toContain(`${serviceUrl}/checkout/`);
  });

  it('Stripe: the SDK reaches /v1 at the root, Checkout lives under /stripe, webhooks reach the service', async () => {
    const api = new URL(required('STRIPE_API_URL'));
    const gateway = createStripeGateway({
      secretKey: required('STRIPE_TEST_SECRET_KEY'),
      webhookSecret: required('STRIPE_TEST_WEBHOOK_SECRET'),
      host: api.hostname,
      port: Number(api.port),
      protocol: api.protocol === 'https:' ? 'https' : 'http',
      timeoutMs: 5_000,
      maxNetworkRetries: 0,
    });
    const request = sessionRequest('USD');
    const { redirectUrl } = await gateway.openSession(request);
    expect(gateway.isHostedPage(redirectUrl)).toBe(true);
    const [action] = await pageUnderPrefix(redirectUrl, '/stripe');
    const paid = await post(action!, { choice: 'pay' });
    expect(paid.status).toBe(303);
    expect(paid.headers.get('location')).toContain(request.successUrl);

    const webhook = received
      .filter((delivery) => delivery.path === '/api/v1/gateways/stripe/ipn')
      .find((delivery) => {
        const event = JSON.parse(delivery.rawBody) as { type: string };
        return event.type === 'checkout.session.completed' && delivery.rawBody.includes(request.reference);
      });
    expect(webhook).toBeDefined();
    const verdict = gateway.parseInbound({
      kind: 'NOTIFICATION',
      query: {},
      form: {},
      headers: webhook!.headers,
      rawBody: webhook!.rawBody,
    });
    expect(verdict).toMatchObject({ accepted: true });
  });
});
