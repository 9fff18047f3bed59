import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { Webhook } from 'standardwebhooks';
import {
  eventually,
  startStack,
  startWebhookReceiver,
  type Credentials,
  type Stack,
} from '../../helpers/stack.js';
import { HANG_GUARD_MS } from '../../helpers/patience.js';
import { startTcpProxy } from '../../helpers/tcp-proxy.js';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const SHOP_README = path.join(ROOT, 'examples', 'node-shop', 'README.md');
const run = promisify(execFile);

/** The README's `sh` block that adds the shop's webhook endpoint, as the reader pastes it. */
function endpointCommand(): string {
  const blocks = [...readFileSync(SHOP_README, 'utf8').matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
  const command = blocks.find((block) => block.includes('/webhook-endpoints'));
  if (!command) throw new Error(`no command adding a webhook endpoint in ${SHOP_README}`);
  return command;
}

/** Runs the README's command with the reader's values filled in; answers the new endpoint's secret. */
async function addShopEndpoint(apiUrl: string, creds: Credentials, shopUrl: string): Promise<string> {
  const script = endpointCommand()
    .replaceAll('http://localhost:8080', apiUrl)
    .replaceAll('oi_test_sk_…', creds.secret)
    .replaceAll('oi_test_…', creds.key)
    .replaceAll('http://127.0.0.1:4000', shopUrl);
  const prelude = 'set -euo pipefail\ncurl() { command curl -sS --fail-with-body "$@"; }\n';
  const { stdout } = await run('bash', ['-c', prelude + script], { timeout: HANG_GUARD_MS });
  return (JSON.parse(stdout) as { data: { secret: string } }).data.secret;
}

/** Runs examples/node-shop as its README does, and resolves once it listens, with its port. */
async function startShop(
  env: Record<string, string>,
): Promise<{ child: ChildProcess; port: number; output: () => string }> {
  const child = spawn(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['examples/node-shop/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const listening = await eventually(
    async () => {
      if (child.exitCode !== null) throw new Error(`the shop exited (${child.exitCode}): ${output}`);
      return /node-shop listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
    },
    30_000,
    'the shop to start',
  );
  return { child, port: Number(listening[1]), output: () => output };
}

describe('examples/node-shop', () => {
  let stack: Stack;
  let shop: Awaited<ReturnType<typeof startShop>> | undefined;
  let shopRelay: Awaited<ReturnType<typeof startTcpProxy>> | undefined;
  let shopUrl: string;
  let creds: Credentials;
  let demoReceiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let demoSecret: string;

  beforeAll(async () => {
    stack = await startStack();
    const app = await stack.registerApp();
    creds = app.test;
    // As `npm start` leaves the demo app: its first TEST endpoint is the demo receiver.
    demoReceiver = await startWebhookReceiver();
    demoSecret = (await stack.setWebhook(app.app.id, demoReceiver.url)).secret;
    // The endpoint is added before the shop starts (its secret is the shop's setting), so the
    // shop's address is a relay of the test's own, held from now on; the shop takes a port of
    // the kernel's choosing (PORT=0), named in its first line, and the relay leads there.
    shopRelay = await startTcpProxy(null);
    shopUrl = `http://127.0.0.1:${shopRelay.port}`;
    // The shop's /webhooks is one more endpoint, added as its README says.
    const secret = await addShopEndpoint(stack.apiUrl, creds, shopUrl);
    shop = await startShop({
      OI_PAYMENTS_URL: stack.apiUrl,
      OI_API_KEY: app.test.key,
      OI_API_SECRET: app.test.secret,
      OI_WEBHOOK_SECRET: secret,
      PORT: '0',
      SHOP_URL: shopUrl,
    });
    shopRelay.retarget({ host: '127.0.0.1', port: shop.port });
  }, 90_000);
  afterAll(async () => {
    if (shop && shop.child.exitCode === null) {
      const exited = new Promise((resolve) => shop!.child.once('exit', resolve));
      shop.child.kill('SIGTERM');
      await exited;
    }
    await shopRelay?.close();
    await demoReceiver?.close();
    await stack?.close();
  });

  const checkout = (product: string) =>
    fetch(`${shopUrl}/checkout`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ product }).toString(),
      redirect: 'manual',
    });
  const order = async (id: string): Promise<any> => (await fetch(`${shopUrl}/orders/${id}`)).json();

  it('sends the customer to checkout, and records the order paid from the verified payment.succeeded', async () => {
    const home = await fetch(shopUrl);
    expect(await home.text()).toContain('action="/checkout"');

    const redirected = await checkout('tshirt');
    expect(redirected.status).toBe(303);
    const location = redirected.headers.get('location')!;
    expect(location).toMatch(new RegExp(`^${stack.apiUrl}/checkout/pay_[0-9a-z]{20}$`));
    const reference = location.split('/').pop()!;

    // The customer's browser follows the redirect to the hosted checkout, pays, and the gateway
    // (the SSLCOMMERZ simulator) tells the service.
    const payment = await stack.readPayment(creds, reference);
    expect(payment).toMatchObject({ amountMinor: 85_000, productName: 'OI T-shirt' });
    const orderId = payment.orderId as string;
    // Read before the customer pays: once they have, the webhook may mark it paid at any moment.
    expect(await order(orderId)).toMatchObject({ status: 'AWAITING_PAYMENT', paymentReference: reference });

    const page = await fetch(location);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('OI T-shirt');
    await stack.openCheckout(reference);
    await stack.completeAtGateway(reference, 'VALID');

    const paid = await eventually(
      async () => {
        const current = await order(orderId);
        return current.status === 'PAID' ? current : null;
      },
      30_000,
      `order ${orderId} PAID: ${shop!.output()}`,
    );
    expect(paid).toMatchObject({ id: orderId, paymentReference: reference, amountMinor: 85_000 });
    expect(Date.parse(paid.paidAt)).not.toBeNaN();
    // The demo receiver still hears the app's events beside the shop.
    await demoReceiver.verified(demoSecret, 'payment.succeeded', reference);
  });

  it('refuses a webhook it cannot verify, and the order stays unpaid', async () => {
    const redirected = await checkout('mug');
    const reference = redirected.headers.get('location')!.split('/').pop()!;
    const payment = await stack.readPayment(creds, reference);
    const body = JSON.stringify({
      id: 'evt_forged',
      type: 'payment.succeeded',
      timestamp: new Date().toISOString(),
      data: { ...payment, status: 'SUCCEEDED' },
    });
    // Signed with a secret that is not the endpoint's.
    const forged = new Webhook(`whsec_${Buffer.alloc(32, 7).toString('base64')}`);
    const now = new Date();
    const answer = await fetch(`${shopUrl}/webhooks`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': 'evt_forged',
        'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
        'webhook-signature': forged.sign('evt_forged', now, body),
      },
      body,
    });
    expect(answer.status).toBe(400);
    expect(await order(payment.orderId)).toMatchObject({ status: 'AWAITING_PAYMENT' });
  });
});
