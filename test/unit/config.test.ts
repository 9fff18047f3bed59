import { ConfigError, loadConfig } from '../../config/index.js';

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
