import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { OrderBook } from './orders.js';
import { OiPaymentsError, WebhookVerificationError, type OiPayments } from './sdk.js';

/** What the shop sells: prices in minor units (poisha), as the API takes them. */
export const CATALOGUE: Record<string, { name: string; amountMinor: number }> = {
  tshirt: { name: 'OI T-shirt', amountMinor: 85_000 },
  mug: { name: 'OI mug', amountMinor: 45_000 },
};

export interface ShopDeps {
  payments: OiPayments;
  orders: OrderBook;
  /** Where customers reach the shop, for the links checkout sends them back to. */
  shopUrl: string;
}

/** The raw bytes of a request body: a webhook's signature covers them exactly as sent. */
async function rawBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const send = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

const PAGE = `<!doctype html><title>OI Shop</title><h1>OI Shop</h1>
${Object.entries(CATALOGUE)
  .map(
    ([id, item]) =>
      `<form method="post" action="/checkout"><input type="hidden" name="product" value="${id}">
  ${item.name}, ${(item.amountMinor / 100).toFixed(2)} BDT <button>Buy</button></form>`,
  )
  .join('\n')}`;

/** POST /checkout: places the order, creates its payment, sends the customer to the hosted checkout. */
async function checkout(deps: ShopDeps, req: IncomingMessage, res: ServerResponse) {
  const form = new URLSearchParams((await rawBody(req)).toString('utf8'));
  const item = CATALOGUE[form.get('product') ?? ''];
  if (!item) return send(res, 400, { error: 'Unknown product' });
  const order = deps.orders.place(item.name, item.amountMinor);
  try {
    const payment = await deps.payments.payments.create(
      {
        amountMinor: item.amountMinor,
        customerReference: `guest_${order.id}`,
        productName: item.name,
        orderId: order.id,
        metadata: { orderId: order.id },
        returnUrl: `${deps.shopUrl}/orders/${order.id}`,
        cancelUrl: `${deps.shopUrl}/`,
      },
      // Keyed by the order: a double click or a restart never makes a second payment for it.
      { idempotencyKey: `order-${order.id}` },
    );
    deps.orders.attachPayment(order.id, payment.reference);
    res.writeHead(303, { location: payment.checkoutUrl });
    res.end();
  } catch (error) {
    const code = error instanceof OiPaymentsError ? error.errorCode : null;
    send(res, 502, { error: 'Could not start the payment', code });
  }
}

/** POST /webhooks: only a verified event changes an order; a redirect back from checkout never does. */
async function webhook(deps: ShopDeps, req: IncomingMessage, res: ServerResponse) {
  const body = await rawBody(req);
  let event;
  try {
    event = deps.payments.webhooks.verify(body, req.headers);
  } catch (error) {
    if (error instanceof WebhookVerificationError) return send(res, 400, { error: 'Bad signature' });
    throw error;
  }
  if (event.type === 'payment.succeeded') {
    const orderId = event.data.orderId ?? String(event.data.metadata['orderId'] ?? '');
    deps.orders.markPaid(event.id, orderId, event.data.reference, event.timestamp);
  }
  // Any 2xx says "received"; other event types are simply acknowledged.
  send(res, 200, { received: true });
}

/** The example shop as an HTTP handler, so it can run standalone or inside a test. */
export function createShop(deps: ShopDeps) {
  return createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://shop').pathname;
    const route = `${req.method} ${path}`;
    const handled = (async () => {
      if (route === 'GET /') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        return res.end(PAGE);
      }
      if (route === 'POST /checkout') return checkout(deps, req, res);
      if (route === 'POST /webhooks') return webhook(deps, req, res);
      const order = req.method === 'GET' && /^\/orders\/([\w-]+)$/.exec(path);
      if (order) {
        const found = deps.orders.get(order[1]!);
        return found ? send(res, 200, found) : send(res, 404, { error: 'No such order' });
      }
      send(res, 404, { error: 'Not found' });
    })();
    handled.catch((error: unknown) => {
      console.error(error);
      if (!res.headersSent) send(res, 500, { error: 'Internal error' });
    });
  });
}
