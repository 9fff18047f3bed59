import type { ChildProcess } from 'node:child_process';
import { exited } from '../../helpers/api-process.js';
import { plainRequest } from '../../helpers/plain-http.js';
import { eventually, startStack, type Stack } from '../../helpers/stack.js';
import { startTcpProxy, throughProxy } from '../../helpers/tcp-proxy.js';
import { requireEnv, testEnv } from '../../helpers/test-env.js';
import { startSlowReceiver } from '../../helpers/slow-receiver.js';
import { startWorkerWithProbes, stopWorkerProcess } from '../../helpers/worker-process.js';

/**
 * The worker process's probes on its metrics port, without credentials: ready while it polls and
 * PostgreSQL answers; not ready when PostgreSQL is down or Temporal has been unreachable past the
 * tolerance (a worker that stopped polling); draining at SIGTERM while an activity finishes.
 */
describe('the worker’s probes and its SIGTERM drain', () => {
  let stack: Stack;
  let database: Awaited<ReturnType<typeof startTcpProxy>>;
  let temporal: Awaited<ReturnType<typeof startTcpProxy>>;
  let receiver: Awaited<ReturnType<typeof startSlowReceiver>>;
  let worker: ChildProcess;
  let base: string;

  beforeAll(async () => {
    stack = await startStack({ worker: false });
    receiver = await startSlowReceiver(4_000);
    const databaseUrl = requireEnv(testEnv.databaseUrl);
    const target = new URL(databaseUrl);
    database = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const [temporalHost, temporalPort] = requireEnv(testEnv.temporalAddress).split(':');
    temporal = await startTcpProxy({ host: temporalHost!, port: Number(temporalPort) });
    ({ child: worker, base } = await startWorkerWithProbes(stack, {
      DATABASE_URL: throughProxy(databaseUrl, database.port),
      TEMPORAL_ADDRESS: `127.0.0.1:${temporal.port}`,
      PROBE_TIMEOUT_MS: '1000',
      WORKER_TEMPORAL_TOLERANCE_SECONDS: '2',
      SHUTDOWN_GRACE_SECONDS: '20',
    }));
  }, 60_000);
  afterAll(async () => {
    if (worker) await stopWorkerProcess(worker);
    await receiver?.close();
    await database?.close();
    await temporal?.close();
    await stack?.close();
  });

  const ready = () => plainRequest(`${base}/health/ready`);
  const readyAgain = (what: string) =>
    eventually(async () => (await ready()).status === 200, 45_000, `ready once ${what} is back`);

  it('is ready once it polls, reporting its pollers and slots in use; live without credentials', async () => {
    const answer = await eventually(
      async () => {
        const probe = await ready().catch(() => null);
        return probe?.status === 200 ? probe : null;
      },
      60_000,
      'the worker ready',
    );
    expect(answer.body.data.status).toBe('ready');
    expect(answer.body.data.checks).toMatchObject({
      postgresql: { status: 'ok', latencyMs: expect.any(Number) },
      temporal: { status: 'ok', latencyMs: expect.any(Number) },
      worker: {
        status: 'ok',
        runState: 'RUNNING',
        polling: { workflow: { state: 'POLLING' }, activity: { state: 'POLLING' } },
        slots: {
          workflowTasks: { used: expect.any(Number), max: 100 },
          activities: { used: 0, max: 100 },
          localActivities: { used: expect.any(Number) },
        },
      },
    });
    expect((await plainRequest(`${base}/health/live`)).status).toBe(200);
  }, 70_000);

  it('is not ready while PostgreSQL is down, naming it', async () => {
    database.cut();
    try {
      const answer = await ready();
      expect(answer.status).toBe(503);
      expect(answer.body.meta).toMatchObject({ success: false, errorCode: 'NOT_READY' });
      expect(answer.body.meta.details.failed).toEqual(['postgresql']);
      expect(answer.body.meta.details.checks.worker.status).toBe('ok');
    } finally {
      database.restore();
    }
    await readyAgain('PostgreSQL');
  }, 60_000);

  it('tolerates Temporal away for a moment, then says it stopped polling', async () => {
    temporal.cut();
    try {
      const first = await ready();
      expect(first.status).toBe(200);
      expect(first.body.data.checks.temporal).toMatchObject({ status: 'ok', tolerated: expect.any(String) });
      const answer = await eventually(
        async () => {
          const probe = await ready();
          return probe.status === 503 ? probe : null;
        },
        10_000,
        'not ready past the tolerance',
      );
      expect(answer.body.meta.details.failed).toContain('temporal');
      expect(answer.body.meta.details.checks.temporal.reason).toMatch(/unreachable for [0-9]+ s/);
      expect((await plainRequest(`${base}/health/live`)).status).toBe(200);
    } finally {
      temporal.restore();
    }
    await readyAgain('Temporal');
  }, 70_000);

  it('on SIGTERM says draining, lets the activity in flight finish, and exits 0', async () => {
    const app = await stack.registerApp();
    await stack.setWebhook(app.app.id, receiver.url);
    await stack.paidPayment(app.test);
    // The webhook's delivery now waits on the receiver for 4 s, in an activity.
    await receiver.arrival;
    const exit = exited(worker);
    worker.kill('SIGTERM');

    const draining = await eventually(async () => {
      const probe = await ready();
      return probe.body.meta?.details?.status === 'draining' ? probe : null;
    }, 2_000);
    expect(draining.status).toBe(503);
    const { worker: held } = draining.body.meta.details.checks;
    expect(held.status).toBe('failed');
    // The delivery runs as a local activity of the payment's workflow, or as an activity; another
    // step of the same payment (its ledger posting, on a slow machine) may still hold a slot beside it.
    expect(held.slots.activities.used + held.slots.localActivities.used).toBeGreaterThanOrEqual(1);
    expect(draining.body.meta.details.checks.worker.runState).not.toBe('RUNNING');

    expect(await exit).toEqual({ code: 0, signal: null });
    const [delivery] = await stack.em().execute<Array<{ status: string }>>(
      `select d.status from webhook_deliveries d join webhook_endpoints w on w.id = d.endpoint_id
        where w.app_id = ?`,
      [app.app.id],
    );
    expect(delivery?.status).toBe('DELIVERED');
  }, 60_000);
});
