import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { startDemoWebhookReceiver, WEBHOOK_PATH } from '../../../scripts/dev/webhook-receiver.js';

/** The demo receiver `npm start` runs: it verifies deliveries and, in a browser, lists them. */
describe('the demo webhook receiver', () => {
  const secret = `whsec_${Buffer.alloc(32, 1).toString('base64')}`;
  const printed: string[] = [];
  let server: Server;
  let url: string;

  beforeAll(async () => {
    server = await startDemoWebhookReceiver({
      port: 0,
      host: '127.0.0.1',
      secret,
      print: (line) => printed.push(line),
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${WEBHOOK_PATH}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const deliver = (id: string, body: string, signer: Webhook) => {
    const now = new Date();
    return fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': id,
        'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
        'webhook-signature': signer.sign(id, now, body),
      },
      body,
    });
  };

  it('answers a browser at its URL with the deliveries it took, newest first, verified or not', async () => {
    const empty = await fetch(url);
    expect(empty.status).toBe(200);
    expect(empty.headers.get('content-type')).toContain('text/html');
    expect(await empty.text()).toContain('Nothing received yet');

    const event = (reference: string, status: string) =>
      JSON.stringify({ id: 'evt_1', type: 'payment.succeeded', data: { reference, status } });
    expect((await deliver('evt_1', event('pay_first', 'SUCCEEDED'), new Webhook(secret))).status).toBe(204);
    const forger = new Webhook(`whsec_${Buffer.alloc(32, 2).toString('base64')}`);
    expect((await deliver('evt_2', event('pay_<b>forged</b>', 'SUCCEEDED'), forger)).status).toBe(400);
    expect(printed).toEqual([
      'payment.succeeded pay_first SUCCEEDED verified: yes',
      'payment.succeeded pay_<b>forged</b> SUCCEEDED verified: NO',
    ]);

    const page = await (await fetch(url)).text();
    expect(page).toContain('pay_first');
    // What a sender put in the body is shown, never run as markup.
    expect(page).toContain('pay_&lt;b&gt;forged&lt;/b&gt;');
    expect(page).not.toContain('<b>forged</b>');
    expect(page.indexOf('forged')).toBeLessThan(page.indexOf('pay_first'));
    expect(page).toContain('NO (refused with 400)');
    // The receiver's root shows the same page; anything else is still not found.
    expect((await fetch(url.replace(WEBHOOK_PATH, '/'))).status).toBe(200);
    expect((await fetch(url.replace(WEBHOOK_PATH, '/elsewhere'))).status).toBe(404);
  });
});
