import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { configSchema } from '../../../platform/config/index.js';
import type { Currency } from '../../../domain/shared/money.js';
import { findGatewayModule } from '../../../gateways/catalogue.js';
import type { GatewayModule } from '../../../gateways/module.js';
import { simulatorStateFile } from '../../../gateways/simulator-kit/durable-state.js';
import { simulatorServiceEnvironment } from '../../../gateways/simulator-kit/host.js';
import { SIMULATOR_MOUNTS } from '../../../gateways/simulator-kit/mounts.js';
import type { CheckoutGateway } from '../../../gateways/types.js';
import { close, listen, readAll } from '../../helpers/local-server.js';
import { listenPortFile, reportedPort } from '../../helpers/reported-port.js';
import { checkoutSessionRequest, confirmBrowserReturn } from '../../helpers/simulator-host-fixture.js';
import { startTcpProxy } from '../../helpers/tcp-proxy.js';
import { hangGuardDeadline } from '../../helpers/patience.js';

/**
 * The simulators `npm start` runs keep what they approved through a SIGKILL, as a gateway's
 * database does: each gateway, asked through its own API after the restart, still reports the
 * payment paid and the refund made, and a Stripe webhook the endpoint refused before the kill is
 * delivered by the restarted process.
 */

const ROOT = path.resolve(__dirname, '..', '..', '..');
const STRIPE_WEBHOOK_PATH = '/api/v1/gateways/stripe/ipn';

let dataDir: string;
let service: Awaited<ReturnType<typeof listen>>;
let simulators: ChildProcess | null = null;
/** The simulators' address, the same across restarts: a relay of the test's own in front of them. */
let relay: Awaited<ReturnType<typeof startTcpProxy>>;
let baseUrl: string;
/** Whether the stand-in for our API refuses Stripe's webhooks (as a service that is down would). */
let refusingWebhooks = true;
const webhooks: Array<{ status: number; body: { id: string; type: string }; rawBody: string }> = [];

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'oi-simulator-durability-'));
  service = await listen((req, res) => {
    void readAll(req).then((rawBody) => {
      if (req.url === STRIPE_WEBHOOK_PATH) {
        const status = refusingWebhooks ? 500 : 200;
        webhooks.push({ status, body: JSON.parse(rawBody) as { id: string; type: string }, rawBody });
        res.statusCode = status;
      }
      res.end();
    });
  });
  // One address for the simulators across their restarts, as a gateway's; each start of theirs
  // takes a port of the kernel's choosing (SIMULATOR_PORT=0) and the relay leads there.
  relay = await startTcpProxy(null);
  baseUrl = `http://127.0.0.1:${relay.port}`;
});

afterAll(async () => {
  await killSimulators();
  await relay?.close();
  await close(service.server);
  rmSync(dataDir, { recursive: true, force: true });
});

async function startSimulators(): Promise<void> {
  const portFile = listenPortFile('simulators');
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', 'gateways/simulators-main.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      SIMULATOR_PORT: '0',
      LISTEN_PORT_FILE: portFile,
      SIMULATOR_PUBLIC_URL: baseUrl,
      BIND_HOST: '127.0.0.1',
      PUBLIC_URL: service.url,
      DATA_DIR: dataDir,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
  });
  simulators = child;
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const port = await reportedPort(child, portFile, 'the simulators', () => stderr, 20_000);
  relay.retarget({ host: '127.0.0.1', port });
}

/** SIGKILL: no goodbye, as a crash or an out-of-memory kill. */
async function killSimulators(): Promise<void> {
  const child = simulators;
  simulators = null;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  process.kill(-child.pid!, 'SIGKILL');
  await exited;
}

async function control<T>(gateway: string, route: string, body: unknown): Promise<T> {
  const response = await fetch(`${baseUrl}/${gateway}${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${gateway} ${route}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

function gatewayClient(name: string, env: Record<string, string>): CheckoutGateway {
  const module = findGatewayModule(name) as unknown as GatewayModule;
  // The gateways' addresses are service settings: SSLCOMMERZ reads its from the config.
  const config = configSchema.parse(env);
  const credentials = module.fallbackCredentials(env, config, 'TEST');
  if (!credentials) throw new Error(`no simulator credentials for ${name}`);
  return module.create({ credentials, mode: 'TEST', env, config, receipts: null });
}

const sessionRequest = (currency: Currency) => checkoutSessionRequest(service.url, currency);

interface Paid {
  gateway: CheckoutGateway;
  reference: string;
  sessionKey: string;
  gatewayTransactionId: string;
  refundId: string | null;
}

/** What each gateway approved in the first test, by gateway. */
const paid: Record<string, Paid> = {};

async function refundPart(gateway: CheckoutGateway, paid: Omit<Paid, 'refundId'>, currency: Currency) {
  const refund = await gateway.refund({
    gatewayTransactionId: paid.gatewayTransactionId,
    sessionKey: paid.sessionKey,
    refundReference: `rf_${paid.reference}`,
    amountMinor: 1_000,
    currency,
    remarks: 'Returned',
  });
  expect(refund.status).not.toBe('FAILED');
  return refund.gatewayRefundId;
}

it('every gateway still reports its payments and refunds after a SIGKILL, and Stripe resumes a failing webhook', async () => {
  const env = simulatorServiceEnvironment({ baseUrl, dataDir, mounts: SIMULATOR_MOUNTS });
  await startSimulators();

  {
    const gateway = gatewayClient('sslcommerz', env);
    const request = sessionRequest('BDT');
    const { sessionKey } = await gateway.openSession(request);
    const { bankTranId } = await control<{ bankTranId: string }>(
      'sslcommerz',
      `/__simulator/sessions/${sessionKey}/complete`,
      { outcome: 'VALID' },
    );
    const payment = { gateway, reference: request.reference, sessionKey, gatewayTransactionId: bankTranId };
    paid.sslcommerz = { ...payment, refundId: await refundPart(gateway, payment, 'BDT') };
  }
  {
    const gateway = gatewayClient('bkash', env);
    const request = sessionRequest('BDT');
    const { sessionKey } = await gateway.openSession(request);
    const { callbackUrl } = await control<{ callbackUrl: string }>(
      'bkash',
      `/__simulator/payments/${sessionKey}/complete`,
      { choice: 'success' },
    );
    const executed = await confirmBrowserReturn(gateway, callbackUrl, sessionKey);
    const payment = {
      gateway,
      reference: request.reference,
      sessionKey,
      gatewayTransactionId: executed.gatewayTransactionId!,
    };
    paid.bkash = { ...payment, refundId: await refundPart(gateway, payment, 'BDT') };
  }
  {
    // Nagad refunds nothing through its API (finance records refunds made outside it).
    const gateway = gatewayClient('nagad', env);
    const request = sessionRequest('BDT');
    const { sessionKey } = await gateway.openSession(request);
    const finished = await control<{ order: { payment: { issuerPaymentRefNo: string } } }>(
      'nagad',
      `/__simulator/payments/${encodeURIComponent(sessionKey)}/finish`,
      { outcome: 'Success' },
    );
    paid.nagad = {
      gateway,
      reference: request.reference,
      sessionKey,
      gatewayTransactionId: finished.order.payment.issuerPaymentRefNo,
      refundId: null,
    };
  }
  {
    const gateway = gatewayClient('stripe', env);
    const request = sessionRequest('USD');
    const { sessionKey } = await gateway.openSession(request);
    await control('stripe', `/__simulator/sessions/${sessionKey}/complete`, { choice: 'pay' });
    const captured = await gateway.query(request.reference, sessionKey);
    const payment = {
      gateway,
      reference: request.reference,
      sessionKey,
      gatewayTransactionId: captured.gatewayTransactionId!,
    };
    paid.stripe = { ...payment, refundId: await refundPart(gateway, payment, 'USD') };
  }
  const stripeReference = paid.stripe!.reference;
  const refused = webhooks.filter(
    (hook) => hook.body.type === 'checkout.session.completed' && hook.rawBody.includes(stripeReference),
  );
  expect(refused.map((hook) => hook.status)).toEqual([500]);
  const refusedEventId = refused[0]!.body.id;

  await killSimulators();
  refusingWebhooks = false;
  await startSimulators();

  for (const [name, payment] of Object.entries(paid)) {
    const now = await payment.gateway.query(payment.reference, payment.sessionKey);
    expect({ name, outcome: now.outcome, reference: now.reference, amountMinor: now.amountMinor }).toEqual({
      name,
      outcome: 'SUCCEEDED',
      reference: payment.reference,
      amountMinor: 5_000,
    });
    if (payment.refundId === null) continue;
    const refund = await payment.gateway.queryRefund({
      gatewayRefundId: payment.refundId,
      gatewayTransactionId: payment.gatewayTransactionId,
      sessionKey: payment.sessionKey,
    });
    expect({ name, status: refund.status, id: refund.gatewayRefundId }).toEqual({
      name,
      status: expect.stringMatching(/^(SUCCEEDED|PROCESSING)$/),
      id: payment.refundId,
    });
  }

  // Stripe's first retry falls due 5 s after the refused attempt: the restarted account makes it.
  const deadline = hangGuardDeadline(15_000);
  while (!webhooks.some((hook) => hook.body.id === refusedEventId && hook.status === 200)) {
    if (Date.now() > deadline) throw new Error(`${refusedEventId} was not delivered after the restart`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const events = (await (await fetch(`${baseUrl}/stripe/__simulator/events`)).json()) as Array<{
    id: string;
    deliveries: Array<{ status: number | null }>;
  }>;
  expect(events.find((event) => event.id === refusedEventId)?.deliveries.map((d) => d.status)).toEqual([
    500, 200,
  ]);
});

it('a reset is kept too: the gateway reset forgets its payments for good, the others keep theirs', async () => {
  await control('sslcommerz', '/__simulator/reset', {});
  await killSimulators();
  await startSimulators();
  const { sslcommerz, bkash } = paid;
  expect((await sslcommerz!.gateway.query(sslcommerz!.reference, sslcommerz!.sessionKey)).outcome).not.toBe(
    'SUCCEEDED',
  );
  expect((await bkash!.gateway.query(bkash!.reference, bkash!.sessionKey)).outcome).toBe('SUCCEEDED');
});

it('refuses to start on a snapshot it cannot read, naming the file', async () => {
  const file = simulatorStateFile(dataDir, 'bkash');
  writeFileSync(file, 'not a snapshot');
  await killSimulators();
  await expect(startSimulators()).rejects.toThrow(`the bkash simulator's state ${file} is corrupt`);
});
