import { createServer } from 'node:http';
import { listeningPort, reportListeningPort } from '../platform/http/listening-port.js';
import { createSimulatorHost } from './simulator-kit/host.js';
import { simulatorHostSettings } from './simulator-kit/host-settings.js';
import { SIMULATOR_MOUNTS } from './simulator-kit/mounts.js';

/**
 * Every gateway simulator on one port (`npm start` and Docker Compose run this): SIMULATOR_PORT
 * (else SSLCOMMERZ_SIMULATOR_PORT, else 8081; 0: a port the kernel picks, written to
 * LISTEN_PORT_FILE when set), SIMULATOR_PUBLIC_URL (http://localhost:<port>),
 * PUBLIC_URL (our API, for Stripe's webhooks) and DATA_DIR (.data, where Nagad's keys are kept).
 * Each simulator's payments, refunds, faults and outages outlive the process in
 * DATA_DIR/simulators/<gateway>-state.bin, as a real gateway's database would, unless
 * SIMULATOR_STATE=memory.
 */
const settings = simulatorHostSettings();
// The pages and redirects name the host's own address, which a port the kernel picks cannot give.
if (settings.port === 0 && !process.env.SIMULATOR_PUBLIC_URL) {
  console.error(
    'SIMULATOR_PORT=0 (a port the kernel picks) needs SIMULATOR_PUBLIC_URL: where browsers reach the host',
  );
  process.exit(1);
}
const host = createSimulatorHost({
  baseUrl: settings.baseUrl,
  serviceUrl: settings.serviceUrl,
  dataDir: settings.dataDir,
  mounts: SIMULATOR_MOUNTS,
  state: settings.state,
});

const server = createServer(host.handler);
server.listen(settings.port, settings.bindHost, () => {
  // SIMULATOR_PORT, or with 0 the port the kernel picked: named here and in LISTEN_PORT_FILE.
  const port = listeningPort(server);
  reportListeningPort(process.env.LISTEN_PORT_FILE, port);
  const where = settings.bindHost ? `${settings.bindHost}:${port}` : `port ${port}`;
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
