import type { ChildProcess } from 'node:child_process';
import { exited, startApiProcess } from '../../helpers/api-process.js';
import { plainRequest, type PlainAnswer } from '../../helpers/plain-http.js';
import { eventually, startStack, type Stack } from '../../helpers/stack.js';
import { startTcpProxy, throughProxy } from '../../helpers/tcp-proxy.js';
import { requireEnv, testEnv } from '../../helpers/test-env.js';
import { startSlowReceiver } from '../../helpers/slow-receiver.js';
import { startWorkerWithProbes, stopWorkerProcess } from '../../helpers/worker-process.js';

/**
 * The worker's grace here: short, so a hang shows as a process past it. Its activity in flight
 * holds it to the grace whatever the machine's load (Temporal's shutdownForceTime bounds the rest).
 */
const GRACE_SECONDS = 10;
/**
 * The API's: its default (SHUTDOWN_GRACE_SECONDS in platform/config/schema.ts). Its request in
 * flight with Temporal down waits up to the start's own deadline (DEFERRABLE_START_DEADLINE_MS,
 * 5 s) after its database work; on a loaded machine that came to over 7 s of a 10 s grace, and a
 * request past the grace is cut. A hang is still one: the request is answered, or cut at 25 s.
 */
const API_GRACE_SECONDS = 25;
/**
 * What the exit may take beyond the grace: the chart leaves 5 s between the grace and the
 * kubelet's SIGKILL (deploy/kubernetes/oi-payments/templates/worker.yaml).
 */
const CLOSING_MS = 5_000;

type Proxy = Awaited<ReturnType<typeof startTcpProxy>>;
type Dependency = 'PostgreSQL' | 'Temporal';

/** PostgreSQL and Temporal each behind a relay the test cuts (as api-probes.test.ts and worker-probes.test.ts). */
async function relays(graceSeconds: number) {
  const databaseUrl = requireEnv(testEnv.databaseUrl);
  const target = new URL(databaseUrl);
  const database = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
  const [temporalHost, temporalPort] = requireEnv(testEnv.temporalAddress).split(':');
  const temporal = await startTcpProxy({ host: temporalHost!, port: Number(temporalPort) });
  return {
    database,
    temporal,
    of: (dependency: Dependency): Proxy => (dependency === 'PostgreSQL' ? database : temporal),
    env: {
      DATABASE_URL: throughProxy(databaseUrl, database.port),
      TEMPORAL_ADDRESS: `127.0.0.1:${temporal.port}`,
      PROBE_TIMEOUT_MS: '1000',
      SHUTDOWN_GRACE_SECONDS: String(graceSeconds),
    },
    close: async () => {
      await database.close();
      await temporal.close();
    },
  };
}

type Relays = Awaited<ReturnType<typeof relays>>;

/** A case's process, through relays of its own, answering on `base`. */
interface CaseProcess {
  child: ChildProcess;
  base: string;
  proxies: Relays;
  /** Its output (`.data/test-logs/`), named when a case fails. */
  logFile: string;
  /** Ends it at once, whatever it is doing (its whole process group for a worker). */
  kill: () => Promise<void>;
}

/** Waits for `base`/health/ready to answer 200: the process reaches what its relays lead to. */
const ready = (base: string, what: string) =>
  eventually(
    async () => (await plainRequest(`${base}/health/ready`).catch(() => null))?.status === 200,
    60_000,
    `${what} to be ready`,
  );

/**
 * SIGTERM while a dependency is unreachable: the drain must not wait on it. Each case runs a
 * process of its own through relays the test cuts, and times the exit against the grace.
 */
describe('SIGTERM with a dependency down', () => {
  let stack: Stack;
  const started: CaseProcess[] = [];

  const startApi = async (): Promise<CaseProcess> => {
    const proxies = await relays(API_GRACE_SECONDS);
    const { child, base, logFile } = await startApiProcess(stack, {
      ...proxies.env,
      SHUTDOWN_DRAIN_DELAY_SECONDS: '1',
    });
    const kill = async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await exited(child);
    };
    const api = { child, base, proxies, logFile, kill };
    started.push(api);
    await ready(api.base, 'the API');
    return api;
  };
  const startWorker = async (extraEnv: Record<string, string> = {}): Promise<CaseProcess> => {
    const proxies = await relays(GRACE_SECONDS);
    const { child, base, logFile } = await startWorkerWithProbes(stack, { ...proxies.env, ...extraEnv });
    const worker = { child, base, proxies, logFile, kill: () => stopWorkerProcess(child) };
    started.push(worker);
    await ready(worker.base, 'the worker');
    return worker;
  };

  /**
   * The processes of the cases that share no work start together, before any case runs: starting
   * one from the sources takes seconds, and one after another those seconds added up. The worker
   * whose Temporal goes down polls a task queue of its own: it must not take the payments the
   * other cases make meanwhile, and with Temporal cut it has nothing to do either way. The worker
   * with PostgreSQL down takes those payments' work: it starts in its case, as before.
   */
  let early: { api: Record<Dependency, CaseProcess>; temporalDownWorker: CaseProcess };

  beforeAll(async () => {
    stack = await startStack({ worker: false });
    const [postgresApi, temporalApi, temporalDownWorker] = await Promise.all([
      startApi(),
      startApi(),
      startWorker({ TEMPORAL_TASK_QUEUE: `${stack.config.TEMPORAL_TASK_QUEUE}-idle` }),
    ]);
    early = { api: { PostgreSQL: postgresApi, Temporal: temporalApi }, temporalDownWorker };
  }, 120_000);
  afterAll(async () => {
    for (const caseProcess of started) {
      await caseProcess.kill();
      await caseProcess.proxies.close();
    }
    await stack?.close();
  });

  describe.each<Dependency>(['PostgreSQL', 'Temporal'])('the API with %s down', (dependency) => {
    afterEach(async () => {
      await early.api[dependency].kill();
      await stack.stopWorker();
      await early.api[dependency].proxies.close();
    });

    it('answers the request in flight (503 if it needs what is down), stops within its grace, exits 0', async () => {
      const { child: api, base, proxies, logFile } = early.api[dependency];
      const app = await stack.registerApp();
      const headers = {
        'content-type': 'application/json',
        'x-api-key': app.test.key,
        'x-api-secret': app.test.secret,
      };
      // In flight across the outage and the signal, its body arriving only after both: with
      // PostgreSQL down a create (it needs the database); with Temporal down a refund (it starts
      // the refund's workflow), of a payment paid beforehand.
      let request: { path: string; body: Record<string, unknown> };
      if (dependency === 'PostgreSQL') {
        request = {
          path: '/api/v1/payments',
          body: { amountMinor: 5_000, customerReference: 'cust_down', productName: 'Down plan' },
        };
      } else {
        await stack.startWorker();
        const paid = await stack.paidPayment(app.test, { amountMinor: 5_000 });
        request = {
          path: `/api/v1/payments/${paid.reference}/refunds`,
          body: { amountMinor: 1_000, reason: 'temporal down' },
        };
      }
      const inFlight: Promise<PlainAnswer | Error> = plainRequest(`${base}${request.path}`, {
        method: 'POST',
        headers,
        body: JSON.stringify(request.body),
        pauseMs: 1_000,
      }).catch((error: Error) => error);
      await new Promise((r) => setTimeout(r, 300));
      proxies.of(dependency).cut();
      const exit = exited(api);
      const signalled = Date.now();
      api.kill('SIGTERM');

      const answer = await inFlight;
      const answeredAfterMs = Date.now() - signalled;
      // Answered, not cut: an error here is the connection closed without an answer.
      expect(
        answer instanceof Error || !('status' in answer)
          ? `${String(answer)} after ${answeredAfterMs} ms (log: ${logFile})`
          : 'answered',
      ).toBe('answered');
      const { status, body } = answer as PlainAnswer;
      if (dependency === 'PostgreSQL') {
        // The API cannot take a payment without its database: it says so in the error envelope.
        expect({ status, success: body?.meta?.success, data: body?.data }).toEqual({
          status: 503,
          success: false,
          data: null,
        });
        expect(body.meta.errorCode).toBe('SERVICE_UNAVAILABLE');
      } else {
        // The refund is committed in PostgreSQL; its workflow's start waits for the sweeper
        // (api/refunds/refund-requests.ts), or the API says it is unavailable: never a hang.
        expect([201, 503]).toContain(status);
        expect(body.meta.success).toBe(status === 201);
        if (status === 503) expect(body.meta.errorCode).toBe('SERVICE_UNAVAILABLE');
      }
      expect(answeredAfterMs).toBeLessThan(API_GRACE_SECONDS * 1000);

      expect(await exit).toEqual({ code: 0, signal: null });
      const stoppedAfterMs = Date.now() - signalled;
      console.log(
        `API, ${dependency} down: in-flight POST ${request.path} answered ${status}${status === 201 ? '' : ` ${String(body.meta.errorCode)}`} after ${answeredAfterMs} ms, exit 0 after ${stoppedAfterMs} ms (grace ${API_GRACE_SECONDS} s)`,
      );
      expect(stoppedAfterMs).toBeLessThan(API_GRACE_SECONDS * 1000 + CLOSING_MS);
    }, 90_000);
  });

  describe('the worker', () => {
    let worker: CaseProcess | undefined;
    let receiver: Awaited<ReturnType<typeof startSlowReceiver>> | undefined;

    afterEach(async () => {
      await worker?.kill();
      await stack.stopWorker();
      await receiver?.close();
      await worker?.proxies.close();
    });

    it('with Temporal down: stops within its grace, exits 0', async () => {
      worker = early.temporalDownWorker;
      const { child, proxies } = worker;
      proxies.temporal.cut();
      // The pollers now fail against the cut relay; the worker keeps running through it.
      await new Promise((r) => setTimeout(r, 1_000));
      const exit = exited(child);
      const signalled = Date.now();
      child.kill('SIGTERM');
      expect(await exit).toEqual({ code: 0, signal: null });
      const stoppedAfterMs = Date.now() - signalled;
      console.log(`worker, Temporal down: exit 0 after ${stoppedAfterMs} ms (grace ${GRACE_SECONDS} s)`);
      expect(stoppedAfterMs).toBeLessThan(GRACE_SECONDS * 1000 + CLOSING_MS);
    }, 90_000);

    it('with PostgreSQL down: the activity in flight fails and is retried later, the worker exits 0 within its grace', async () => {
      receiver = await startSlowReceiver(3_000);
      worker = await startWorker();
      const { child, proxies } = worker;
      const app = await stack.registerApp();
      await stack.setWebhook(app.app.id, receiver.url);
      await stack.paidPayment(app.test);
      // The webhook's delivery waits on the receiver for 3 s; PostgreSQL goes meanwhile, so the
      // activity cannot record the delivery when the receiver answers.
      await receiver.arrival;
      proxies.database.cut();
      const exit = exited(child);
      const signalled = Date.now();
      child.kill('SIGTERM');
      expect(await exit).toEqual({ code: 0, signal: null });
      const stoppedAfterMs = Date.now() - signalled;
      console.log(`worker, PostgreSQL down: exit 0 after ${stoppedAfterMs} ms (grace ${GRACE_SECONDS} s)`);
      expect(stoppedAfterMs).toBeLessThan(GRACE_SECONDS * 1000 + CLOSING_MS);

      // Nothing was lost: another worker, with PostgreSQL, takes the delivery up and records it.
      await stack.startWorker();
      await eventually(
        async () => {
          const [delivery] = await stack.em().execute<Array<{ status: string }>>(
            `select d.status from webhook_deliveries d join webhook_endpoints w on w.id = d.endpoint_id
              where w.app_id = ?`,
            [app.app.id],
          );
          return delivery?.status === 'DELIVERED';
        },
        60_000,
        'the delivery recorded by another worker',
      );
    }, 120_000);
  });
});
