import { createServer } from 'node:http';
import { createSimulatorHost } from './simulator-kit/host.js';
import { simulatorHostSettings } from './simulator-kit/host-settings.js';
import { SIMULATOR_MOUNTS } from './simulator-kit/mounts.js';

/**
 * Every gateway simulator on one port (`npm start` and Docker Compose run this): SIMULATOR_PORT
 * (else SSLCOMMERZ_SIMULATOR_PORT, else 8081), SIMULATOR_PUBLIC_URL (http://localhost:<port>),
 * PUBLIC_URL (our API, for Stripe's webhooks) and DATA_DIR (.data, where Nagad's keys are kept).
 * Each simulator's payments, refunds, faults and outages outlive the process in
 * DATA_DIR/simulators/<gateway>-state.bin, as a real gateway's database would, unless
 * SIMULATOR_STATE=memory.
 */
const settings = simulatorHostSettings();
const host = createSimulatorHost({
  baseUrl: settings.baseUrl,
  serviceUrl: settings.serviceUrl,
  dataDir: settings.dataDir,
  mounts: SIMULATOR_MOUNTS,
  state: settings.state,
});

const server = createServer(host.handler);
server.listen(settings.port, settings.bindHost, () => {
  const where = settings.bindHost ? `${settings.bindHost}:${settings.port}` : `port ${settings.port}`;
  console.log(`gateway simulators listening on ${where}: ${settings.baseUrl}/ lists them`);
  const kept = settings.state === 'file' ? `kept in ${settings.dataDir}/simulators` : 'in memory only';
  console.log(`their state: ${kept}`);
});

function shutdown(): void {
  host.close();
  server.close(() => process.exit(0));
  // Keep-alive connections would otherwise hold the process open.
  server.closeAllConnections();
}
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
