import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { eventually, startStack, type Credentials, type Stack } from '../helpers/stack.js';
import { followServerTime, gate, skipTo, startTimeSkippingServer } from '../helpers/time-skipping.js';

const MINUTE = 60_000;
/** Longer than two of skipTo's windows: at least one passes whole while the activity runs. */
const HELD_MS = 5_000;

/**
 * `skipTo` releases a time-skipping lock the test server leaks, never one that work in flight
 * holds: on a loaded machine an activity can hold the server's clock for seconds, and a release
 * then left skipping unlocked for good once the activity ended, so later months passed in an
 * instant and payments made after it expired at once.
 */
describe('skipping time past an activity that runs for seconds', () => {
  let env: TestWorkflowEnvironment;
  let stack: Stack;
  let creds: Credentials;
  let clock: Awaited<ReturnType<typeof followServerTime>>;
  const closing = gate();

  beforeAll(async () => {
    env = await startTimeSkippingServer();
    // The API reads the server's time: a payment's deadline is on the clock its workflow keeps.
    clock = await followServerTime(env);
    stack = await startStack({
      temporal: env,
      simulatorClock: clock.now,
      clock: () => new Date(clock.now()),
      // The expiry's outcome is held open in real time while the server's clock waits on it.
      overrideActivities: (real) => ({
        applyOutcome: async (input) => {
          await closing.pass();
          return real.applyOutcome(input);
        },
      }),
    });
    creds = (await stack.registerApp()).test;
  }, 120_000);
  afterAll(async () => {
    closing.open();
    clock?.stop();
    await stack?.close();
    await env?.teardown();
  });

  it('leaves skipping locked afterwards: a payment opened next waits for its deadline', async () => {
    const first = await stack.createPayment(creds, { expiresInMinutes: 10 });
    await stack.openCheckout(first.reference);
    const skipped = skipTo(env, new Date((await env.currentTimeMs()) + 11 * MINUTE), stack.workerInFlight);
    await closing.arrived;
    await new Promise((resolve) => setTimeout(resolve, HELD_MS));
    closing.open();
    await skipped;
    await eventually(
      async () => (await stack.readPayment(creds, first.reference)).status === 'EXPIRED',
      20_000,
      'the first payment expired',
    );

    // Locked again, the server's clock keeps the wall clock's pace: the next payment's deadline
    // is ten minutes of that clock away, not the next instant.
    await clock.sync();
    const next = await stack.createPayment(creds, { expiresInMinutes: 10 });
    await stack.openCheckout(next.reference);
    const openedAt = await env.currentTimeMs();
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect((await env.currentTimeMs()) - openedAt).toBeLessThan(5 * MINUTE);
    expect((await stack.readPayment(creds, next.reference)).status).toBe('PENDING');
  });
});
