import type { AddressInfo } from 'node:net';
import { OrderBook } from './orders.js';
import { OiPayments } from './sdk.js';
import { createShop } from './server.js';

/** Reads one setting from the environment, or stops naming the one missing. */
function setting(name: string, fallback?: string): string {
  const value = process.env[name] ?? fallback;
  if (!value) {
    console.error(`Set ${name} (see examples/node-shop/README.md)`);
    process.exit(1);
  }
  return value;
}

const port = Number(setting('PORT', '4000'));
const payments = new OiPayments({
  baseUrl: setting('OI_PAYMENTS_URL', 'http://localhost:8080'),
  apiKey: setting('OI_API_KEY'),
  apiSecret: setting('OI_API_SECRET'),
  webhookSecret: setting('OI_WEBHOOK_SECRET'),
});
const server = createShop({
  payments,
  orders: new OrderBook(),
  shopUrl: setting('SHOP_URL', `http://127.0.0.1:${port}`),
});
server.listen(port, '127.0.0.1', () => {
  // Its test waits for this line before it sends the first customer.
  console.log(`node-shop listening on http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
const stop = () => server.close(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
