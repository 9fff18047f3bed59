import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createNagadSimulator } from './app.js';

/**
 * Runs the simulator on its own. Settings come from the environment until the service's config
 * knows Nagad:
 * - NAGAD_SIMULATOR_PORT (8083), NAGAD_SIMULATOR_PUBLIC_URL (http://localhost:<port>)
 * - NAGAD_SIMULATOR_MERCHANT_ID, NAGAD_SIMULATOR_MERCHANT_MOBILE (Nagad's public sandbox merchant)
 * - NAGAD_SIMULATOR_MERCHANT_PUBLIC_KEY_FILE (required): the merchant's public key, PEM
 * - NAGAD_SIMULATOR_PG_PRIVATE_KEY_FILE and NAGAD_SIMULATOR_PG_PUBLIC_KEY_FILE: the gateway's
 *   keypair; without them one is generated and its public key printed for the service to use.
 */

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

const fileText = (name: string) => readFileSync(required(name), 'utf8');

const port = Number(process.env.NAGAD_SIMULATOR_PORT ?? 8083);
const publicUrl = process.env.NAGAD_SIMULATOR_PUBLIC_URL ?? `http://localhost:${port}`;
const merchantId = process.env.NAGAD_SIMULATOR_MERCHANT_ID ?? '683002007104225';
const hasPgKeys = Boolean(process.env.NAGAD_SIMULATOR_PG_PRIVATE_KEY_FILE);
const simulator = createNagadSimulator({
  publicUrl,
  merchants: [
    {
      merchantId,
      merchantMobile: process.env.NAGAD_SIMULATOR_MERCHANT_MOBILE ?? '01711428036',
      publicKeyPem: fileText('NAGAD_SIMULATOR_MERCHANT_PUBLIC_KEY_FILE'),
    },
  ],
  pgKeyPair: hasPgKeys
    ? {
        privateKeyPem: fileText('NAGAD_SIMULATOR_PG_PRIVATE_KEY_FILE'),
        publicKeyPem: fileText('NAGAD_SIMULATOR_PG_PUBLIC_KEY_FILE'),
      }
    : undefined,
});

const server = createServer(simulator.callback());
server.listen(port, () => {
  console.log(`Nagad simulator listening on ${publicUrl} (merchant ${merchantId})`);
  if (!hasPgKeys) console.log(`Nagad public key for this run:\n${simulator.nagadPublicKeyPem}`);
});

function shutdown(): void {
  server.close(() => process.exit(0));
  // Keep-alive connections would otherwise hold the process open.
  server.closeAllConnections();
}
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
