import { randomBytes } from 'node:crypto';

/** Settings that pass start-up's rules (config/deployment.ts) as a deployment's would. */
export const deploymentEnv = {
  CREDENTIAL_PEPPER: randomBytes(32).toString('base64url'),
  PUBLIC_URL: 'https://pay.example.com',
  TRUSTED_PROXY_HOPS: '1',
} as const;

/** Settings of a process of the development stack, as `npm start` and the tests give theirs. */
export const developmentStackEnv = {
  OI_PAYMENTS_STACK: 'development',
  CREDENTIAL_PEPPER: deploymentEnv.CREDENTIAL_PEPPER,
} as const;
