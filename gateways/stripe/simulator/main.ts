import { createServer } from 'node:http';
import { createStripeSimulator } from './app.js';

/**
 * The simulator on its own. Its settings are environment variables (the service's config does not
 * know Stripe yet): STRIPE_SIMULATOR_PORT, STRIPE_SIMULATOR_PUBLIC_URL, STRIPE_SIMULATOR_SECRET_KEY,
 * and STRIPE_SIMULATOR_WEBHOOK_URL with STRIPE_SIMULATOR_WEBHOOK_SECRET for event delivery.
 */

const SWEEP_INTERVAL_MS = 1_000;

const port = Number(process.env.STRIPE_SIMULATOR_PORT ?? 12111);
const publicUrl = process.env.STRIPE_SIMULATOR_PUBLIC_URL ?? `http://localhost:${port}`;
const secretKey = process.env.STRIPE_SIMULATOR_SECRET_KEY ?? 'sk_test_oipay_simulator';
const webhookUrl = process.env.STRIPE_SIMULATOR_WEBHOOK_URL;
const webhookSecret = process.env.STRIPE_SIMULATOR_WEBHOOK_SECRET ?? 'whsec_oipay_simulator';

const simulator = createStripeSimulator({
  publicUrl,
  secretKeys: [secretKey],
  webhook: webhookUrl ? { url: webhookUrl, secret: webhookSecret } : undefined,
});

// Expiry, delayed payments and refunds fall due with time, whether or not anyone calls.
const sweeper = setInterval(() => simulator.sweep(), SWEEP_INTERVAL_MS);

const server = createServer(simulator.callback());
server.listen(port, () => {
  console.log(`Stripe simulator listening on ${publicUrl} (webhooks ${webhookUrl ?? 'off'})`);
});

function shutdown(): void {
  clearInterval(sweeper);
  simulator.reset();
  server.close(() => process.exit(0));
  // Keep-alive connections would otherwise hold the process open.
  server.closeAllConnections();
}
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
