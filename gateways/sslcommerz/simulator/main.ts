import { createServer } from 'node:http';
import { configSchema } from '../../../config/index.js';
import { createSslcommerzSimulator } from './app.js';

// A stand-in gateway holds no secret and moves no money: it reads its settings, not a deployment's
// rules (config/deployment.ts), so it runs with no CREDENTIAL_PEPPER.
const config = configSchema.parse(process.env);
const port = config.SSLCOMMERZ_SIMULATOR_PORT;
const publicUrl = process.env.SSLCOMMERZ_SIMULATOR_PUBLIC_URL ?? `http://localhost:${port}`;
const simulator = createSslcommerzSimulator({
  publicUrl,
  stores: [
    { storeId: config.SSLCOMMERZ_TEST_STORE_ID, storePassword: config.SSLCOMMERZ_TEST_STORE_PASSWORD },
  ],
});

const server = createServer(simulator.callback());
server.listen(port, () => {
  console.log(`SSLCOMMERZ simulator listening on ${publicUrl} (store ${config.SSLCOMMERZ_TEST_STORE_ID})`);
});

function shutdown(): void {
  server.close(() => process.exit(0));
  // Keep-alive connections would otherwise hold the process open.
  server.closeAllConnections();
}
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
