import { TestWorkflowEnvironment } from '@temporalio/testing';
import { quietTemporalRuntime } from './quiet-temporal-runtime.js';
import { findTemporalTestServer } from '../../scripts/temporal-binaries.js';
import { indexedTypeOf } from '../../platform/temporal/search-attribute-check.js';
import { SEARCH_ATTRIBUTES } from '../../platform/temporal/search-attributes.js';

/** Temporal's time-skipping test server, with our search attributes registered like a real cluster. */
export async function startTimeSkippingServer(): Promise<TestWorkflowEnvironment> {
  quietTemporalRuntime();
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: findTemporalTestServer() } },
  });
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: Object.fromEntries(SEARCH_ATTRIBUTES.map((key) => [key.name, indexedTypeOf(key.type)])),
  });
  return env;
}

/** A door a test holds shut: a swapped activity waits at it until the test opens it. */
export function gate() {
  let open!: () => void;
  let reached!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  const arrived = new Promise<void>((resolve) => (reached = resolve));
  return {
    /** Called by the activity: marks that it got here, then waits. */
    async pass() {
      reached();
      await opened;
    },
    arrived,
    open,
  };
}

/**
 * The time-skipping server's time, followed every 20 ms for clocks outside it (the gateway
 * simulator, the API) that must see the months a test skips. Never backwards: an answer that
 * arrives late must not move a clock back.
 */
export async function followServerTime(env: TestWorkflowEnvironment) {
  let latest = await env.currentTimeMs();
  const ticker = setInterval(() => {
    env.currentTimeMs().then(
      (now) => (latest = Math.max(latest, now)),
      () => undefined,
    );
  }, 20);
  return {
    now: () => latest,
    /** The server's time now, which the followed clock is brought up to first. */
    async sync(): Promise<number> {
      latest = Math.max(latest, await env.currentTimeMs());
      return latest;
    },
    stop: () => clearInterval(ticker),
  };
}

/**
 * Lets the server's clock run to `instant`, firing every timer on the way. The test server can
 * leave time skipping locked after a workflow completes with an activity it still counts as
 * outstanding (temporalio/sdk-java#1138); the sleep then passes in real time. When the server's
 * clock only keeps the wall clock's pace for seconds while the worker runs nothing (`inFlight`,
 * sampled through the whole window), that leaked lock is released, one at a time, and the sleep
 * goes on. A lock held by work in flight is never released: on a loaded machine a reminder's
 * activities can hold the clock for seconds, and releasing their lock left skipping unlocked for
 * good once they finished, so the clock then jumped months while a test paid an installment.
 */
export async function skipTo(
  env: TestWorkflowEnvironment,
  instant: Date,
  inFlight: () => number,
): Promise<void> {
  const target = instant.getTime();
  const start = await env.currentTimeMs();
  if (target <= start) return;
  let done = false;
  const sleeping = env.sleep(target - start).then(() => (done = true));
  const WINDOW_MS = 2_000;
  const SAMPLE_MS = 100;
  for (let releases = 0; ;) {
    const before = await env.currentTimeMs();
    let worked = false;
    for (let waited = 0; waited < WINDOW_MS && !done; waited += SAMPLE_MS) {
      if (inFlight() > 0) worked = true;
      await Promise.race([sleeping, new Promise((resolve) => setTimeout(resolve, SAMPLE_MS))]);
    }
    if (done) return;
    // Locked, the server's clock runs at the wall clock's pace; skipping, it runs far ahead.
    const advanced = (await env.currentTimeMs()) - before;
    if (advanced > 10 * WINDOW_MS || worked || inFlight() > 0) continue;
    if (++releases > 5) throw new Error('time skipping stays locked');
    await env.connection.testService?.unlockTimeSkipping({}).catch(() => undefined);
  }
}
