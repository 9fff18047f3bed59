import type { EntityManager } from '@mikro-orm/postgresql';
import {
  ensureGatewayHealthSchedule,
  gatewayHealthScheduleId,
} from '../../../activities/gateway-health/health-schedule.js';
import { currentHealth, recentHealthChanges } from '../../../db/gateway-health/health.js';
import type { HealthStatus } from '../../../domain/gateway-health/health-rules.js';
import { enableGateways, postChoice } from '../../helpers/picker.js';
import { eventually, startStack, startWebhookReceiver, type Stack } from '../../helpers/stack.js';

/**
 * Gateway health on the whole stack: real SSLCOMMERZ calls through the registry (the simulator's
 * outages make them fail), outcomes written per minute, the evaluation on a Temporal schedule
 * every 2 seconds, its decisions read back from PostgreSQL by the checkout, the status page and
 * the events.
 */

const EVERY_SECONDS = 2;
/** The deployment's settings: a short hold so recovery is seen in a test; the rates are the defaults. */
const POLICY = {
  GATEWAY_HEALTH_WINDOW_SECONDS: '300',
  GATEWAY_HEALTH_MIN_CALLS: '10',
  GATEWAY_HEALTH_RECOVERY_SECONDS: '10',
};

type App = Awaited<ReturnType<Stack['registerApp']>>;

describe('gateway health', () => {
  let stack: Stack;
  let app: App;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let secret: string;

  beforeAll(async () => {
    stack = await startStack({ configOverrides: { GATEWAY_CALLS_FLUSH_SECONDS: '1', ...POLICY } });
    receiver = await startWebhookReceiver();
    app = await stack.registerApp();
    ({ secret } = await stack.setWebhook(app.app.id, receiver.url));
    await enableGateways(stack, app.app.id, ['bkash', 'nagad']);
    await ensureGatewayHealthSchedule(stack.client, stack.config.TEMPORAL_TASK_QUEUE, EVERY_SECONDS);
  });
  afterAll(async () => {
    await stack?.setOutages({ query: null }).catch(() => undefined);
    await stack?.client.schedule
      .getHandle(gatewayHealthScheduleId(stack.config.TEMPORAL_TASK_QUEUE))
      .delete()
      .catch(() => undefined);
    await receiver?.close();
    await stack?.close();
  });

  const em = () => stack.orm.em.fork() as EntityManager;
  const statusOf = async (gateway: string, mode: 'TEST' | 'LIVE' = 'TEST') =>
    (await currentHealth(em(), mode)).find((row) => row.gateway === gateway)?.status;
  const becomes = (gateway: string, status: HealthStatus, timeoutMs = 60_000) =>
    eventually(async () => (await statusOf(gateway)) === status, timeoutMs, `${gateway} ${status}`);

  /** `n` transaction queries at SSLCOMMERZ through the API's registry; each settles OK, refused or failed. */
  async function sslcommerzQueries(n: number) {
    const gateway = (await stack.gateways.forApp(app.app.id, 'TEST', 'sslcommerz'))!;
    for (let i = 0; i < n; i++)
      await gateway.query(`pay_health${String(i).padStart(11, '0')}`, null).catch(() => null);
  }

  const healthEvents = () =>
    receiver.allVerified(secret).filter((event) => event.type === 'gateway.health_changed');

  it('a gateway whose calls fail turns DEGRADED at its next evaluation, and recovers only after the hold', async () => {
    await becomes('sslcommerz', 'OPERATIONAL');
    // 7 answered and 3 failed: 30 % failed, above the degrading rate (20 %), below DOWN's (50 %).
    await sslcommerzQueries(7);
    await stack.setOutages({ query: { forMs: 3_600_000 } });
    await sslcommerzQueries(3);
    await stack.callMinutes.flush();
    const failedAt = Date.now();
    await becomes('sslcommerz', 'DEGRADED');

    // Degraded: still offered by the checkout, last, with its note.
    const payment = await stack.createPayment(app.test);
    const page = await stack.api<string>('GET', `/checkout/${payment.reference}`);
    const order = [...page.body.matchAll(/data-testid="choice-(\w+)"/g)].map((m) => m[1]);
    expect(order).toEqual(['bkash', 'nagad', 'sslcommerz']);
    expect(page.body).toContain('Having trouble lately');
    const context = await stack.api('GET', `/api/v1/checkout/${payment.reference}`);
    expect(context.body.data.choices.map((c: { name: string }) => c.name)).toEqual([
      'bkash',
      'nagad',
      'sslcommerz',
    ]);

    // The gateway answers again: 40 good calls bring the window to 3 of 50 (6 %), below the recovery rate.
    await stack.setOutages({ query: null });
    await sslcommerzQueries(40);
    await stack.callMinutes.flush();
    await becomes('sslcommerz', 'OPERATIONAL', 60_000);
    const [recovered, degraded] = await recentHealthChanges(em(), new Date(failedAt - 60_000), 10).then(
      (all) => all.filter((c) => c.gateway === 'sslcommerz' && c.mode === 'TEST'),
    );
    expect(degraded).toMatchObject({
      previousStatus: 'OPERATIONAL',
      status: 'DEGRADED',
      calls: 10,
      failures: 3,
    });
    expect(recovered).toMatchObject({ previousStatus: 'DEGRADED', status: 'OPERATIONAL' });
    // Hysteresis: not better before the hold had passed since the last troubled window.
    expect(recovered!.changedAt.getTime() - degraded!.changedAt.getTime()).toBeGreaterThanOrEqual(
      Number(POLICY.GATEWAY_HEALTH_RECOVERY_SECONDS) * 1000,
    );

    // One event per change, each delivered once, and readable from the events list.
    const delivered = await eventually(async () => {
      const events = healthEvents().filter((e) => e.data.gateway === 'sslcommerz');
      return events.length >= 2 ? events : null;
    }, 30_000);
    // A few more evaluations: nothing changed, nothing more is sent.
    await new Promise((resolve) => setTimeout(resolve, 3 * EVERY_SECONDS * 1000));
    const all = healthEvents().filter((e) => e.data.gateway === 'sslcommerz');
    expect(all.map((e) => e.data.status)).toEqual(['DEGRADED', 'OPERATIONAL']);
    expect(new Set(all.map((e) => e.id)).size).toBe(2);
    expect(delivered[0]!.data).toMatchObject({
      gateway: 'sslcommerz',
      mode: 'TEST',
      previousStatus: 'OPERATIONAL',
      status: 'DEGRADED',
      window: { calls: 10, failures: 3, errorRate: 0.3 },
      maintenance: null,
    });
    const listed = await stack.api('GET', '/api/v1/events?type=gateway.health_changed', { creds: app.test });
    expect(listed.status).toBe(200);
    const listedIds = listed.body.data.items.map((e: { id: string }) => e.id);
    expect(listedIds).toEqual(expect.arrayContaining(all.map((e) => e.id)));
    // LIVE keys see LIVE's health only: nothing changed there.
    const live = await stack.api('GET', '/api/v1/events?type=gateway.health_changed', { creds: app.live });
    expect(live.body.data.items).toEqual([]);
  });

  it('a maintenance window an operator enters makes the gateway MAINTENANCE: not selectable at checkout', async () => {
    const developer = await stack.createOperator('DEVELOPER');
    const refused = await (
      await stack.adminLogin(developer.email, developer.password)
    ).call('POST', '/api/v1/admin/maintenance-windows', {
      body: {
        gateway: 'nagad',
        mode: 'TEST',
        startsAt: new Date().toISOString(),
        endsAt: new Date(Date.now() + 3_600_000).toISOString(),
      },
    });
    expect(refused.status).toBe(403);

    const operator = await stack.createOperator('ADMIN');
    const session = await stack.adminLogin(operator.email, operator.password);
    const backwards = await session.call('POST', '/api/v1/admin/maintenance-windows', {
      body: {
        gateway: 'nagad',
        mode: 'TEST',
        startsAt: new Date(Date.now() + 3_600_000).toISOString(),
        endsAt: new Date().toISOString(),
      },
    });
    expect(backwards.status).toBe(422);
    expect(backwards.body.meta.errorCode).toBe('MAINTENANCE_WINDOW_INVALID');

    const entered = await session.call('POST', '/api/v1/admin/maintenance-windows', {
      body: {
        gateway: 'nagad',
        mode: 'TEST',
        startsAt: new Date(Date.now() - 1000).toISOString(),
        endsAt: new Date(Date.now() + 3_600_000).toISOString(),
        note: 'Nagad upgrades its API',
      },
    });
    expect(entered.status).toBe(201);
    const windowId = entered.body.data.id as number;
    const audit = await em().execute(
      `select action, actor_label from audit_log where target_type = 'maintenance_window' and target_id = ?`,
      [String(windowId)],
    );
    expect(audit).toEqual([{ action: 'maintenance_window.created', actor_label: operator.email }]);

    await becomes('nagad', 'MAINTENANCE');
    const payment = await stack.createPayment(app.test);
    const page = await stack.api<string>('GET', `/checkout/${payment.reference}`);
    const order = [...page.body.matchAll(/data-testid="choice-(\w+)"/g)].map((m) => m[1]);
    expect(order).toEqual(['sslcommerz', 'bkash', 'nagad']);
    expect(page.body).toMatch(/value="nagad"[^>]*disabled/);
    expect(page.body).toContain('Under maintenance right now');
    const context = await stack.api('GET', `/api/v1/checkout/${payment.reference}`);
    expect(context.body.data.choices.map((c: { name: string }) => c.name)).toEqual(['sslcommerz', 'bkash']);
    // A choice sent anyway is refused: nothing was opened at Nagad.
    const chosen = await postChoice(stack, payment.reference, 'nagad');
    expect(chosen.status).toBe(400);
    expect((await stack.readPayment(app.test, payment.reference)).gateway).toBeNull();

    // The public status, as JSON and as the page.
    const status = await stack.api('GET', '/api/v1/status');
    expect(status.status).toBe(200);
    expect(status.body.data.gateways).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ gateway: 'nagad', mode: 'TEST', status: 'MAINTENANCE' }),
        expect.objectContaining({ gateway: 'sslcommerz', mode: 'TEST', status: 'OPERATIONAL' }),
        expect.objectContaining({ gateway: 'nagad', mode: 'LIVE', status: 'OPERATIONAL' }),
      ]),
    );
    expect(status.body.data.maintenance).toEqual([
      expect.objectContaining({
        id: windowId,
        gateway: 'nagad',
        mode: 'TEST',
        inForce: true,
        note: 'Nagad upgrades its API',
      }),
    ]);
    expect(
      status.body.data.recentChanges
        .slice(0, 3)
        .map((c: { gateway: string; status: string }) => `${c.gateway} ${c.status}`),
    ).toEqual(['nagad MAINTENANCE', 'sslcommerz OPERATIONAL', 'sslcommerz DEGRADED']);
    const html = await stack.api<string>('GET', '/status');
    expect(html.status).toBe(200);
    expect(html.body).toContain('data-testid="status-TEST-nagad" data-status="MAINTENANCE"');
    expect(html.body).toContain('Nagad upgrades its API');

    const event = await eventually(async () =>
      healthEvents().find((e) => e.data.gateway === 'nagad' && e.data.status === 'MAINTENANCE'),
    );
    expect(event.data.maintenance).toMatchObject({ id: windowId, note: 'Nagad upgrades its API' });

    // Ended early: the gateway is back at the next evaluation (no hold after maintenance).
    const cancelled = await session.call('POST', `/api/v1/admin/maintenance-windows/${windowId}/cancel`);
    expect(cancelled.status).toBe(200);
    expect((await session.call('POST', `/api/v1/admin/maintenance-windows/${windowId}/cancel`)).status).toBe(
      404,
    );
    await becomes('nagad', 'OPERATIONAL', 30_000);
    await eventually(async () =>
      healthEvents().find((e) => e.data.gateway === 'nagad' && e.data.previousStatus === 'MAINTENANCE'),
    );
    expect(
      healthEvents()
        .filter((e) => e.data.gateway === 'nagad')
        .map((e) => e.data.status),
    ).toEqual(['MAINTENANCE', 'OPERATIONAL']);
  });
});
