import { generateKeyPairSync } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { defineSimulatorMount } from '../../simulator-kit/mount.js';
import { TODAYS_PAYMENTS_REPORT_LINK } from '../../simulator-kit/settlement-route.js';
import { SANDBOX_BASE_PATH } from '../protocol.js';
import { createNagadSimulator } from './app.js';

/** Nagad's public sandbox merchant, as its PHP sample has it. */
const MERCHANT = { merchantId: '683002007104225', merchantMobile: '01711428036' };

interface PemPair {
  privateKeyPem: string;
  publicKeyPem: string;
}

/** The merchant's keypair and the simulated gateway's, made once per data directory. */
interface NagadKeys {
  merchant: PemPair;
  pg: PemPair;
}

export function nagadKeyFile(dataDir: string): string {
  return path.join(dataDir, 'simulators', 'nagad-keys.json');
}

function pemPair(): PemPair {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

function isPemPair(value: unknown): value is PemPair {
  const pair = value as Partial<PemPair> | null;
  return typeof pair?.privateKeyPem === 'string' && typeof pair.publicKeyPem === 'string';
}

function readKeys(file: string): NagadKeys {
  const keys = JSON.parse(readFileSync(file, 'utf8')) as Partial<NagadKeys>;
  if (!isPemPair(keys.merchant) || !isPemPair(keys.pg)) throw new Error(`${file} does not hold Nagad's keys`);
  return { merchant: keys.merchant, pg: keys.pg };
}

/**
 * The keys in the data directory, generated on first use. The launcher and the simulator host read
 * them in separate processes, so the file appears whole or not at all (written aside, then linked
 * into place, which fails if another process got there first) and both then hold the same keys.
 */
export function nagadKeys(dataDir: string): NagadKeys {
  const file = nagadKeyFile(dataDir);
  try {
    return readKeys(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const aside = `${file}.${process.pid}.tmp`;
  writeFileSync(aside, `${JSON.stringify({ merchant: pemPair(), pg: pemPair() }, null, 2)}\n`, {
    mode: 0o600,
  });
  try {
    linkSync(aside, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    rmSync(aside, { force: true });
  }
  return readKeys(file);
}

/** A path inside the working directory as a relative one, which is how a developer would type it. */
function shortPath(file: string): string {
  const inside = path.relative(process.cwd(), file);
  return inside.startsWith('..') || path.isAbsolute(inside) ? file : inside;
}

export const simulatorMount = defineSimulatorMount({
  name: 'nagad',
  displayName: 'Nagad',
  urlVariable: 'NAGAD_SANDBOX_URL',
  pageOriginVariable: 'NAGAD_SANDBOX_PAGE_ORIGIN',
  credentials(dataDir) {
    const keys = nagadKeys(dataDir);
    return {
      ...MERCHANT,
      merchantPrivateKeyPem: keys.merchant.privateKeyPem,
      merchantPublicKeyPem: keys.merchant.publicKeyPem,
      pgPrivateKeyPem: keys.pg.privateKeyPem,
      pgPublicKeyPem: keys.pg.publicKeyPem,
      keyFile: nagadKeyFile(dataDir),
    };
  },
  create({ publicUrl, credentials, checkpoint }) {
    const simulator = createNagadSimulator({
      publicUrl,
      checkpoint,
      merchants: [
        {
          merchantId: credentials.merchantId,
          merchantMobile: credentials.merchantMobile,
          publicKeyPem: credentials.merchantPublicKeyPem,
        },
      ],
      pgKeyPair: { privateKeyPem: credentials.pgPrivateKeyPem, publicKeyPem: credentials.pgPublicKeyPem },
    });
    return {
      app: simulator.app,
      reset: simulator.reset,
      faultPanel: simulator.faultPanel,
      persisted: simulator.persisted,
    };
  },
  // What the client's baseUrl takes: the API's base path included, as the real sandbox's is.
  serviceEnvironment: (baseUrl, credentials) => ({
    NAGAD_SANDBOX_URL: `${baseUrl}${SANDBOX_BASE_PATH}`,
    NAGAD_TEST_MERCHANT_ID: credentials.merchantId,
    NAGAD_TEST_MERCHANT_MOBILE: credentials.merchantMobile,
    NAGAD_TEST_MERCHANT_PRIVATE_KEY: credentials.merchantPrivateKeyPem,
    NAGAD_TEST_PUBLIC_KEY: credentials.pgPublicKeyPem,
  }),
  banner: (_baseUrl, credentials) => [
    `merchant ${credentials.merchantId}, mobile ${credentials.merchantMobile}`,
    `merchant private key and Nagad's public key in ${shortPath(credentials.keyFile)}`,
  ],
  links: [
    { label: 'faults', path: '/__simulator/faults' },
    { label: 'outages', path: '/__simulator/outages' },
    TODAYS_PAYMENTS_REPORT_LINK,
  ],
});
