import { sendSignedWebhook } from '../../webhooks/send.js';
import { startStack, startWebhookReceiver, type Stack } from '../helpers/stack.js';

/** Webhooks leave for the apps' endpoints, never for the service's own network. */
describe('where webhooks may go', () => {
  const delivery = (url: string) => ({
    url,
    secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    eventId: 'evt_network',
    body: '{"id":"evt_network"}',
    sentAt: new Date(),
    timeoutMs: 2_000,
  });

  it("refuses the service's own network (here: loopback) unless private networks are allowed", async () => {
    const receiver = await startWebhookReceiver();
    try {
      const refused = await sendSignedWebhook(delivery(receiver.url), { allowPrivateNetworks: false });
      expect(refused.statusCode).toBeNull();
      expect(refused.failure).toBe('BLOCKED_ADDRESS');
      // Said in neutral words: the refused address is not repeated back.
      expect(refused.error).toBe(
        "The endpoint's address is in a network deliveries may not reach (BLOCKED_ADDRESS)",
      );
      expect(receiver.received).toHaveLength(0);

      // By name too: the check is made on the address the name resolved to.
      const byName = await sendSignedWebhook(delivery(receiver.url.replace('127.0.0.1', 'localhost')), {
        allowPrivateNetworks: false,
      });
      expect(byName.statusCode).toBeNull();
      expect(receiver.received).toHaveLength(0);

      const allowed = await sendSignedWebhook(delivery(receiver.url), { allowPrivateNetworks: true });
      expect(allowed.statusCode).toBe(200);
      expect(receiver.received).toHaveLength(1);
    } finally {
      await receiver.close();
    }
  });

  describe('endpoints', () => {
    let stack: Stack;
    beforeAll(async () => {
      stack = await startStack({ worker: false });
    });
    afterAll(() => stack.close());

    it('a LIVE endpoint must be https', async () => {
      const op = await stack.createOperator('ADMIN');
      const session = await stack.adminLogin(op.email, op.password);
      await session.stepUp();
      const app = await stack.registerApp();
      const http = await session.call('PUT', `/api/v1/admin/apps/${app.app.id}/webhooks/LIVE`, {
        body: { url: 'http://shop.example.com/hooks' },
      });
      expect(http.status).toBe(400);
      expect(http.body.meta.errorCode).toBe('VALIDATION_ERROR');
      const https = await session.call('PUT', `/api/v1/admin/apps/${app.app.id}/webhooks/LIVE`, {
        body: { url: 'https://shop.example.com/hooks' },
      });
      expect(https.status).toBe(200);
    });
  });
});
