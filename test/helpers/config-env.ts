import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { issueDevelopmentStackProof } from '../../platform/config/development-stack.js';

/** The data directory of the processes the tests start (DATA_DIR's default, from the checkout). */
const TEST_DATA_DIR = path.resolve(__dirname, '..', '..', '.data');

/** Settings that pass start-up's rules (platform/config/deployment.ts) as a deployment's would. */
export const deploymentEnv = {
  CREDENTIAL_PEPPER: randomBytes(32).toString('base64url'),
  PUBLIC_URL: 'https://pay.example.com',
  TRUSTED_PROXY_HOPS: '1',
  TRUSTED_PROXY_ADDRESSES: '10.0.0.2',
  // A deployment's Temporal is behind TLS; the tests' own servers are plaintext.
  TEMPORAL_ALLOW_PLAINTEXT: 'true',
} as const;

/**
 * The marker of the development stack with the proof that this test process started the process
 * it is given to (platform/config/development-stack.ts); valid while the test process runs.
 */
export const developmentStackProof = () => issueDevelopmentStackProof(TEST_DATA_DIR);

/** Settings of a process of the development stack, as `npm start` and the tests give theirs. */
export const developmentStackEnv = {
  ...developmentStackProof(),
  CREDENTIAL_PEPPER: deploymentEnv.CREDENTIAL_PEPPER,
} as const;
