import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../../platform/config/index.js';
import { liveUrlProblem } from '../../../platform/config/live-hosts.js';
import {
  estimateSecretBits,
  MIN_SECRET_BITS,
  secretWeakness,
} from '../../../platform/config/secret-strength.js';
import { stripeKeyModeProblem } from '../../../gateways/stripe/key-mode.js';
import { loadLauncherSettings } from '../../../scripts/dev/settings.js';
import { developmentPepperFile } from '../../../scripts/dev/secrets.js';

const PEPPER = randomBytes(32).toString('base64');
/**
 * What a deployment needs at the least: its own secret, its https address behind one proxy at a
 * known address, Temporal over TLS.
 */
const deployment = {
  CREDENTIAL_PEPPER: PEPPER,
  PUBLIC_URL: 'https://pay.example.com',
  TRUSTED_PROXY_HOPS: '1',
  TRUSTED_PROXY_ADDRESSES: '172.30.0.10',
  TEMPORAL_TLS: 'true',
};
const developmentStack = { OI_PAYMENTS_STACK: 'development', CREDENTIAL_PEPPER: PEPPER };

describe('configuration', () => {
  it('has a working default for every setting but the secret and the address', () => {
    const config = loadConfig(deployment);
    expect(config).toMatchObject({ PORT: 8080, DATA_DIR: '.data', TEMPORAL_NAMESPACE: 'default' });
    expect(config.UPLOAD_READER_STALL_SECONDS).toBe(60);
    expect(config.SSLCOMMERZ_SANDBOX_URL).toBe('https://sandbox.sslcommerz.com');
    expect(config.SSLCOMMERZ_LIVE_URL).toBe('https://securepay.sslcommerz.com');
    expect(loadConfig(developmentStack).PUBLIC_URL).toBe('http://localhost:8080');
  });

  it("refunds through bKash's current refund API unless BKASH_REFUND_API names the older one", () => {
    expect(loadConfig(deployment).BKASH_REFUND_API).toBe('v2');
    expect(loadConfig({ ...deployment, BKASH_REFUND_API: '' }).BKASH_REFUND_API).toBe('v2');
    expect(loadConfig({ ...deployment, BKASH_REFUND_API: 'v1' }).BKASH_REFUND_API).toBe('v1');
    expect(() => loadConfig({ ...deployment, BKASH_REFUND_API: 'V1' })).toThrow(
      /BKASH_REFUND_API: must be v2 .* or v1/,
    );
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
    ['OI_PAYMENTS_STACK', 'production'],
    ['BKASH_REFUND_API', 'v3'],
    ['UPLOAD_READER_STALL_SECONDS', '0'],
    ['UPLOAD_READER_STALL_SECONDS', '1200'],
    ['UPLOAD_READER_STALL_SECONDS', 'a minute'],
  ])('a bad %s stops start-up naming the variable', (name, value) => {
    expect(() => loadConfig({ ...developmentStack, [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ ...developmentStack, [name]: value })).toThrow(new RegExp(`${name}:`));
  });
});

describe('secret strength', () => {
  it.each([
    ['unset', undefined],
    ['blank', '   '],
    ['the old development pepper', 'local-development-pepper-change-me'],
    ['32 × "a"', 'a'.repeat(32)],
    ['a short alphabet', 'abab'.repeat(10) + 'ba'.repeat(20)],
    ['a repeated pattern', 'Xk3$pQ9z'.repeat(8)],
    ['16 random bytes as hex (under 128 bits as written)', '5d0c2f1ad3e4b7a6c9f8e1d2c3b4a596'],
  ])('refuses %s', (_what, value) => {
    expect(secretWeakness(value)).not.toBeNull();
  });

  it('accepts 32 random bytes written as base64 or hex', () => {
    for (let i = 0; i < 50; i += 1) {
      expect(secretWeakness(randomBytes(32).toString('base64'))).toBeNull();
      expect(secretWeakness(randomBytes(32).toString('hex'))).toBeNull();
    }
  });

  it('estimates by the characters used, counted once for a repeated unit', () => {
    expect(estimateSecretBits('a'.repeat(64))).toBe(0);
    expect(estimateSecretBits('ab'.repeat(32))).toBe(2);
    expect(estimateSecretBits('0123456789abcdef')).toBe(64);
    expect(MIN_SECRET_BITS).toBe(128);
  });
});

describe('a deployment fails closed, whatever NODE_ENV says', () => {
  it.each([undefined, 'development', 'test', 'production'])(
    'starts with safe settings (NODE_ENV=%s)',
    (NODE_ENV) => {
      expect(() => loadConfig({ ...deployment, NODE_ENV })).not.toThrow();
    },
  );

  const unsafe: Array<[string, Record<string, string | undefined>]> = [
    ['CREDENTIAL_PEPPER', { CREDENTIAL_PEPPER: undefined }],
    ['CREDENTIAL_PEPPER', { CREDENTIAL_PEPPER: 'local-development-pepper-change-me' }],
    ['CREDENTIAL_PEPPER', { CREDENTIAL_PEPPER: 'a'.repeat(32) }],
    ['PUBLIC_URL', { PUBLIC_URL: 'http://pay.example.com' }],
    ['REPORT_SFTP_PRIVATE_KEY_FILE', { REPORT_SFTP_PRIVATE_KEY_FILE: '/nonexistent/reports_sftp' }],
    ['REPORT_SFTP_PRIVATE_KEY_FILE', { REPORT_SFTP_PRIVATE_KEY_FILE: __filename }],
    ['TRUSTED_PROXY_HOPS', { TRUSTED_PROXY_HOPS: '0' }],
    ['TRUSTED_PROXY_HOPS', { TRUSTED_PROXY_HOPS: undefined }],
    ['STRIPE_LIVE_SECRET_KEY', { STRIPE_LIVE_SECRET_KEY: 'sk_test_51abcDEF' }],
    ['STRIPE_TEST_SECRET_KEY', { STRIPE_TEST_SECRET_KEY: 'rk_live_51abcDEF' }],
    ['SSLCOMMERZ_LIVE_URL', { SSLCOMMERZ_LIVE_URL: 'https://sandbox.sslcommerz.com' }],
    ['SSLCOMMERZ_LIVE_URL', { SSLCOMMERZ_LIVE_URL: 'http://securepay.sslcommerz.com' }],
    ['BKASH_LIVE_URL', { BKASH_LIVE_URL: 'http://simulators:8081/bkash' }],
    [
      'NAGAD_LIVE_URL',
      { NAGAD_LIVE_URL: 'https://gw.example.net/nagad', NAGAD_SANDBOX_URL: 'https://gw.example.net/sim' },
    ],
    [
      'SSLCOMMERZ_LIVE_STORE_PASSWORD',
      { SSLCOMMERZ_LIVE_STORE_ID: 'store', SSLCOMMERZ_LIVE_STORE_PASSWORD: 'oipay_test_store@ssl' },
    ],
    [
      'SMTP_URL',
      { SMTP_URL: 'smtp://mailer:secret@smtp.example.com:587', EMAIL_FROM: 'billing@example.com' },
    ],
    [
      'SMTP_URL',
      {
        SMTP_URL: 'smtp://mailer:secret@smtp.example.com:587?requireTLS=true&ignoreTLS=true',
        EMAIL_FROM: 'billing@example.com',
      },
    ],
    ['EMAIL_FROM', { SMTP_URL: 'smtps://mailer:secret@smtp.example.com' }],
    ['OPERATOR_SECOND_FACTOR', { OPERATOR_SECOND_FACTOR: 'optional' }],
    ['WEBHOOK_ALLOW_PRIVATE_NETWORKS', { WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' }],
    ['WEBHOOK_ALLOWED_PRIVATE_TARGETS', { WEBHOOK_ALLOWED_PRIVATE_TARGETS: '169.254.0.0/16' }],
    ['WEBHOOK_ALLOWED_PRIVATE_TARGETS', { WEBHOOK_ALLOWED_PRIVATE_TARGETS: '0.0.0.0/0' }],
    ['WEBHOOK_ALLOWED_PRIVATE_TARGETS', { WEBHOOK_ALLOWED_PRIVATE_TARGETS: '10.1.2.0/33' }],
    ['WEBHOOK_ALLOWED_PRIVATE_TARGETS', { WEBHOOK_ALLOWED_PRIVATE_TARGETS: 'billing internal!' }],
    ['RATE_LIMIT_IPN_PER_MINUTE', { RATE_LIMIT_IPN_PER_MINUTE: '0' }],
    ['RATE_LIMIT_CHECKOUT_PER_MINUTE', { RATE_LIMIT_CHECKOUT_PER_MINUTE: '0' }],
    ['RATE_LIMIT_SIGN_IN_PER_MINUTE', { RATE_LIMIT_SIGN_IN_PER_MINUTE: '0' }],
    ['RATE_LIMIT_APP_PER_MINUTE', { RATE_LIMIT_APP_PER_MINUTE: '0' }],
    ['RECON_TEST_ROUNDING_TOLERANCE_MINOR', { RECON_TEST_ROUNDING_TOLERANCE_MINOR: 'off' }],
    ['RECON_ROUNDING_TOLERANCE_MINOR', { RECON_ROUNDING_TOLERANCE_MINOR: 'off' }],
    ['RECON_ROUNDING_TOLERANCE_MINOR', { RECON_ROUNDING_TOLERANCE_MINOR: 'BDT:1000000' }],
    ['TRUSTED_PROXY_ADDRESSES', { TRUSTED_PROXY_ADDRESSES: undefined }],
    ['TRUSTED_PROXY_ADDRESSES', { TRUSTED_PROXY_ADDRESSES: 'proxy.internal' }],
    ['TEMPORAL_TLS', { TEMPORAL_TLS: undefined }],
    ['TEMPORAL_TLS', { TEMPORAL_TLS: 'false' }],
  ];
  it.each(unsafe)('refuses an unsafe %s, naming it', (name, change) => {
    for (const NODE_ENV of [undefined, 'development', 'production']) {
      const env = { ...deployment, NODE_ENV, ...change };
      expect(() => loadConfig(env)).toThrow(new RegExp(`^  ${name}: `, 'm'));
    }
  });

  it('takes internal webhook targets by name or network, and plaintext Temporal only when accepted', () => {
    const config = loadConfig({
      ...deployment,
      WEBHOOK_ALLOWED_PRIVATE_TARGETS: '10.1.2.0/24, Billing.Internal,fd12:3456::/48',
    });
    expect(config.WEBHOOK_ALLOWED_PRIVATE_TARGETS.hosts).toEqual(['billing.internal']);
    expect(config.WEBHOOK_ALLOWED_PRIVATE_TARGETS.networks.map((n) => n.text)).toEqual([
      '10.1.2.0/24',
      'fd12:3456::/48',
    ]);
    expect(() =>
      loadConfig({ ...deployment, TEMPORAL_TLS: undefined, TEMPORAL_ALLOW_PLAINTEXT: 'true' }),
    ).not.toThrow();
    expect(() =>
      loadConfig({ ...deployment, TEMPORAL_TLS: undefined, TEMPORAL_API_KEY: 'key' }),
    ).not.toThrow();
  });

  it('takes encrypted SMTP: smtps, or STARTTLS required', () => {
    const mail = { EMAIL_FROM: 'billing@example.com' };
    expect(() =>
      loadConfig({ ...deployment, ...mail, SMTP_URL: 'smtps://u:p@smtp.example.com' }),
    ).not.toThrow();
    expect(() =>
      loadConfig({ ...deployment, ...mail, SMTP_URL: 'smtp://u:p@smtp.example.com:587?requireTLS=true' }),
    ).not.toThrow();
  });

  it('relaxes on the development stack only what a laptop cannot meet', () => {
    expect(() =>
      loadConfig({
        ...developmentStack,
        PUBLIC_URL: 'http://localhost:8080',
        SMTP_URL: 'smtp://localhost:1025',
        OPERATOR_SECOND_FACTOR: 'optional',
        WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
        RATE_LIMIT_SIGN_IN_PER_MINUTE: '0',
        TRUSTED_PROXY_HOPS: '1',
      }),
    ).not.toThrow();
    // Never the secret, nor where LIVE money goes.
    expect(() => loadConfig({ ...developmentStack, CREDENTIAL_PEPPER: 'a'.repeat(32) })).toThrow(
      /CREDENTIAL_PEPPER:/,
    );
    expect(() => loadConfig({ ...developmentStack, STRIPE_LIVE_SECRET_KEY: 'sk_test_1' })).toThrow(
      /STRIPE_LIVE_SECRET_KEY:/,
    );
    expect(() => loadConfig({ ...developmentStack, BKASH_LIVE_URL: 'http://localhost:8081/bkash' })).toThrow(
      /BKASH_LIVE_URL:/,
    );
  });
});

describe('LIVE is bound to its mode', () => {
  it('takes a Stripe key of its own mode only', () => {
    expect(stripeKeyModeProblem('sk_live_abc', 'LIVE')).toBeNull();
    expect(stripeKeyModeProblem('rk_live_abc', 'LIVE')).toBeNull();
    expect(stripeKeyModeProblem('sk_test_abc', 'TEST')).toBeNull();
    expect(stripeKeyModeProblem('sk_test_abc', 'LIVE')).toMatch(/test key/);
    expect(stripeKeyModeProblem('rk_test_abc', 'LIVE')).toMatch(/test key/);
    expect(stripeKeyModeProblem('sk_live_abc', 'TEST')).toMatch(/live key/);
  });

  it('sends LIVE to a real https host only, never a sandbox or simulator', () => {
    const none = new Set<string>();
    expect(liveUrlProblem('https://securepay.sslcommerz.com', none)).toBeNull();
    expect(liveUrlProblem('https://tokenized.pay.bka.sh/v1.2.0-beta', none)).toBeNull();
    for (const bad of [
      'http://securepay.sslcommerz.com',
      'https://sandbox.sslcommerz.com',
      'https://tokenized.sandbox.bka.sh',
      'https://localhost:8443',
      'https://127.0.0.1',
      'https://[::1]:8443',
      'https://10.0.0.5',
      'https://my-simulator.example.com',
    ]) {
      expect(liveUrlProblem(bad, none)).not.toBeNull();
    }
    expect(liveUrlProblem('https://gw.example.com/live', new Set(['https://gw.example.com']))).toMatch(
      /sandbox/,
    );
  });
});

describe('npm start', () => {
  it('refuses production outright', () => {
    expect(() => loadLauncherSettings({ ...deployment, NODE_ENV: 'production' })).toThrow(
      /NODE_ENV: npm start runs a development stack/,
    );
  });

  it('makes a random pepper once under its data directory and keeps it', () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'oi-pepper-'));
    try {
      const first = loadLauncherSettings({ DATA_DIR: dataDir });
      expect(first.stackEnv.OI_PAYMENTS_STACK).toBe('development');
      expect(secretWeakness(first.config.CREDENTIAL_PEPPER)).toBeNull();
      expect(statSync(developmentPepperFile(dataDir)).mode & 0o777).toBe(0o600);
      expect(loadLauncherSettings({ DATA_DIR: dataDir }).config.CREDENTIAL_PEPPER).toBe(
        first.config.CREDENTIAL_PEPPER,
      );
      const other = mkdtempSync(path.join(tmpdir(), 'oi-pepper-'));
      try {
        expect(loadLauncherSettings({ DATA_DIR: other }).config.CREDENTIAL_PEPPER).not.toBe(
          first.config.CREDENTIAL_PEPPER,
        );
      } finally {
        rmSync(other, { recursive: true, force: true });
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
