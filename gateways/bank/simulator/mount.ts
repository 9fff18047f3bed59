import { defineSimulatorMount } from '../../simulator-kit/mount.js';
import { SIMULATOR_MOUNT_NAME } from '../settings.js';
import { createBankSimulator } from './app.js';

/** The company's host-to-host login and the account its files debit, as the simulated bank knows them. */
const CHANNEL = {
  username: 'oipay_h2h',
  password: 'oipay_h2h_password',
  companyId: 'OIPAYTEST',
  accountNumber: '1234567890123',
};

export const simulatorMount = defineSimulatorMount({
  name: SIMULATOR_MOUNT_NAME,
  displayName: 'Bank (BEFTN, NPSB)',
  urlVariable: 'BANK_SANDBOX_URL',
  pageOriginVariable: 'BANK_SANDBOX_PAGE_ORIGIN',
  credentials: () => ({ ...CHANNEL }),
  create({ publicUrl, credentials, now, checkpoint }) {
    const simulator = createBankSimulator({
      publicUrl,
      login: { username: credentials.username, password: credentials.password },
      originator: { companyId: credentials.companyId, accountNumber: credentials.accountNumber },
      now,
      checkpoint,
    });
    return {
      app: simulator.app,
      reset: simulator.reset,
      faultPanel: simulator.faultPanel,
      persisted: simulator.persisted,
    };
  },
  serviceEnvironment: (baseUrl, credentials) => ({
    BANK_SANDBOX_URL: baseUrl,
    BANK_TEST_USERNAME: credentials.username,
    BANK_TEST_PASSWORD: credentials.password,
    BANK_TEST_COMPANY_ID: credentials.companyId,
    BANK_TEST_ACCOUNT_NUMBER: credentials.accountNumber,
  }),
  banner: (_baseUrl, credentials) => [
    `host-to-host login ${credentials.username}, password ${credentials.password}`,
    `company ${credentials.companyId}, account ${credentials.accountNumber}`,
  ],
  links: [
    { label: 'files, balance and accounts', path: '/__simulator/files' },
    { label: 'faults', path: '/__simulator/faults' },
    { label: 'state (JSON)', path: '/__simulator/state' },
  ],
});
