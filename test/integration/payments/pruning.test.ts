import { createSweeperActivities } from '../../../activities/payments/sweeper-activities.js';
import { pruneRateLimits, pruneSignInFailures } from '../../../db/payments/pruning.js';
import { startStack, type Stack } from '../../helpers/stack.js';

/**
 * Rows that unauthenticated traffic writes, and idempotency keys past their replay window, are
 * pruned by the sweeper in bounded batches; fresh ones stay.
 */
describe('pruning', () => {
  let stack: Stack;
  let appId: number;

  beforeAll(async () => {
    stack = await startStack({ worker: false });
    appId = (await stack.registerApp()).app.id;
  });
  afterAll(() => stack.close());

  const count = async (sql: string, params: unknown[] = []) =>
    Number((await stack.em().execute<Array<{ n: string }>>(`select count(*) as n ${sql}`, params))[0]!.n);

  it('the sweep deletes expired rate-limit counters, old failed sign-ins and idempotency keys past 24 h', async () => {
    const em = stack.em();
    const now = Date.now();
    await em.execute(
      `insert into rate_limits (key, points, expire) values
         ('prune-test:old-1', 3, ?), ('prune-test:old-2', 9, ?), ('prune-test:fresh', 1, ?)`,
      [now - 120_000, now - 1, now + 60_000],
    );
    await em.execute(
      `insert into login_failures (email, ip, occurred_at) values
         ('prune-old@example.com', '10.0.0.1', now() - interval '8 days'),
         ('prune-fresh@example.com', '10.0.0.1', now() - interval '1 hour')`,
    );
    await em.execute(
      `insert into idempotency_keys (app_id, mode, key, request_hash, state, created_at) values
         (?, 'TEST', 'prune-old', 'h', 'COMPLETED', now() - interval '25 hours'),
         (?, 'TEST', 'prune-fresh', 'h', 'COMPLETED', now() - interval '23 hours')`,
      [appId, appId],
    );

    const sweeper = createSweeperActivities({
      orm: stack.orm,
      temporal: { client: stack.client, taskQueue: stack.config.TEMPORAL_TASK_QUEUE },
    });
    const result = await sweeper.sweepStranded();
    expect(result.pruned).toMatchObject({
      rateLimits: expect.any(Number),
      signInFailures: expect.any(Number),
      idempotencyKeys: expect.any(Number),
    });
    expect(result.pruned!.rateLimits).toBeGreaterThanOrEqual(2);

    expect(await count("from rate_limits where key like 'prune-test:%'")).toBe(1);
    expect(await count("from rate_limits where key = 'prune-test:fresh'")).toBe(1);
    expect(await count("from login_failures where email like 'prune-%'")).toBe(1);
    expect(await count("from login_failures where email = 'prune-fresh@example.com'")).toBe(1);
    expect(await count("from idempotency_keys where key like 'prune-%'")).toBe(1);
    expect(await count("from idempotency_keys where key = 'prune-fresh'")).toBe(1);
  });

  it('takes at most a batch at a time, oldest first', async () => {
    const em = stack.em();
    const now = Date.now();
    for (let i = 0; i < 5; i++) {
      await em.execute('insert into rate_limits (key, points, expire) values (?, 1, ?)', [
        `prune-batch:${i}`,
        now - 10_000 + i,
      ]);
      await em.execute(
        'insert into login_failures (email, occurred_at) values (?, now() - make_interval(days => ?))',
        [`prune-batch-${i}@example.com`, 30 - i],
      );
    }
    expect(await pruneRateLimits(em, { now: new Date(now), limit: 2 })).toBe(2);
    expect(await count("from rate_limits where key in ('prune-batch:0', 'prune-batch:1')")).toBe(0);
    expect(await count("from rate_limits where key like 'prune-batch:%'")).toBe(3);
    expect(await pruneSignInFailures(em, { before: new Date(now - 26 * 86_400_000), limit: 10 })).toBe(4);
    expect(await count("from login_failures where email like 'prune-batch-%'")).toBe(1);
  });
});
