import { loadConfig } from '../../../platform/config/index.js';
import { sendSignedWebhook } from '../../../activities/webhooks/send.js';
import { deploymentEnv } from '../../helpers/config-env.js';
import { startStack, startWebhookReceiver, type Stack } from '../../helpers/stack.js';

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
      expect(refused.failure).toBe('NO_REACHABLE_ADDRESS');
      // Said in neutral words: the refused address is not repeated back.
      expect(refused.error).toBe(
        "The endpoint's host gave no address deliveries may reach (NO_REACHABLE_ADDRESS)",
      );
      expect(receiver.received).toHaveLength(0);

      // By name too: the check is made on the address the name resolved to.
      const byName = await sendSignedWebhook(delivery(receiver.url.replace('127.0.0.1', 'localhost')), {
        allowPrivateNetworks: false,
      });
      expect(byName.statusCode).toBeNull();
      expect(receiver.received).toHaveLength(0);

      // A name that resolves only to blocked addresses is said as a name that does not resolve at
      // all: the two told apart would say which internal host names the service's resolver knows.
      const unresolvable = await sendSignedWebhook(delivery('http://no-such-host.invalid/hooks'), {
        allowPrivateNetworks: false,
      });
      expect(unresolvable.statusCode).toBeNull();
      expect({ failure: byName.failure, error: byName.error }).toEqual({
        failure: unresolvable.failure,
        error: unresolvable.error,
      });
      expect(byName.failure).toBe('NO_REACHABLE_ADDRESS');

      const allowed = await sendSignedWebhook(delivery(receiver.url), { allowPrivateNetworks: true });
      expect(allowed.statusCode).toBe(200);
      expect(receiver.received).toHaveLength(1);
    } finally {
      await receiver.close();
    }
  });

  it('reaches an internal app only when the allow-list names its host or its network', async () => {
    const receiver = await startWebhookReceiver();
    const byName = receiver.url.replace('127.0.0.1', 'localhost');
    const policy = (hosts: string[], networks: string[] = []) => ({
      allowPrivateNetworks: false,
      allowedPrivateTargets: loadConfig({
        ...deploymentEnv,
        WEBHOOK_ALLOWED_PRIVATE_TARGETS: [...hosts, ...networks].join(','),
      }).WEBHOOK_ALLOWED_PRIVATE_TARGETS,
    });
    try {
      // Named: reached on the private address the name resolves to.
      const named = await sendSignedWebhook(delivery(byName), policy(['localhost']));
      expect(named.statusCode).toBe(200);
      expect(receiver.received).toHaveLength(1);

      // The same receiver under its address, or with another name listed: refused at connect time.
      const byAddress = await sendSignedWebhook(delivery(receiver.url), policy(['localhost']));
      expect(byAddress).toMatchObject({ statusCode: null, failure: 'NO_REACHABLE_ADDRESS' });
      const otherName = await sendSignedWebhook(delivery(byName), policy(['billing.internal']));
      expect(otherName).toMatchObject({ statusCode: null, failure: 'NO_REACHABLE_ADDRESS' });
      expect(receiver.received).toHaveLength(1);

      // A named network: reached whatever name led there; a network beside it is not enough.
      const inNetwork = await sendSignedWebhook(delivery(byName), policy([], ['127.0.0.0/30']));
      expect(inNetwork.statusCode).toBe(200);
      const beside = await sendSignedWebhook(delivery(receiver.url), policy([], ['10.1.2.0/24']));
      expect(beside).toMatchObject({ statusCode: null, failure: 'NO_REACHABLE_ADDRESS' });
      expect(receiver.received).toHaveLength(2);
    } finally {
      await receiver.close();
    }
  });

  describe('a ping from the dashboard follows the same allow-list', () => {
    let stack: Stack;
    beforeAll(async () => {
      stack = await startStack({
        worker: false,
        configOverrides: {
          WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'false',
          WEBHOOK_ALLOWED_PRIVATE_TARGETS: 'localhost',
        },
      });
    });
    afterAll(() => stack.close());

    it('pings a named internal host, and refuses the same receiver by its address', async () => {
      const receiver = await startWebhookReceiver();
      try {
        const op = await stack.createOperator('ADMIN');
        const session = await stack.adminLogin(op.email, op.password);
        await session.stepUp();
        const app = await stack.registerApp();
        const ping = async (url: string) => {
          const set = await session.call('PUT', `/api/v1/admin/apps/${app.app.id}/webhooks/TEST`, {
            body: { url },
          });
          expect(set.status).toBe(200);
          return session.call('POST', `/api/v1/admin/apps/${app.app.id}/webhooks/TEST/ping`);
        };
        const named = await ping(receiver.url.replace('127.0.0.1', 'localhost'));
        expect(named.body.data).toMatchObject({ statusCode: 200, ok: true });
        const unnamed = await ping(receiver.url);
        expect(unnamed.body.data).toMatchObject({ statusCode: null, ok: false });
        expect(receiver.received).toHaveLength(1);
      } finally {
        await receiver.close();
      }
    });
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
