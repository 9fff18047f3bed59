import type { ChildProcess } from 'node:child_process';
import { exited, startApiProcess } from '../../helpers/api-process.js';
import { plainRequest, refusal } from '../../helpers/plain-http.js';
import { eventually, startStack, type Stack } from '../../helpers/stack.js';
import { startTcpProxy, throughProxy } from '../../helpers/tcp-proxy.js';
import { requireEnv, testEnv } from '../../helpers/test-env.js';

const PROBE_TIMEOUT_MS = 1000;

/**
 * The API process's probes against its real dependencies, each reached through a relay the test
 * cuts: liveness never asks them, readiness names the one that is down; and SIGTERM drains.
 */
describe('the API’s probes and its SIGTERM drain', () => {
  let stack: Stack;
  let database: Awaited<ReturnType<typeof startTcpProxy>>;
  let temporal: Awaited<ReturnType<typeof startTcpProxy>>;
  let api: ChildProcess;
  let base: string;

  beforeAll(async () => {
    stack = await startStack({ worker: false });
    const databaseUrl = requireEnv(testEnv.databaseUrl);
    const target = new URL(databaseUrl);
    database = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const [temporalHost, temporalPort] = requireEnv(testEnv.temporalAddress).split(':');
    temporal = await startTcpProxy({ host: temporalHost!, port: Number(temporalPort) });
    ({ child: api, base } = await startApiProcess(stack, {
      DATABASE_URL: throughProxy(databaseUrl, database.port),
      TEMPORAL_ADDRESS: `127.0.0.1:${temporal.port}`,
      PROBE_TIMEOUT_MS: String(PROBE_TIMEOUT_MS),
      SHUTDOWN_DRAIN_DELAY_SECONDS: '2',
      SHUTDOWN_GRACE_SECONDS: '20',
    }));
  }, 90_000);
  afterAll(async () => {
    if (api && api.exitCode === null && api.signalCode === null) {
      api.kill('SIGKILL');
      await exited(api);
    }
    await database?.close();
    await temporal?.close();
    await stack?.close();
  });

  const ready = () => plainRequest(`${base}/health/ready`);

  it('answers liveness from the process alone, and readiness with each dependency’s latency', async () => {
    for (const path of ['/health', '/health/live']) {
      const live = await plainRequest(`${base}${path}`);
      expect({ path, status: live.status, data: live.body.data }).toEqual({
        path,
        status: 200,
        data: { status: 'ok' },
      });
    }
    const answer = await eventually(async () => {
      const probe = await ready();
      return probe.status === 200 ? probe : null;
    });
    expect(answer.body.data).toEqual({
      status: 'ready',
      checks: {
        postgresql: { status: 'ok', latencyMs: expect.any(Number) },
        temporal: { status: 'ok', latencyMs: expect.any(Number) },
      },
    });
    expect(answer.body.meta.success).toBe(true);
  });

  it('is not ready while PostgreSQL is down, names it and why, and is live all the same', async () => {
    database.cut();
    try {
      const answer = await ready();
      expect(answer.status).toBe(503);
      expect(answer.body.meta).toMatchObject({ success: false, errorCode: 'NOT_READY' });
      expect(answer.body.meta.message).toContain('postgresql');
      expect(answer.body.meta.details).toMatchObject({
        status: 'not_ready',
        failed: ['postgresql'],
        checks: {
          postgresql: { status: 'failed', reason: expect.any(String) },
          temporal: { status: 'ok' },
        },
      });
      expect((await plainRequest(`${base}/health/live`)).status).toBe(200);
    } finally {
      database.restore();
    }
    await eventually(async () => (await ready()).status === 200, 30_000, 'ready once PostgreSQL is back');
  });

  it('is not ready while Temporal is down, and ready again once it is back', async () => {
    temporal.cut();
    try {
      const answer = await eventually(async () => {
        const probe = await ready();
        return probe.status === 503 ? probe : null;
      }, 10_000);
      expect(answer.body.meta.errorCode).toBe('NOT_READY');
      expect(answer.body.meta.details).toMatchObject({
        failed: ['temporal'],
        checks: {
          postgresql: { status: 'ok' },
          temporal: { status: 'failed', reason: expect.any(String) },
        },
      });
      expect((await plainRequest(`${base}/health/live`)).status).toBe(200);
    } finally {
      temporal.restore();
    }
    await eventually(async () => (await ready()).status === 200, 45_000, 'ready once Temporal is back');
  }, 70_000);

  it('on SIGTERM says draining at once, finishes a request in flight, refuses new connections, exits 0', async () => {
    const app = await stack.registerApp();
    // A create whose body arrives over 5 s: in flight across the whole drain.
    const inFlight = plainRequest(`${base}/api/v1/payments`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-api-key': app.test.key,
        'x-api-secret': app.test.secret,
      },
      body: JSON.stringify({
        amountMinor: 12_345,
        customerReference: 'cust_drain',
        productName: 'Drain plan',
      }),
      pauseMs: 5_000,
    });
    let finished = false;
    void inFlight.finally(() => {
      finished = true;
    });
    await new Promise((r) => setTimeout(r, 300));
    const exit = exited(api);
    api.kill('SIGTERM');

    const draining = await eventually(async () => {
      const probe = await ready();
      return probe.body.meta?.details?.status === 'draining' ? probe : null;
    }, 1_500);
    expect(draining.status).toBe(503);
    expect(draining.body.meta.errorCode).toBe('NOT_READY');

    // Past the drain delay the port takes no new connection, while the create is still arriving.
    expect(await eventually(() => refusal(`${base}/health/live`), 4_000, 'new connections refused')).toBe(
      'ECONNREFUSED',
    );
    expect(finished).toBe(false);

    const created = await inFlight;
    expect(created.status).toBe(201);
    expect(created.body.data.reference).toMatch(/^pay_/);
    expect(await exit).toEqual({ code: 0, signal: null });
  }, 30_000);
});
