import { Webhook } from 'standardwebhooks';
import { recordEvent } from '../../../db/webhooks/events.js';
import { randomToken } from '../../../domain/shared/ids.js';
import { runCli, startCli } from '../../helpers/cli.js';
import { eventually, startStack, startWebhookReceiver, type Stack } from '../../helpers/stack.js';

type Receiver = Awaited<ReturnType<typeof startWebhookReceiver>>;

/**
 * `npm run cli -- listen`: an app's TEST events, forwarded to a receiver on the developer's
 * machine as they are written, signed with the secret it prints; the app's own endpoint still gets
 * its deliveries.
 */
describe('npm run cli -- listen', () => {
  let stack: Stack;
  let endpoint: Receiver;
  let laptop: Receiver;

  beforeAll(async () => {
    stack = await startStack();
    endpoint = await startWebhookReceiver();
    laptop = await startWebhookReceiver();
  });
  afterAll(async () => {
    await laptop.close();
    await endpoint.close();
    await stack.close();
  });

  it('forwards payment.succeeded signed with the printed secret, beside the normal delivery, and stops on Ctrl-C', async () => {
    const app = await stack.registerApp();
    const { secret: endpointSecret } = await stack.setWebhook(app.app.id, endpoint.url);
    // Written before the listener starts: it follows from now, so this one is not forwarded.
    const { eventId: earlier } = await recordEvent(stack.em(), {
      appId: app.app.id,
      mode: 'TEST',
      type: 'webhook.ping',
      sourceType: 'test',
      sourceId: randomToken(10),
      data: { appId: app.app.id, mode: 'TEST' },
    });
    const listener = startCli(['listen', '--app', String(app.app.id), '--forward-to', laptop.url]);
    try {
      const [, secret] = await listener.waitFor(/Ready\. Your webhook signing secret is (whsec_\S+)/);
      expect(secret).not.toBe(endpointSecret);

      const payment = await stack.paidPayment(app.test);
      const forwarded = await laptop.verified(secret!, 'payment.succeeded', payment.reference);
      const delivery = laptop.received.find((r) => r.headers['webhook-id'] === forwarded.id)!;
      // Verified as an app verifies it, with the standardwebhooks library and the printed secret.
      expect(
        new Webhook(secret!).verify(delivery.body, {
          'webhook-id': String(delivery.headers['webhook-id']),
          'webhook-timestamp': String(delivery.headers['webhook-timestamp']),
          'webhook-signature': String(delivery.headers['webhook-signature']),
        }),
      ).toMatchObject({ id: forwarded.id, type: 'payment.succeeded' });
      await listener.waitFor(new RegExp(`payment\\.succeeded  ${forwarded.id}  → 200`));

      // The app's own endpoint got the same event, as ever, and only it is on the delivery record.
      const normal = await endpoint.verified(endpointSecret, 'payment.succeeded', payment.reference);
      expect(JSON.parse(delivery.body)).toEqual(normal);
      const attempts = await eventually(async () => {
        const rows = await stack
          .em()
          .execute<Array<{ url: string }>>('select url from webhook_attempts where event_id = ?', [
            forwarded.id,
          ]);
        return rows.length ? rows : null;
      });
      expect(attempts.map((a) => a.url)).toEqual([endpoint.url]);

      expect(laptop.received.map((r) => r.headers['webhook-id'])).not.toContain(earlier);
      expect(laptop.received.filter((r) => r.headers['webhook-id'] === forwarded.id)).toHaveLength(1);
    } finally {
      expect(await listener.stop('SIGINT')).toBe(0);
    }
    expect(listener.stdout).toContain('Stopped.');
  });

  it('catches up from --since and forwards only the --events types asked for', async () => {
    const app = await stack.registerApp();
    const before = new Date().toISOString();
    const payment = await stack.paidPayment(app.test);
    const refund = await stack.api('POST', `/api/v1/payments/${payment.reference}/refunds`, {
      creds: app.test,
      body: { amountMinor: 500, reason: 'returned' },
    });
    expect(refund.status).toBe(201);
    const listener = startCli([
      'listen',
      '--app',
      String(app.app.id),
      '--forward-to',
      laptop.url,
      '--since',
      before,
      '--events',
      'payment.succeeded',
    ]);
    try {
      const [, secret] = await listener.waitFor(/secret is (whsec_\S+)/);
      const forwarded = await laptop.verified(secret!, 'payment.succeeded', payment.reference);
      await listener.waitFor(new RegExp(`${forwarded.id}  → 200`));
      // Give it a few polls: nothing but payment.succeeded comes.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(laptop.allVerified(secret!).map((e) => e.type)).toEqual(['payment.succeeded']);
    } finally {
      expect(await listener.stop('SIGTERM')).toBe(0);
    }
  });

  it('refuses LIVE, and an app that does not exist', async () => {
    const app = await stack.registerApp();
    const live = await runCli(
      ['listen', '--app', String(app.app.id), '--forward-to', laptop.url, '--mode', 'LIVE'],
      null,
    );
    expect(live.code).toBe(2);
    expect(live.stderr).toContain('TEST events only');
    const missing = await runCli(['listen', '--app', '999999999', '--forward-to', laptop.url], null);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no app with id 999999999');
  });
});
