import { defineSimulatorMount } from '../../../simulator-kit/mount.js';
import { nagadKeyFile, nagadKeys } from '../../simulator/mount.js';
import { DISBURSEMENT_BASE_PATH } from '../protocol.js';
import { SIMULATOR_MOUNT_NAME } from '../settings.js';
import { createNagadDisbursementSimulator } from './app.js';
import { TEST_WALLETS } from './wallets.js';

/**
 * The disbursement simulator beside the Nagad checkout's, under `/nagad-disbursement`. It holds the
 * same merchant and the same two keypairs (the checkout's key file in the data directory): a
 * merchant disburses from the account it is paid into, with the keys it registered with Nagad.
 */
const MERCHANT_ID = '683002007104225';

export const disbursementSimulatorMount = defineSimulatorMount({
  name: SIMULATOR_MOUNT_NAME,
  displayName: 'Nagad disbursement',
  urlVariable: 'NAGAD_DISBURSEMENT_SANDBOX_URL',
  // It has no pages a browser is sent to; the host still names where they would be.
  pageOriginVariable: 'NAGAD_DISBURSEMENT_SANDBOX_PAGE_ORIGIN',
  credentials(dataDir) {
    const keys = nagadKeys(dataDir);
    return {
      merchantId: MERCHANT_ID,
      merchantPrivateKeyPem: keys.merchant.privateKeyPem,
      merchantPublicKeyPem: keys.merchant.publicKeyPem,
      pgPrivateKeyPem: keys.pg.privateKeyPem,
      pgPublicKeyPem: keys.pg.publicKeyPem,
      keyFile: nagadKeyFile(dataDir),
    };
  },
  create({ publicUrl, credentials, checkpoint, now }) {
    const simulator = createNagadDisbursementSimulator({
      publicUrl,
      checkpoint,
      now,
      merchants: [{ merchantId: credentials.merchantId, publicKeyPem: credentials.merchantPublicKeyPem }],
      pgKeyPair: { privateKeyPem: credentials.pgPrivateKeyPem, publicKeyPem: credentials.pgPublicKeyPem },
    });
    return {
      app: simulator.app,
      reset: simulator.reset,
      faultPanel: simulator.faultPanel,
      persisted: simulator.persisted,
    };
  },
  serviceEnvironment: (baseUrl, credentials) => ({
    NAGAD_DISBURSEMENT_SANDBOX_URL: `${baseUrl}${DISBURSEMENT_BASE_PATH}`,
    NAGAD_DISBURSEMENT_TEST_MERCHANT_ID: credentials.merchantId,
    NAGAD_DISBURSEMENT_TEST_MERCHANT_PRIVATE_KEY: credentials.merchantPrivateKeyPem,
    NAGAD_DISBURSEMENT_TEST_PUBLIC_KEY: credentials.pgPublicKeyPem,
  }),
  banner: (_baseUrl, credentials) => [
    `merchant ${credentials.merchantId}, keys as for the Nagad checkout`,
    `test wallets: ${TEST_WALLETS.blocked} blocked, ${TEST_WALLETS.absent} no account, ${TEST_WALLETS.unverified} unverified`,
  ],
  links: [
    { label: 'transfers', path: '/__simulator/transfers' },
    { label: 'balance', path: '/__simulator/balance' },
    { label: 'faults', path: '/__simulator/faults' },
    { label: 'outages', path: '/__simulator/outages' },
  ],
});
