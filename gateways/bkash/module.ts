import { z } from 'zod';
import type { GatewayModule } from '../module.js';
import { credentialsFromEnvironment, originOf, setting, wordmark } from '../environment.js';
import { identifyBkashReturn } from './callback.js';
import { DESCRIPTION, createBkashGateway } from './client.js';
import { REFUND_APIS } from './protocol.js';
import { BKASH_REPORT_LAYOUT } from './settlement-report.js';

const credentials = z.object({
  username: z.string().trim().min(1).max(128),
  password: z.string().trim().min(1).max(256),
  appKey: z.string().trim().min(1).max(256),
  appSecret: z.string().trim().min(1).max(256),
  /** The merchant account's refund API, when it is not the service's (BKASH_REFUND_API). */
  refundApi: z.enum(REFUND_APIS).optional(),
});

const HOSTS = { TEST: 'https://tokenized.sandbox.bka.sh', LIVE: 'https://tokenized.pay.bka.sh' } as const;
const baseUrl = (env: Record<string, string | undefined>, mode: 'TEST' | 'LIVE') =>
  setting(env, mode === 'TEST' ? 'BKASH_SANDBOX_URL' : 'BKASH_LIVE_URL') ?? HOSTS[mode];
/**
 * Where browsers reach the sandbox's payment page when the service reaches the sandbox by another
 * name (the simulator behind Docker Compose); TEST only.
 */
const sandboxPageOrigin = (env: Record<string, string | undefined>) =>
  originOf(setting(env, 'BKASH_SANDBOX_PAGE_ORIGIN'));

/**
 * bKash tokenized checkout; settings BKASH_SANDBOX_URL, BKASH_LIVE_URL, BKASH_SANDBOX_PAGE_ORIGIN,
 * BKASH_REFUND_API (settings.ts), BKASH_<MODE>_{USERNAME,…}. An app's own settings may name its
 * merchant account's refund API; the service's applies otherwise.
 */
export const bkashModule: GatewayModule<z.infer<typeof credentials>> = {
  name: 'bkash',
  displayName: 'bKash',
  logoSvg: wordmark('bKash', '#e2136e'),
  description: DESCRIPTION,
  credentialFields: [
    { key: 'username', label: 'Username', secret: false },
    { key: 'password', label: 'Password', secret: true },
    { key: 'appKey', label: 'App key', secret: false },
    { key: 'appSecret', label: 'App secret', secret: true },
    {
      key: 'refundApi',
      label: 'Refund API',
      secret: false,
      hint: 'v1 only for a merchant account bKash has not moved to its current refund API',
      choices: [
        { value: '', label: 'Service default (BKASH_REFUND_API)' },
        { value: 'v2', label: 'v2: refund/payment/transaction (current)' },
        { value: 'v1', label: 'v1: checkout payment/refund (older)' },
      ],
    },
  ],
  credentials,
  fallbackCredentials: (env, _config, mode) =>
    credentialsFromEnvironment(env, 'BKASH', mode, {
      username: 'USERNAME',
      password: 'PASSWORD',
      appKey: 'APP_KEY',
      appSecret: 'APP_SECRET',
    }),
  create: ({ credentials: c, mode, env, config }) => {
    const pageOrigin = mode === 'TEST' ? sandboxPageOrigin(env) : null;
    return createBkashGateway({
      ...c,
      refundApi: c.refundApi ?? config.BKASH_REFUND_API,
      baseUrl: baseUrl(env, mode),
      pageOrigins: pageOrigin ? [pageOrigin] : [],
    });
  },
  identify: identifyBkashReturn,
  // It takes nothing but its own wallet, whatever it calls it.
  paymentMethods: { always: 'BKASH' },
  secretWireFields: ['password', 'app_secret', 'id_token', 'refresh_token', 'Authorization', 'signature'],
  pageOrigins: (env) =>
    [
      baseUrl(env, 'TEST'),
      baseUrl(env, 'LIVE'),
      'https://sandbox.payment.bkash.com',
      'https://payment.bkash.com',
      sandboxPageOrigin(env),
    ]
      .map(originOf)
      .filter((origin): origin is string => origin !== null),
  settlementReport: { layout: BKASH_REPORT_LAYOUT },
  sandboxUrlSettings: ['BKASH_SANDBOX_URL', 'BKASH_SANDBOX_PAGE_ORIGIN'],
  liveUrlSettings: ['BKASH_LIVE_URL'],
};
