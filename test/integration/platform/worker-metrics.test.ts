import type { ChildProcess } from 'node:child_process';
import { eventually, startStack, startWebhookReceiver, type Stack } from '../../helpers/stack.js';
import { startWorkerWithProbes, stopWorkerProcess } from '../../helpers/worker-process.js';

const TOKEN = 'worker-metrics-token-0123456789';

/**
 * The worker serves /metrics to the bearer of METRICS_TOKEN: the Temporal SDK's task latencies,
 * slots, sticky cache and schedule-to-start, and its own webhook outcomes.
 */
describe('the worker’s /metrics', () => {
  let stack: Stack;
  let worker: ChildProcess;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let url: string;

  beforeAll(async () => {
    stack = await startStack({ worker: false });
    receiver = await startWebhookReceiver();
    const started = await startWorkerWithProbes(stack, { METRICS_TOKEN: TOKEN });
    worker = started.child;
    url = `${started.base}/metrics`;
  }, 60_000);
  afterAll(async () => {
    if (worker) await stopWorkerProcess(worker);
    await receiver?.close();
    await stack?.close();
  });

  const scrape = (token?: string) =>
    fetch(url, token ? { headers: { authorization: `Bearer ${token}` } } : {}).then(async (r) => ({
      status: r.status,
      text: await r.text(),
    }));

  it('refuses a scrape without the token', async () => {
    const refused = await eventually(async () => scrape().catch(() => null), 60_000, 'the metrics port');
    expect(refused.status).toBe(401);
    expect((await scrape('not-the-token-at-all')).status).toBe(401);
  });

  it('serves the SDK’s worker metrics and webhook outcomes once a payment went through', async () => {
    const app = await stack.registerApp();
    const { secret } = await stack.setWebhook(app.app.id, receiver.url);
    const payment = await stack.paidPayment(app.test);
    await receiver.verified(secret, 'payment.succeeded', payment.reference);

    const { status, text } = await eventually(
      async () => {
        const scraped = await scrape(TOKEN);
        return /oi_webhook_attempts_total\{outcome="DELIVERED"\} [1-9]/.test(scraped.text) ? scraped : null;
      },
      30_000,
      'a delivered webhook counted',
    );
    expect(status).toBe(200);
    for (const name of [
      'temporal_workflow_task_schedule_to_start_latency',
      'temporal_workflow_task_execution_latency',
      'temporal_worker_task_slots_available',
      'temporal_sticky_cache_size',
      'oi_worker_process_resident_memory_bytes',
    ]) {
      expect(text).toContain(name);
    }
  });
});
