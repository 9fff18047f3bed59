import type { Config } from './index.js';

/** The pepper every fresh checkout has: anyone can read it, so it protects nothing. */
export const DEVELOPMENT_PEPPER = 'local-development-pepper-change-me';
/** The sandbox store's password, published by SSLCOMMERZ for testing. */
export const PUBLIC_SANDBOX_PASSWORD = 'oipay_test_store@ssl';
export const MIN_PRODUCTION_PEPPER_LENGTH = 32;
/** A sender address on a domain nobody owns: fine for the local mail catcher, spam anywhere else. */
export const DEVELOPMENT_EMAIL_FROM = 'no-reply@oi-payments.local';

/**
 * What stops a process from starting with `NODE_ENV=production`: settings that are fine on a
 * laptop and unsafe with real money. Each problem names its variable.
 */
export function productionProblems(config: Config): string[] {
  if (config.NODE_ENV !== 'production') return [];
  const problems: string[] = [];
  if (config.CREDENTIAL_PEPPER === DEVELOPMENT_PEPPER) {
    problems.push(
      'CREDENTIAL_PEPPER: the development default must not be used in production; set a long random secret',
    );
  } else if (config.CREDENTIAL_PEPPER.length < MIN_PRODUCTION_PEPPER_LENGTH) {
    problems.push(`CREDENTIAL_PEPPER: at least ${MIN_PRODUCTION_PEPPER_LENGTH} characters in production`);
  }
  if (new URL(config.PUBLIC_URL).protocol !== 'https:') {
    problems.push('PUBLIC_URL: must be https in production (customers and gateways reach the service there)');
  }
  if (config.SSLCOMMERZ_LIVE_STORE_PASSWORD === PUBLIC_SANDBOX_PASSWORD) {
    problems.push(
      "SSLCOMMERZ_LIVE_STORE_PASSWORD: is the public sandbox password; LIVE needs the store's own",
    );
  }
  if (
    config.SSLCOMMERZ_LIVE_STORE_PASSWORD &&
    new URL(config.SSLCOMMERZ_LIVE_URL).hostname.includes('sandbox')
  ) {
    problems.push('SSLCOMMERZ_LIVE_URL: points at the sandbox; LIVE payments must reach the live gateway');
  }
  if (config.SMTP_URL && config.EMAIL_FROM === DEVELOPMENT_EMAIL_FROM) {
    problems.push("EMAIL_FROM: set the address customers' emails come from, on a domain you send mail for");
  }
  return problems;
}
