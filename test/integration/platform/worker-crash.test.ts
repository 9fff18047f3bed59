/**
 * Mostly waiting: this suite waits out an activity's start-to-close timeout after its worker is
 * killed, so it runs in the waiting slot (test/helpers/waiting-slot-runner.js).
 *
 * @test-slot waiting
 */
import type { ChildProcess } from 'node:child_process';
import { paymentFacts } from '../../helpers/queries.js';
import { eventually, startStack, startWebhookReceiver } from '../../helpers/stack.js';
import { spawnWorkerProcess } from '../../helpers/worker-process.js';

function killHard(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    // The whole process group: tsx runs the worker in a child node process.
    process.kill(-child.pid!, 'SIGKILL');
  });
}

/**
 * What one crash drill runs on: a stack of its own (its own task queue, so only the workers it
 * starts ever take its tasks), a webhook receiver of its own, and the worker processes it starts
 * (test/helpers/worker-process.ts), every one stopped when it ends.
 */
async function startDrill() {
  const stack = await startStack({ worker: false });
  const receiver = await startWebhookReceiver();
  const spawned: ChildProcess[] = [];
  return {
    stack,
    receiver,
    /** The worker entry point (or test/helpers/crashing-worker.ts) as its own OS process. */
    spawnWorker(entry = 'worker/main.ts', extraEnv: Record<string, string> = {}): ChildProcess {
      const child = spawnWorkerProcess(stack, extraEnv, entry);
      spawned.push(child);
      return child;
    },
    async close() {
      await Promise.all(spawned.map(killHard));
      await receiver.close();
      await stack.close();
    },
  };
}
type Drill = Awaited<ReturnType<typeof startDrill>>;

/*
 * Each drill has a stack, a task queue and workers of its own, so the three run side by side:
 * most of each is waiting on Temporal's timeouts after a worker died.
 */
describe('a worker killed mid-flow', () => {
  /** Runs a test on a drill of its own, closed however the test ends. */
  const onDrill = (test: (drill: Drill) => Promise<void>) => async () => {
    const drill = await startDrill();
    try {
      await test(drill);
    } finally {
      await drill.close();
    }
  };

  it.concurrent(
    'is restarted and the payment completes with exactly one ledger entry and one event',
    onDrill(async ({ stack, receiver, spawnWorker }) => {
      const app = await stack.registerApp();
      await stack.setWebhook(app.app.id, receiver.url);
      let worker = spawnWorker();

      const payment = await stack.createPayment(app.test);
      // The first update waits until the worker process is up and polling.
      await eventually(
        () => stack.openCheckout(payment.reference).catch(() => null),
        120_000,
        'worker to open checkout',
      );

      await killHard(worker);
      // The gateway's IPN arrives while no worker is alive: it is stored and signalled, not lost.
      const completion = await stack.completeAtGateway(payment.reference, 'VALID');
      expect(completion.ipn[0]?.status).toBe(200);
      await new Promise((r) => setTimeout(r, 1000));
      expect((await paymentFacts(stack.em(), payment.reference)).status).toBe('PENDING');

      worker = spawnWorker();
      const settled = await eventually(
        async () => {
          const f = await paymentFacts(stack.em(), payment.reference);
          return f.status === 'SUCCEEDED' ? f : null;
        },
        120_000,
        'SUCCEEDED after restart',
      );
      await eventually(async () => receiver.received.length > 0, 30_000, 'webhook');
      await new Promise((r) => setTimeout(r, 1000));

      expect(settled.transitions).toEqual(['CREATED', 'PENDING', 'SUCCEEDED']);
      expect(settled.journalKinds).toEqual(['CAPTURE', 'FEE']);
      expect(settled.eventTypes).toEqual(['payment.succeeded']);
      expect(new Set(receiver.received.map((r) => r.headers['webhook-id'])).size).toBe(1);
    }),
    240_000,
  );

  it.concurrent(
    'killed right after a settlement committed, before reporting it: the webhook is still delivered, once',
    onDrill(async ({ stack, receiver, spawnWorker }) => {
      const app = await stack.registerApp();
      await stack.setWebhook(app.app.id, receiver.url);
      const before = receiver.received.length;
      // Only the crashing worker polls this drill's task queue until it has died.
      const crashing = spawnWorker('test/helpers/crashing-worker.ts');
      const died = new Promise((resolve) => crashing.once('exit', resolve));

      const payment = await stack.createPayment(app.test);
      await eventually(
        () => stack.openCheckout(payment.reference).catch(() => null),
        120_000,
        'worker to open checkout',
      );
      await stack.completeAtGateway(payment.reference, 'VALID');
      await died;

      // The money moved and its event was written, but no delivery was started.
      const atCrash = await paymentFacts(stack.em(), payment.reference);
      expect(atCrash.status).toBe('SUCCEEDED');
      expect(atCrash.eventTypes).toEqual(['payment.succeeded']);
      expect(receiver.received.length).toBe(before);

      spawnWorker();
      // The restarted worker takes the payment's workflow task once the dead one's times out (10 s),
      // after its own start-up: on a loaded machine that can pass a minute.
      await eventually(async () => receiver.received.length > before, 120_000, 'webhook after restart');
      await new Promise((r) => setTimeout(r, 1000));
      const settled = await paymentFacts(stack.em(), payment.reference);
      expect(settled.journalKinds).toEqual(['CAPTURE', 'FEE']);
      expect(settled.eventTypes).toEqual(['payment.succeeded']);
      const delivered = receiver.received.slice(before).map((r) => r.headers['webhook-id']);
      expect(delivered).toEqual([settled.eventIds[0]]);
    }),
    240_000,
  );

  it.concurrent(
    "killed right after a refund's outcome committed: the refund is applied once and its webhooks delivered",
    onDrill(async ({ stack, receiver, spawnWorker }) => {
      const app = await stack.registerApp();
      await stack.setWebhook(app.app.id, receiver.url);
      // The only worker of this drill's task queue until it dies: it dies once a refund's outcome
      // is committed, and until then serves as any worker would (the payment is paid on it).
      const crashing = spawnWorker('test/helpers/crashing-worker.ts', { CRASH_AT: 'refund-finished' });
      const died = new Promise((resolve) => crashing.once('exit', resolve));
      const payment = await stack.createPayment(app.test, { amountMinor: 8000 });
      await eventually(
        () => stack.openCheckout(payment.reference).catch(() => null),
        120_000,
        'worker to open checkout',
      );
      await stack.completeAtGateway(payment.reference, 'VALID');
      await eventually(
        async () => (await paymentFacts(stack.em(), payment.reference)).status === 'SUCCEEDED',
        60_000,
        'SUCCEEDED',
      );

      const taken = await stack.api('POST', `/api/v1/payments/${payment.reference}/refunds`, {
        creds: app.test,
        body: { reason: 'crash drill' },
      });
      expect(taken.status).toBe(201);
      const reference = taken.body.data.reference as string;
      await died;

      // The outcome committed before the worker died; nobody has delivered its webhooks yet.
      const refundFacts = async () => {
        const em = stack.em();
        const [refund] = await em.execute<Array<{ status: string; refunded_minor: string }>>(
          `select r.status, p.refunded_minor from refunds r join payments p on p.id = r.payment_id
          where r.reference = ?`,
          [reference],
        );
        const entries = await em.execute<Array<{ kind: string }>>(
          `select kind from journal_entries where source_type = 'refund' and source_id = ?`,
          [reference],
        );
        const events = await em.execute<Array<{ id: string; type: string }>>(
          `select id, type from events where source_type = 'refund' and source_id = ? order by type`,
          [reference],
        );
        return { ...refund!, entries: entries.map((e) => e.kind), events };
      };
      const atCrash = await refundFacts();
      expect(atCrash).toMatchObject({ status: 'SUCCEEDED', refunded_minor: '8000', entries: ['REFUND'] });

      spawnWorker();
      const succeededEvent = atCrash.events.find((e) => e.type === 'refund.succeeded')!;
      await eventually(
        async () => receiver.received.some((r) => r.headers['webhook-id'] === succeededEvent.id),
        120_000,
        'refund.succeeded delivered after restart',
      );
      await new Promise((r) => setTimeout(r, 1000));
      const after = await refundFacts();
      expect(after).toMatchObject({ status: 'SUCCEEDED', refunded_minor: '8000', entries: ['REFUND'] });
      expect(after.events.map((e) => e.type)).toEqual([
        'payment.refunded',
        'refund.created',
        'refund.succeeded',
      ]);
      expect((await paymentFacts(stack.em(), payment.reference)).transitions).toEqual([
        'CREATED',
        'PENDING',
        'SUCCEEDED',
        'REFUNDED',
      ]);
    }),
    240_000,
  );
});
