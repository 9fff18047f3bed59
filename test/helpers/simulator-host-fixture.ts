import { mkdtempSync, rmSync } from 'node:fs';
import type { RequestListener } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { newPaymentReference } from '../../domain/shared/ids.js';
import type { Currency } from '../../domain/shared/money.js';
import { createBkashGateway } from '../../gateways/bkash/client.js';
import { createNagadGateway } from '../../gateways/nagad/client.js';
import { createSimulatorHost, type SimulatorHost } from '../../gateways/simulator-kit/host.js';
import { SIMULATOR_MOUNTS } from '../../gateways/simulator-kit/mounts.js';
import { createSslcommerzGateway } from '../../gateways/sslcommerz/client.js';
import type { CheckoutGateway, GatewaySessionRequest } from '../../gateways/types.js';
import { close, listen, readAll } from './local-server.js';

/**
 * The one simulator host `npm start` runs, on a free port, with a stand-in for our API that keeps
 * what the simulators send it on their own (IPNs, Stripe's webhooks).
 */

export interface ReceivedRequest {
  path: string;
  headers: Record<string, string>;
  rawBody: string;
}

export async function startSimulatorHostFixture(prefix: string) {
  const dataDir = mkdtempSync(path.join(tmpdir(), prefix));
  const received: ReceivedRequest[] = [];
  const service = await listen((req, res) => {
    void readAll(req).then((rawBody) => {
      const headers = Object.fromEntries(
        Object.entries(req.headers).map(([name, value]) => [
          name,
          Array.isArray(value) ? value.join(', ') : (value ?? ''),
        ]),
      );
      received.push({ path: req.url ?? '', headers, rawBody });
      res.end();
    });
  });
  // The base URL is only known once the port is, so the handler is attached after listening.
  let handler: RequestListener = (_req, res) => res.end();
  const hosted = await listen((req, res) => handler(req, res));
  const host: SimulatorHost = createSimulatorHost({
    baseUrl: hosted.url,
    serviceUrl: service.url,
    dataDir,
    mounts: SIMULATOR_MOUNTS,
    sweepIntervalMs: 50,
  });
  handler = host.handler;
  const env = host.serviceEnvironment();
  /** A setting the host hands the service; an error when it gave none. */
  const required = (name: string): string => {
    const value = env[name];
    if (!value) throw new Error(`the host gave no ${name}`);
    return value;
  };
  /** Our gateway clients, set up with the settings the host hands the service. */
  const client = {
    sslcommerz: () =>
      createSslcommerzGateway({
        baseUrl: required('SSLCOMMERZ_SANDBOX_URL'),
        storeId: required('SSLCOMMERZ_TEST_STORE_ID'),
        storePassword: required('SSLCOMMERZ_TEST_STORE_PASSWORD'),
        timeoutMs: 5_000,
      }),
    bkash: () =>
      createBkashGateway({
        baseUrl: required('BKASH_SANDBOX_URL'),
        username: required('BKASH_TEST_USERNAME'),
        password: required('BKASH_TEST_PASSWORD'),
        appKey: required('BKASH_TEST_APP_KEY'),
        appSecret: required('BKASH_TEST_APP_SECRET'),
        timeoutMs: 5_000,
      }),
    // The merchant's and Nagad's keys are among the settings, read from the host's data directory.
    nagad: () =>
      createNagadGateway({
        baseUrl: required('NAGAD_SANDBOX_URL'),
        merchantId: required('NAGAD_TEST_MERCHANT_ID'),
        merchantMobile: required('NAGAD_TEST_MERCHANT_MOBILE'),
        merchantPrivateKeyPem: required('NAGAD_TEST_MERCHANT_PRIVATE_KEY'),
        nagadPublicKeyPem: required('NAGAD_TEST_PUBLIC_KEY'),
        clientIp: '203.0.113.10',
        timeoutMs: 5_000,
      }),
  };

  return {
    host,
    dataDir,
    baseUrl: hosted.url,
    serviceUrl: service.url,
    env,
    /** What the simulators sent our stand-in API so far. */
    received,
    required,
    sslcommerzClient: client.sslcommerz,
    bkashClient: client.bkash,
    nagadClient: client.nagad,
    /**
     * A bKash payment of `amountMinor` the customer approved on the simulator's page, its browser
     * return accepted and the payment executed by our client.
     */
    async bkashPaid(amountMinor: number) {
      const gateway = client.bkash();
      const request = { ...checkoutSessionRequest(service.url), amountMinor };
      const { sessionKey } = await gateway.openSession(request);
      const completed = await fetch(`${hosted.url}/bkash/__simulator/payments/${sessionKey}/complete`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ choice: 'success' }),
      });
      if (!completed.ok) throw new Error(`bKash complete ${sessionKey}: ${completed.status}`);
      const { callbackUrl } = (await completed.json()) as { callbackUrl: string };
      const transaction = await confirmBrowserReturn(gateway, callbackUrl, sessionKey);
      return { request, sessionKey, transaction };
    },
    /** A checkout session request of a fresh payment, its browser and IPN URLs at the stand-in API. */
    sessionRequest: (currency: Currency = 'BDT') => checkoutSessionRequest(service.url, currency),
    async close() {
      host.close();
      await close(hosted.server);
      await close(service.server);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The customer's browser comes back to `callbackUrl`: our client accepts the return and confirms. */
export async function confirmBrowserReturn(
  gateway: CheckoutGateway,
  callbackUrl: string,
  sessionKey: string,
) {
  const verdict = gateway.parseInbound({
    kind: 'BROWSER_RETURN',
    query: Object.fromEntries(new URL(callbackUrl).searchParams),
    form: {},
    headers: {},
    rawBody: '',
  });
  if (!verdict.accepted) throw new Error(verdict.reason);
  return gateway.confirm(verdict.callback, sessionKey);
}

export type SimulatorHostFixture = Awaited<ReturnType<typeof startSimulatorHostFixture>>;

/** A checkout session request of a fresh payment, its browser and IPN URLs at `serviceUrl` (our API's stand-in). */
export function checkoutSessionRequest(
  serviceUrl: string,
  currency: Currency = 'BDT',
): GatewaySessionRequest {
  const reference = newPaymentReference();
  const back = `${serviceUrl}/checkout/${reference}/return`;
  return {
    reference,
    amountMinor: 5_000,
    currency,
    productName: 'Exam fee',
    customer: { name: 'Rahim', email: 'rahim@example.com', phone: '01711111111' },
    successUrl: back,
    failUrl: back,
    cancelUrl: back,
    ipnUrl: `${serviceUrl}/api/v1/gateways/any/ipn`,
  };
}
