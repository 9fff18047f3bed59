import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { paymentFacts } from '../helpers/queries.js';
import {
  STORE,
  TEST_PEPPER,
  eventually,
  startStack,
  startWebhookReceiver,
  type Stack,
} from '../helpers/stack.js';
import { requireEnv, testEnv } from '../helpers/test-env.js';

const ROOT = path.resolve(__dirname, '..', '..');

/** The production worker entry point, as its own OS process, so it can really be killed. */
function spawnWorker(stack: Stack): ChildProcess {
  const child = spawn(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['worker/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: requireEnv(testEnv.databaseUrl),
      TEMPORAL_ADDRESS: requireEnv(testEnv.temporalAddress),
      TEMPORAL_TASK_QUEUE: stack.config.TEMPORAL_TASK_QUEUE,
      PUBLIC_URL: stack.apiUrl,
      CREDENTIAL_PEPPER: TEST_PEPPER,
      SSLCOMMERZ_SANDBOX_URL: stack.simulatorUrl,
      SSLCOMMERZ_TEST_STORE_ID: STORE.storeId,
      SSLCOMMERZ_TEST_STORE_PASSWORD: STORE.storePassword,
      LOG_LEVEL: 'warn',
      // Tests share one database: a sweeper here would drive other suites' rows.
      SWEEPER_INTERVAL_SECONDS: '0',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
    detached: true,
  });
  return child;
}

function killHard(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    // The whole process group: tsx runs the worker in a child node process.
    process.kill(-child.pid!, 'SIGKILL');
  });
}

describe('a worker killed mid-flow', () => {
  let stack: Stack;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let worker: ChildProcess | null = null;

  beforeAll(async () => {
    stack = await startStack({ worker: false });
    receiver = await startWebhookReceiver();
  });
  afterAll(async () => {
    if (worker && worker.exitCode === null) await killHard(worker);
    await receiver.close();
    await stack.close();
  });

  it('is restarted and the payment completes with exactly one ledger entry and one event', async () => {
    const app = await stack.registerApp();
    await stack.setWebhook(app.app.id, receiver.url);
    worker = spawnWorker(stack);

    const payment = await stack.createPayment(app.test);
    // The first update waits until the worker process is up and polling.
    await eventually(
      () => stack.openCheckout(payment.reference).catch(() => null),
      60_000,
      'worker to open checkout',
    );

    await killHard(worker);
    // The gateway's IPN arrives while no worker is alive: it is stored and signalled, not lost.
    const completion = await stack.completeAtGateway(payment.reference, 'VALID');
    expect(completion.ipn[0]?.status).toBe(200);
    await new Promise((r) => setTimeout(r, 1000));
    expect((await paymentFacts(stack.em(), payment.reference)).status).toBe('PENDING');

    worker = spawnWorker(stack);
    const settled = await eventually(
      async () => {
        const f = await paymentFacts(stack.em(), payment.reference);
        return f.status === 'SUCCEEDED' ? f : null;
      },
      60_000,
      'SUCCEEDED after restart',
    );
    await eventually(async () => receiver.received.length > 0, 30_000, 'webhook');
    await new Promise((r) => setTimeout(r, 1000));

    expect(settled.transitions).toEqual(['CREATED', 'PENDING', 'SUCCEEDED']);
    expect(settled.journalKinds).toEqual(['CAPTURE']);
    expect(settled.eventTypes).toEqual(['payment.succeeded']);
    expect(new Set(receiver.received.map((r) => r.headers['webhook-id'])).size).toBe(1);
  }, 150_000);
});
