import { bankCredentialsFromEnvironment, bankRailSettings } from '../../../gateways/bank/settings.js';

/** The bank rail's settings: TEST reaches the local simulator unless told otherwise; LIVE only a real bank. */
describe('the bank rail settings', () => {
  it('sends TEST to the local simulator, BEFTN by default, with a 15 s timeout', () => {
    expect(bankRailSettings({}, 'TEST')).toEqual({
      baseUrl: 'http://localhost:8081/bank',
      timeoutMs: 15_000,
      defaultMethod: 'BEFTN',
    });
    expect(
      bankRailSettings(
        {
          BANK_SANDBOX_URL: 'http://simulators:8081/bank/',
          BANK_TIMEOUT_MS: '500',
          BANK_DEFAULT_METHOD: 'NPSB',
        },
        'TEST',
      ),
    ).toEqual({ baseUrl: 'http://simulators:8081/bank', timeoutMs: 500, defaultMethod: 'NPSB' });
    expect(bankRailSettings({ SIMULATOR_PUBLIC_URL: 'http://localhost:9090/' }, 'TEST').baseUrl).toBe(
      'http://localhost:9090/bank',
    );
  });

  it('sends LIVE only to an https host name that no sandbox setting names', () => {
    expect(() => bankRailSettings({}, 'LIVE')).toThrow(/BANK_LIVE_URL/);
    expect(() => bankRailSettings({ BANK_LIVE_URL: 'http://h2h.bank.example' }, 'LIVE')).toThrow(/https/);
    expect(() => bankRailSettings({ BANK_LIVE_URL: 'https://localhost/h2h' }, 'LIVE')).toThrow(/localhost/);
    expect(() =>
      bankRailSettings(
        { BANK_LIVE_URL: 'https://h2h.bank.example/x', BANK_SANDBOX_URL: 'https://h2h.bank.example/y' },
        'LIVE',
      ),
    ).toThrow(/sandbox or simulator/);
    expect(bankRailSettings({ BANK_LIVE_URL: 'https://h2h.bank.example/api' }, 'LIVE').baseUrl).toBe(
      'https://h2h.bank.example/api',
    );
  });

  it('refuses a timeout or method it does not know', () => {
    expect(() => bankRailSettings({ BANK_TIMEOUT_MS: 'soon' }, 'TEST')).toThrow(/BANK_TIMEOUT_MS/);
    expect(() => bankRailSettings({ BANK_DEFAULT_METHOD: 'RTGS' }, 'TEST')).toThrow(/BANK_DEFAULT_METHOD/);
  });

  it('offers the rail in a mode only with all four credentials, each well formed', () => {
    const env = {
      BANK_LIVE_USERNAME: 'u',
      BANK_LIVE_PASSWORD: 'p',
      BANK_LIVE_COMPANY_ID: 'ACME01',
      BANK_LIVE_ACCOUNT_NUMBER: '1234567890',
    };
    expect(bankCredentialsFromEnvironment(env, 'LIVE')).toEqual({
      username: 'u',
      password: 'p',
      companyId: 'ACME01',
      accountNumber: '1234567890',
    });
    expect(bankCredentialsFromEnvironment(env, 'TEST')).toBeNull();
    expect(bankCredentialsFromEnvironment({ ...env, BANK_LIVE_PASSWORD: ' ' }, 'LIVE')).toBeNull();
    expect(() => bankCredentialsFromEnvironment({ ...env, BANK_LIVE_COMPANY_ID: 'acme 01' }, 'LIVE')).toThrow(
      /COMPANY_ID/,
    );
    expect(() =>
      bankCredentialsFromEnvironment({ ...env, BANK_LIVE_ACCOUNT_NUMBER: '12-34' }, 'LIVE'),
    ).toThrow(/ACCOUNT_NUMBER/);
  });
});
