import { PUBLIC_SANDBOX_PASSWORD } from '../settings.js';
import { defineSimulatorMount } from '../../simulator-kit/mount.js';
import { TODAYS_PAYMENTS_REPORT_LINK } from '../../simulator-kit/settlement-route.js';
import { createSslcommerzSimulator } from './app.js';

/** The store the simulator knows: the service's default TEST store (../settings.ts). */
const STORE = { storeId: 'oipay_test_store', storePassword: PUBLIC_SANDBOX_PASSWORD };

export const simulatorMount = defineSimulatorMount({
  name: 'sslcommerz',
  displayName: 'SSLCOMMERZ',
  urlVariable: 'SSLCOMMERZ_SANDBOX_URL',
  pageOriginVariable: 'SSLCOMMERZ_SANDBOX_PAGE_ORIGIN',
  credentials: () => ({ ...STORE }),
  create({ publicUrl, credentials, checkpoint }) {
    const simulator = createSslcommerzSimulator({ publicUrl, stores: [credentials], checkpoint });
    return {
      app: simulator.app,
      reset: simulator.reset,
      faultPanel: simulator.faultPanel,
      persisted: simulator.persisted,
    };
  },
  serviceEnvironment: (baseUrl, credentials) => ({
    SSLCOMMERZ_SANDBOX_URL: baseUrl,
    SSLCOMMERZ_TEST_STORE_ID: credentials.storeId,
    SSLCOMMERZ_TEST_STORE_PASSWORD: credentials.storePassword,
  }),
  banner: (_baseUrl, credentials) => [
    `store_id ${credentials.storeId}, store_passwd ${credentials.storePassword}`,
  ],
  links: [
    { label: 'faults', path: '/__simulator/faults' },
    { label: 'outages', path: '/__simulator/outages' },
    TODAYS_PAYMENTS_REPORT_LINK,
  ],
});
