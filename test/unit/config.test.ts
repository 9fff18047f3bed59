import { ConfigError, loadConfig } from '../../config/index.js';
import {
  DEFAULT_CREDENTIAL_PEPPER,
  devStackProblems,
  productionProblems,
} from '../../config/production-rules.js';
import { createPaymentBody } from '../../api/schemas.js';
import { isValidExpiryMinutes, PAYMENT_EXPIRY_MINUTES } from '../../domain/payment-expiry.js';
import { loadLauncherSettings } from '../../scripts/dev/settings.js';

describe('configuration', () => {
  it('has a working default for every setting', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      PORT: 8080,
      PUBLIC_URL: 'http://localhost:8080',
      DATA_DIR: '.data',
      TEMPORAL_NAMESPACE: 'default',
    });
    expect(config.SSLCOMMERZ_SANDBOX_URL).toBe('https://sandbox.sslcommerz.com');
    expect(config.SSLCOMMERZ_LIVE_URL).toBe('https://securepay.sslcommerz.com');
  });

  it.each([
    ['PORT', 'eighty'],
    ['PUBLIC_URL', 'not a url'],
    ['DATABASE_URL', 'mysql://localhost/db'],
    ['SSLCOMMERZ_SANDBOX_URL', 'ftp://sandbox'],
    ['CREDENTIAL_PEPPER', 'short'],
  ])('a bad %s stops start-up naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`${name}:`));
  });
});

describe('production settings', () => {
  const safe = {
    NODE_ENV: 'production',
    PUBLIC_URL: 'https://pay.example.com',
    CREDENTIAL_PEPPER: 'p'.repeat(32),
    SSLCOMMERZ_LIVE_STORE_ID: 'realstore',
    SSLCOMMERZ_LIVE_STORE_PASSWORD: 'realstore@secret',
  };

  it('starts with production-grade values', () => {
    expect(loadConfig(safe).NODE_ENV).toBe('production');
    expect(productionProblems({ ...loadConfig(safe) })).toEqual([]);
  });

  it.each([
    ['CREDENTIAL_PEPPER', { CREDENTIAL_PEPPER: undefined }],
    ['CREDENTIAL_PEPPER', { CREDENTIAL_PEPPER: DEFAULT_CREDENTIAL_PEPPER }],
    ['CREDENTIAL_PEPPER', { CREDENTIAL_PEPPER: 'p'.repeat(31) }],
    ['PUBLIC_URL', { PUBLIC_URL: undefined }],
    ['PUBLIC_URL', { PUBLIC_URL: 'http://pay.example.com' }],
    ['SSLCOMMERZ_LIVE_STORE_PASSWORD', { SSLCOMMERZ_LIVE_STORE_PASSWORD: 'oipay_test_store@ssl' }],
    ['SSLCOMMERZ_LIVE_STORE_ID', { SSLCOMMERZ_LIVE_STORE_ID: 'oipay_test_store' }],
    ['SSLCOMMERZ_LIVE_URL', { SSLCOMMERZ_LIVE_URL: 'https://sandbox.sslcommerz.com' }],
    ['SSLCOMMERZ_LIVE_URL', { SSLCOMMERZ_LIVE_URL: 'http://gateway.example.com' }],
    [
      'SSLCOMMERZ_LIVE_URL',
      { SSLCOMMERZ_SANDBOX_URL: 'https://gw.example.com', SSLCOMMERZ_LIVE_URL: 'https://gw.example.com/' },
    ],
  ])('refuses an unsafe %s in production', (name, override) => {
    const env = { ...safe, ...override };
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`${name}:`));
  });

  it('keeps development defaults outside production', () => {
    expect(loadConfig({ NODE_ENV: 'development' }).CREDENTIAL_PEPPER).toBe(DEFAULT_CREDENTIAL_PEPPER);
    expect(loadConfig({ NODE_ENV: 'test', PUBLIC_URL: 'http://localhost:1' }).PUBLIC_URL).toBe(
      'http://localhost:1',
    );
  });

  it('refuses the development stack in production, naming NODE_ENV', () => {
    expect(() => loadLauncherSettings({ ...safe })).toThrow(/NODE_ENV:/);
    expect(devStackProblems({ NODE_ENV: 'development' })).toEqual([]);
  });
});

describe('payment expiry range', () => {
  const { min, max } = PAYMENT_EXPIRY_MINUTES;
  const requestAccepts = (minutes: number) =>
    createPaymentBody.safeParse({ amountMinor: 100, customerReference: 'c', expiresInMinutes: minutes })
      .success;
  const configAccepts = (minutes: number) => {
    try {
      loadConfig({ PAYMENT_DEFAULT_EXPIRY_MINUTES: String(minutes) });
      return true;
    } catch {
      return false;
    }
  };

  it.each([min - 1, min, 30, max, max + 1, 10080])(
    'the default setting and a request agree on %i minutes',
    (minutes) => {
      expect(configAccepts(minutes)).toBe(requestAccepts(minutes));
      expect(requestAccepts(minutes)).toBe(isValidExpiryMinutes(minutes));
    },
  );

  it('the default setting names its variable when out of range', () => {
    expect(() => loadConfig({ PAYMENT_DEFAULT_EXPIRY_MINUTES: String(max + 1) })).toThrow(
      /PAYMENT_DEFAULT_EXPIRY_MINUTES:/,
    );
    expect(loadConfig({}).PAYMENT_DEFAULT_EXPIRY_MINUTES).toBe(PAYMENT_EXPIRY_MINUTES.default);
  });
});
