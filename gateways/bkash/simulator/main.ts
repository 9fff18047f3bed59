import { createServer } from 'node:http';
import { createBkashSimulator } from './app.js';

/**
 * Runs the bKash simulator on its own. Its settings are read here rather than from config/, which
 * knows nothing of bKash yet.
 */
const port = Number(process.env.BKASH_SIMULATOR_PORT ?? 8091);
const publicUrl = process.env.BKASH_SIMULATOR_PUBLIC_URL ?? `http://localhost:${port}`;
const merchant = {
  username: process.env.BKASH_TEST_USERNAME ?? 'oipay_bkash_test',
  password: process.env.BKASH_TEST_PASSWORD ?? 'oipay_bkash_test_password',
  appKey: process.env.BKASH_TEST_APP_KEY ?? 'oipay_bkash_test_app_key',
  appSecret: process.env.BKASH_TEST_APP_SECRET ?? 'oipay_bkash_test_app_secret',
};
const simulator = createBkashSimulator({ publicUrl, merchants: [merchant] });

const server = createServer(simulator.callback());
server.listen(port, () => {
  console.log(`bKash simulator listening on ${publicUrl} (username ${merchant.username})`);
});

function shutdown(): void {
  server.close(() => process.exit(0));
  // Keep-alive connections would otherwise hold the process open.
  server.closeAllConnections();
}
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
