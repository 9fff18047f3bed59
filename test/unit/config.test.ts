import { ConfigError, loadConfig } from '../../config/index.js';
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
    ['PAYMENT_DEFAULT_EXPIRY_MINUTES', '2'],
    ['PAYMENT_DEFAULT_EXPIRY_MINUTES', '10080'],
    ['SMTP_URL', 'http://mail.example.com'],
    ['EMAIL_FROM', 'Payments <payments@example.com>'],
    ['MAIL_CATCHER_URL', 'not a url'],
  ])('a bad %s stops start-up naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`${name}:`));
  });
});

describe('production refuses development settings', () => {
  const safe = {
    NODE_ENV: 'production',
    CREDENTIAL_PEPPER: 'a-long-random-production-secret-0123456789',
    PUBLIC_URL: 'https://pay.example.com',
  };

  it('starts with safe settings', () => {
    expect(loadConfig(safe).NODE_ENV).toBe('production');
  });

  it.each([
    ['CREDENTIAL_PEPPER', { CREDENTIAL_PEPPER: undefined }],
    ['CREDENTIAL_PEPPER', { CREDENTIAL_PEPPER: 'only-twenty-chars-xx' }],
    ['PUBLIC_URL', { PUBLIC_URL: 'http://pay.example.com' }],
    [
      'SSLCOMMERZ_LIVE_STORE_PASSWORD',
      { SSLCOMMERZ_LIVE_STORE_ID: 'store', SSLCOMMERZ_LIVE_STORE_PASSWORD: 'oipay_test_store@ssl' },
    ],
    [
      'SSLCOMMERZ_LIVE_URL',
      {
        SSLCOMMERZ_LIVE_STORE_ID: 'store',
        SSLCOMMERZ_LIVE_STORE_PASSWORD: 'real-password',
        SSLCOMMERZ_LIVE_URL: 'https://sandbox.sslcommerz.com',
      },
    ],
    ['EMAIL_FROM', { SMTP_URL: 'smtps://mailer:secret@smtp.example.com' }],
  ])('refuses to start with an unsafe %s, naming it', (name, change) => {
    const env = { ...safe, ...change } as Record<string, string | undefined>;
    expect(() => loadConfig(env)).toThrow(new RegExp(`${name}:`));
  });

  it('allows development settings outside production', () => {
    expect(() => loadConfig({ NODE_ENV: 'development', PUBLIC_URL: 'http://localhost:8080' })).not.toThrow();
  });

  it('npm start refuses production outright', () => {
    expect(() => loadLauncherSettings({ ...safe })).toThrow(/NODE_ENV: npm start runs a development stack/);
  });
});
