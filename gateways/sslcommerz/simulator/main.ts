import { createServer } from 'node:http';
import { configSchema } from '../../../platform/config/index.js';
import { listeningPort, reportListeningPort } from '../../../platform/http/listening-port.js';
import { checkpointBeforeReply } from '../../simulator-kit/durable-replies.js';
import { MEMORY_ONLY, simulatorDurableState, simulatorStateFile } from '../../simulator-kit/durable-state.js';
import { simulatorHostSettings } from '../../simulator-kit/host-settings.js';
import { createSslcommerzSimulator } from './app.js';

// A stand-in gateway holds no secret and moves no money: it reads its settings, not a deployment's
// rules (platform/config/deployment.ts), so it runs with no CREDENTIAL_PEPPER.
const config = configSchema.parse(process.env);
const port = config.SSLCOMMERZ_SIMULATOR_PORT;
// Its pages and redirects name its own address, which a port the kernel picks (0) cannot give.
if (port === 0 && !process.env.SSLCOMMERZ_SIMULATOR_PUBLIC_URL) {
  console.error(
    'SSLCOMMERZ_SIMULATOR_PORT=0 (a port the kernel picks) needs SSLCOMMERZ_SIMULATOR_PUBLIC_URL: where browsers reach it',
  );
  process.exit(1);
}
const publicUrl = process.env.SSLCOMMERZ_SIMULATOR_PUBLIC_URL ?? `http://localhost:${port}`;
// DATA_DIR and SIMULATOR_STATE as the simulator host reads them: its state outlives the process
// unless SIMULATOR_STATE=memory. One process per data directory: the host's SSLCOMMERZ keeps its
// state in the same file.
const { dataDir, state } = simulatorHostSettings();
let durable = MEMORY_ONLY;
const checkpoint = () => durable.checkpoint();
const simulator = createSslcommerzSimulator({
  publicUrl,
  stores: [
    { storeId: config.SSLCOMMERZ_TEST_STORE_ID, storePassword: config.SSLCOMMERZ_TEST_STORE_PASSWORD },
  ],
  checkpoint,
});
durable = simulatorDurableState(state, dataDir, 'sslcommerz', simulator.persisted);
// What changes after an answer has gone (an IPN's outcome) is saved within a second.
const checkpoints = setInterval(() => {
  try {
    checkpoint();
  } catch (error) {
    console.error('sslcommerz simulator: state not saved', error);
  }
}, 1_000);
checkpoints.unref();

const server = createServer(checkpointBeforeReply(simulator.callback(), checkpoint, 'sslcommerz'));
server.listen(port, () => {
  // With 0, the port the kernel picked: for whoever started it (LISTEN_PORT_FILE).
  reportListeningPort(process.env.LISTEN_PORT_FILE, listeningPort(server));
  console.log(`SSLCOMMERZ simulator listening on ${publicUrl} (store ${config.SSLCOMMERZ_TEST_STORE_ID})`);
  if (state === 'file') console.log(`its state: kept in ${simulatorStateFile(dataDir, 'sslcommerz')}`);
});

function shutdown(): void {
  clearInterval(checkpoints);
  server.close(() => process.exit(0));
  // Keep-alive connections would otherwise hold the process open.
  server.closeAllConnections();
}
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
