import { createServer } from 'node:http';
import path from 'node:path';
import { createSimulatorHost } from './simulator-kit/host.js';
import { SIMULATOR_MOUNTS } from './simulator-kit/mounts.js';

/**
 * Every gateway simulator on one port (`npm start` runs this): SIMULATOR_PORT (else
 * SSLCOMMERZ_SIMULATOR_PORT, else 8081), SIMULATOR_PUBLIC_URL (http://localhost:<port>), PUBLIC_URL
 * (our API, for Stripe's webhooks) and DATA_DIR (.data, where Nagad's keys are kept).
 */
const port = Number(process.env.SIMULATOR_PORT || process.env.SSLCOMMERZ_SIMULATOR_PORT || 8081);
const baseUrl = (process.env.SIMULATOR_PUBLIC_URL || `http://localhost:${port}`).replace(/\/+$/, '');
const host = createSimulatorHost({
  baseUrl,
  serviceUrl: process.env.PUBLIC_URL || 'http://localhost:8080',
  dataDir: path.resolve(process.env.DATA_DIR || '.data'),
  mounts: SIMULATOR_MOUNTS,
});

const server = createServer(host.handler);
server.listen(port, () => {
  console.log(`gateway simulators listening on port ${port}: ${baseUrl}/ lists them`);
});

function shutdown(): void {
  host.close();
  server.close(() => process.exit(0));
  // Keep-alive connections would otherwise hold the process open.
  server.closeAllConnections();
}
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
