/**
 * What a production deployment must not run with. Pure: it reads parsed settings and names every
 * variable that would leave the service open with a development or sandbox value.
 */
export const DEFAULT_CREDENTIAL_PEPPER = 'local-development-pepper-change-me';
export const SANDBOX_TEST_STORE = { storeId: 'oipay_test_store', storePassword: 'oipay_test_store@ssl' };
export const MIN_PRODUCTION_PEPPER_LENGTH = 32;

export interface ProductionSettings {
  NODE_ENV: string;
  PUBLIC_URL: string;
  CREDENTIAL_PEPPER: string;
  SSLCOMMERZ_SANDBOX_URL: string;
  SSLCOMMERZ_LIVE_URL: string;
  SSLCOMMERZ_LIVE_STORE_ID?: string | undefined;
  SSLCOMMERZ_LIVE_STORE_PASSWORD?: string | undefined;
}

const KNOWN_SANDBOX_HOSTS = new Set(['sandbox.sslcommerz.com']);

function hostOf(url: string): string {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return '';
  }
}

/** Problems as `VARIABLE: reason`; empty when the settings are safe (or not production). */
export function productionProblems(settings: ProductionSettings): string[] {
  if (settings.NODE_ENV !== 'production') return [];
  const problems: string[] = [];
  if (settings.CREDENTIAL_PEPPER === DEFAULT_CREDENTIAL_PEPPER) {
    problems.push('CREDENTIAL_PEPPER: the development default must not be used in production');
  } else if (settings.CREDENTIAL_PEPPER.length < MIN_PRODUCTION_PEPPER_LENGTH) {
    problems.push(
      `CREDENTIAL_PEPPER: must be at least ${MIN_PRODUCTION_PEPPER_LENGTH} characters in production`,
    );
  }
  if (!settings.PUBLIC_URL.toLowerCase().startsWith('https://')) {
    problems.push('PUBLIC_URL: must be an https:// address in production');
  }
  if (settings.SSLCOMMERZ_LIVE_STORE_PASSWORD === SANDBOX_TEST_STORE.storePassword) {
    problems.push('SSLCOMMERZ_LIVE_STORE_PASSWORD: the public sandbox store password cannot serve LIVE');
  }
  if (settings.SSLCOMMERZ_LIVE_STORE_ID === SANDBOX_TEST_STORE.storeId) {
    problems.push('SSLCOMMERZ_LIVE_STORE_ID: the public sandbox store cannot serve LIVE');
  }
  const liveHost = hostOf(settings.SSLCOMMERZ_LIVE_URL);
  if (KNOWN_SANDBOX_HOSTS.has(liveHost) || liveHost === hostOf(settings.SSLCOMMERZ_SANDBOX_URL)) {
    problems.push('SSLCOMMERZ_LIVE_URL: points at the sandbox gateway');
  } else if (!settings.SSLCOMMERZ_LIVE_URL.toLowerCase().startsWith('https://')) {
    problems.push('SSLCOMMERZ_LIVE_URL: must be an https:// address in production');
  }
  return problems;
}

/** The development stack (`npm start`) runs simulators and demo credentials: never in production. */
export function devStackProblems(env: { NODE_ENV?: string | undefined }): string[] {
  return env.NODE_ENV === 'production'
    ? ['NODE_ENV: npm start runs the development stack and refuses NODE_ENV=production']
    : [];
}
