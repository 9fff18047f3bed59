import { Webhook } from 'standardwebhooks';
import { auditRows, registerThroughApi, signInAs, type AdminSession } from '../../helpers/apps-admin.js';
import {
  eventually,
  startStack,
  startWebhookReceiver,
  type ReceivedWebhook,
  type Stack,
} from '../../helpers/stack.js';

const HOUR = 60 * 60 * 1000;

/** What a receiver verifying with `secret` (the standardwebhooks library) makes of a delivery. */
function verifiesWith(secret: string, delivery: ReceivedWebhook): boolean {
  const headers = Object.fromEntries(
    ['webhook-id', 'webhook-timestamp', 'webhook-signature'].map((h) => [h, String(delivery.headers[h])]),
  );
  try {
    new Webhook(secret).verify(delivery.body, headers);
    return true;
  } catch {
    return false;
  }
}

/**
 * Rotating a webhook signing secret: deliveries carry a signature by the new and by the previous
 * secret for 24 hours, so a receiver still on the old secret keeps verifying; afterwards only the
 * new one signs.
 */
describe('webhook signing-secret rotation', () => {
  let stack: Stack;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let current = new Date();
  const advance = (ms: number) => {
    current = new Date(current.getTime() + ms);
  };

  beforeAll(async () => {
    stack = await startStack({ clock: () => current });
    receiver = await startWebhookReceiver();
  });
  afterAll(async () => {
    await receiver.close();
    await stack.close();
  });

  const ping = async (session: AdminSession, appId: number) => {
    const before = receiver.received.length;
    const response = await session.call('POST', `/api/v1/admin/apps/${appId}/webhooks/TEST/ping`);
    expect(response.body.data).toMatchObject({ ok: true, statusCode: 200 });
    return receiver.received[before]!;
  };

  it('signs with the old and the new secret during the grace window, then with the new one only', async () => {
    const developer = await signInAs(stack, 'DEVELOPER');
    const app = await registerThroughApi(developer);
    const set = await developer.call('PUT', `/api/v1/admin/apps/${app.id}/webhooks/TEST`, {
      body: { url: receiver.url },
    });
    const oldSecret = set.body.data.secret as string;
    const rotated = await developer.call('POST', `/api/v1/admin/apps/${app.id}/webhooks/TEST/rotate-secret`);
    expect(rotated.status).toBe(200);
    const newSecret = rotated.body.data.secret as string;
    expect(newSecret).not.toBe(oldSecret);

    // A real delivery by the worker, during grace: both receivers verify it.
    const created = await stack.api('POST', '/api/v1/payments', {
      creds: app.test,
      headers: { 'Idempotency-Key': 'rotation-1' },
      body: { amountMinor: 2500, customerReference: 'cust_rotation' },
    });
    expect(created.status).toBe(201);
    const reference = created.body.data.reference as string;
    await stack.openCheckout(reference);
    await stack.completeAtGateway(reference, 'VALID');
    const delivery = await eventually(
      async () => receiver.received.find((r) => r.body.includes(reference)),
      20_000,
      'the payment.succeeded delivery',
    );
    expect(String(delivery.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(verifiesWith(oldSecret, delivery)).toBe(true);
    expect(verifiesWith(newSecret, delivery)).toBe(true);

    // Just before the window closes, a ping still carries both signatures.
    advance(24 * HOUR - 60_000);
    const late = await signInAs(stack, 'DEVELOPER');
    const duringGrace = await ping(late, app.id);
    expect([verifiesWith(oldSecret, duringGrace), verifiesWith(newSecret, duringGrace)]).toEqual([
      true,
      true,
    ]);

    // After it, only the new secret signs.
    advance(2 * 60_000);
    const after = await signInAs(stack, 'DEVELOPER');
    const afterGrace = await ping(after, app.id);
    expect(String(afterGrace.headers['webhook-signature']).split(' ')).toHaveLength(1);
    expect(verifiesWith(oldSecret, afterGrace)).toBe(false);
    expect(verifiesWith(newSecret, afterGrace)).toBe(true);

    const [audit] = await auditRows(stack, {
      action: 'webhook.secret_rotated',
      targetType: 'app',
      targetId: app.id,
    });
    expect(audit!.after).toMatchObject({ previousValidUntil: expect.any(String) });
  });

  it('replaces the secret at once when the endpoint URL is set again', async () => {
    const developer = await signInAs(stack, 'DEVELOPER');
    const app = await registerThroughApi(developer);
    const first = await developer.call('PUT', `/api/v1/admin/apps/${app.id}/webhooks/TEST`, {
      body: { url: receiver.url },
    });
    await developer.call('POST', `/api/v1/admin/apps/${app.id}/webhooks/TEST/rotate-secret`);
    const again = await developer.call('PUT', `/api/v1/admin/apps/${app.id}/webhooks/TEST`, {
      body: { url: receiver.url },
    });
    const delivery = await ping(developer, app.id);
    expect(verifiesWith(again.body.data.secret as string, delivery)).toBe(true);
    expect(verifiesWith(first.body.data.secret as string, delivery)).toBe(false);
    expect(String(delivery.headers['webhook-signature']).split(' ')).toHaveLength(1);
  });
});
