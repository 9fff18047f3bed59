import { closedPort } from '../../helpers/port-draws.js';
import { eventually, type Stack } from '../../helpers/stack.js';
import { startStackWithReceiver, type WebhookReceiver } from '../../helpers/suite-stacks.js';

type Attempt = {
  eventType: string;
  statusCode: number | null;
  ok: boolean;
  failureReason: string | null;
  error: string | null;
};

/**
 * An app reads why its endpoint did not take an event as a kind (NO_REACHABLE_ADDRESS,
 * CONNECTION_REFUSED, HTTP_5XX, …), never the resolver's or the socket's own words: those would
 * let anyone with an app's keys ask the service's resolver and network what exists. A name that
 * does not resolve and an address deliveries may not reach are one kind, in the same words.
 */
describe('webhook failure reasons', () => {
  let stack: Stack;
  let receiver: WebhookReceiver;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ stack, receiver, close } = await startStackWithReceiver());
  });
  afterAll(() => close?.());

  it('records an unresolvable host, a blocked address, a closed port and a 503 by kind through the attempts API', async () => {
    const app = await stack.registerApp();
    const refusing = await closedPort();
    receiver.respondWith(503);
    const urls = {
      unresolvable: 'http://no-such-host.invalid/hooks',
      // Cloud metadata: refused whatever the deployment allows of private networks.
      blocked: 'http://169.254.169.254/hooks',
      closed: `http://127.0.0.1:${refusing.port}/hooks`,
      failing: receiver.url,
    };
    const endpoints: Record<string, string> = {};
    for (const [name, url] of Object.entries(urls)) {
      const created = await stack.api('POST', '/api/v1/webhook-endpoints', {
        creds: app.test,
        body: { url },
      });
      expect(created.status).toBe(201);
      endpoints[name] = created.body.data.id as string;
    }
    await stack.paidPayment(app.test);

    const firstAttempt = (endpointId: string) =>
      eventually(async () => {
        const response = await stack.api('GET', `/api/v1/webhook-endpoints/${endpointId}/attempts`, {
          creds: app.test,
        });
        expect(response.status).toBe(200);
        return (response.body.data.items as Attempt[]).find((a) => a.eventType === 'payment.succeeded');
      }, 30_000);

    const unresolvable = await firstAttempt(endpoints.unresolvable!);
    const blocked = await firstAttempt(endpoints.blocked!);
    const closed = await firstAttempt(endpoints.closed!);
    const failing = await firstAttempt(endpoints.failing!);
    expect(unresolvable).toMatchObject({
      statusCode: null,
      ok: false,
      failureReason: 'NO_REACHABLE_ADDRESS',
    });
    // Not resolving and resolving to where deliveries may not go read the same: no DNS oracle.
    expect({ failureReason: blocked.failureReason, error: blocked.error }).toEqual({
      failureReason: unresolvable.failureReason,
      error: unresolvable.error,
    });
    expect(closed).toMatchObject({ statusCode: null, ok: false, failureReason: 'CONNECTION_REFUSED' });
    expect(failing).toMatchObject({ statusCode: 503, ok: false, failureReason: 'HTTP_5XX', error: null });

    // The words are the kind's own: no host, address, port or system error code.
    expect(unresolvable.error).toBe(
      "The endpoint's host gave no address deliveries may reach (NO_REACHABLE_ADDRESS)",
    );
    expect(closed.error).toBe('The endpoint refused the connection (CONNECTION_REFUSED)');
    for (const words of [unresolvable.error, closed.error]) {
      expect(words).not.toMatch(/no-such-host|127\.0\.0\.1|169\.254|getaddrinfo|ENOTFOUND|ECONNREFUSED/);
      expect(words).not.toContain(String(refusing.port));
    }
    refusing.release();
  });
});
