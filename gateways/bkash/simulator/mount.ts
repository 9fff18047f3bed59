import { defineSimulatorMount } from '../../simulator-kit/mount.js';
import { TODAYS_PAYMENTS_REPORT_LINK } from '../../simulator-kit/settlement-route.js';
import { createBkashSimulator } from './app.js';

/** The merchant the simulator knows (a bKash sandbox merchant's four credentials). */
const MERCHANT = {
  username: 'oipay_bkash_test',
  password: 'oipay_bkash_test_password',
  appKey: 'oipay_bkash_test_app_key',
  appSecret: 'oipay_bkash_test_app_secret',
};

export const simulatorMount = defineSimulatorMount({
  name: 'bkash',
  displayName: 'bKash',
  urlVariable: 'BKASH_SANDBOX_URL',
  pageOriginVariable: 'BKASH_SANDBOX_PAGE_ORIGIN',
  credentials: () => ({ ...MERCHANT }),
  create({ publicUrl, credentials }) {
    const simulator = createBkashSimulator({ publicUrl, merchants: [credentials] });
    return {
      app: simulator.app,
      reset: simulator.reset,
      faultPanel: simulator.faultPanel,
      persisted: simulator.persisted,
    };
  },
  serviceEnvironment: (baseUrl, credentials) => ({
    BKASH_SANDBOX_URL: baseUrl,
    BKASH_TEST_USERNAME: credentials.username,
    BKASH_TEST_PASSWORD: credentials.password,
    BKASH_TEST_APP_KEY: credentials.appKey,
    BKASH_TEST_APP_SECRET: credentials.appSecret,
  }),
  banner: (_baseUrl, credentials) => [
    `username ${credentials.username}, password ${credentials.password}`,
    `app_key ${credentials.appKey}, app_secret ${credentials.appSecret}`,
  ],
  links: [
    { label: 'faults', path: '/__simulator/faults' },
    { label: 'outage', path: '/__simulator/outage' },
    TODAYS_PAYMENTS_REPORT_LINK,
  ],
});
