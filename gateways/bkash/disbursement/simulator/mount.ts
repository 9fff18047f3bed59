import { defineSimulatorMount } from '../../../simulator-kit/mount.js';
import { createBkashDisbursementSimulator } from './app.js';

/** The company's sandbox disbursement account: its own credentials, apart from any checkout merchant's. */
const DISBURSEMENT_ACCOUNT = {
  username: 'oipay_bkash_disbursement',
  password: 'oipay_bkash_disbursement_password',
  appKey: 'oipay_bkash_disbursement_app_key',
  appSecret: 'oipay_bkash_disbursement_app_secret',
};

/** Served beside the checkout simulator, at /bkash-disbursement. */
export const simulatorMount = defineSimulatorMount({
  name: 'bkash-disbursement',
  displayName: 'bKash disbursement',
  urlVariable: 'BKASH_DISBURSEMENT_SANDBOX_URL',
  pageOriginVariable: 'BKASH_DISBURSEMENT_SANDBOX_PAGE_ORIGIN',
  credentials: () => ({ ...DISBURSEMENT_ACCOUNT }),
  create({ publicUrl, credentials, now }) {
    const simulator = createBkashDisbursementSimulator({ publicUrl, merchants: [credentials], now });
    return {
      app: simulator.app,
      reset: simulator.reset,
      faultPanel: simulator.faultPanel,
      persisted: simulator.persisted,
    };
  },
  serviceEnvironment: (baseUrl, credentials) => ({
    BKASH_DISBURSEMENT_SANDBOX_URL: baseUrl,
    BKASH_DISBURSEMENT_TEST_USERNAME: credentials.username,
    BKASH_DISBURSEMENT_TEST_PASSWORD: credentials.password,
    BKASH_DISBURSEMENT_TEST_APP_KEY: credentials.appKey,
    BKASH_DISBURSEMENT_TEST_APP_SECRET: credentials.appSecret,
  }),
  banner: (_baseUrl, credentials) => [
    `username ${credentials.username}, password ${credentials.password}`,
    `app_key ${credentials.appKey}, app_secret ${credentials.appSecret}`,
  ],
  links: [
    { label: 'faults', path: '/__simulator/faults' },
    { label: 'outage', path: '/__simulator/outage' },
    { label: 'transfers (its own ledger)', path: '/__simulator/transfers' },
    { label: 'balance', path: '/__simulator/balance' },
  ],
});
