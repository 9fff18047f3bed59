import { z } from 'zod';
import type { GatewayModule } from '../module.js';
import { credentialsFromEnvironment, originOf, setting, wordmark } from '../environment.js';
import { DESCRIPTION, createNagadGateway } from './client.js';
import { loadPrivateKey, loadPublicKey } from './crypto.js';
import { identifyNagadReturn } from './mapping.js';
import { NAGAD_REPORT_LAYOUT } from './settlement-report.js';

const pem = (load: (text: string) => unknown, what: string) =>
  z
    .string()
    .trim()
    .min(1)
    .max(16_384)
    .refine(
      (text) => {
        try {
          load(text);
          return true;
        } catch {
          return false;
        }
      },
      { message: `not a PEM ${what}` },
    );

const credentials = z.object({
  merchantId: z
    .string()
    .trim()
    .regex(/^\d{1,32}$/, 'digits only'),
  merchantMobile: z
    .string()
    .trim()
    .regex(/^01\d{9}$/, 'an 11-digit mobile number starting 01'),
  merchantPrivateKeyPem: pem(loadPrivateKey, 'RSA private key'),
  nagadPublicKeyPem: pem(loadPublicKey, 'RSA public key'),
});

const HOSTS = {
  TEST: 'http://sandbox.mynagad.com:10080/remote-payment-gateway-1.0/api/dfs',
  LIVE: 'https://api.mynagad.com/api/dfs',
} as const;
const baseUrl = (env: Record<string, string | undefined>, mode: 'TEST' | 'LIVE') =>
  setting(env, mode === 'TEST' ? 'NAGAD_SANDBOX_URL' : 'NAGAD_LIVE_URL') ?? HOSTS[mode];
/**
 * Where browsers reach the sandbox's payment page when the service reaches the sandbox by another
 * name (the simulator behind Docker Compose); TEST only.
 */
const sandboxPageOrigin = (env: Record<string, string | undefined>) =>
  originOf(setting(env, 'NAGAD_SANDBOX_PAGE_ORIGIN'));

/**
 * Nagad; settings NAGAD_SANDBOX_URL, NAGAD_LIVE_URL, NAGAD_SANDBOX_PAGE_ORIGIN,
 * NAGAD_<MODE>_{MERCHANT_ID,…} (keys as PEM).
 */
export const nagadModule: GatewayModule<z.infer<typeof credentials>> = {
  name: 'nagad',
  displayName: 'Nagad',
  logoSvg: wordmark('Nagad', '#ec1c24'),
  description: DESCRIPTION,
  credentialFields: [
    { key: 'merchantId', label: 'Merchant ID', secret: false },
    { key: 'merchantMobile', label: 'Merchant mobile number', secret: false },
    { key: 'merchantPrivateKeyPem', label: 'Merchant private key (PEM)', secret: true, multiline: true },
    {
      key: 'nagadPublicKeyPem',
      label: 'Nagad public key (PEM)',
      secret: false,
      multiline: true,
      hint: 'From the Nagad merchant portal',
    },
  ],
  credentials,
  fallbackCredentials: (env, _config, mode) =>
    credentialsFromEnvironment(env, 'NAGAD', mode, {
      merchantId: 'MERCHANT_ID',
      merchantMobile: 'MERCHANT_MOBILE',
      merchantPrivateKeyPem: 'MERCHANT_PRIVATE_KEY',
      nagadPublicKeyPem: 'PUBLIC_KEY',
    }),
  create: ({ credentials: c, mode, env }) => {
    const pageOrigin = mode === 'TEST' ? sandboxPageOrigin(env) : null;
    return createNagadGateway({
      ...c,
      baseUrl: baseUrl(env, mode),
      pageOrigins: pageOrigin ? [pageOrigin] : [],
    });
  },
  identify: identifyNagadReturn,
  // It takes nothing but its own wallet, whatever it calls it.
  paymentMethods: { always: 'NAGAD' },
  secretWireFields: ['sensitiveData', 'signature'],
  pageOrigins: (env) =>
    [baseUrl(env, 'TEST'), baseUrl(env, 'LIVE'), sandboxPageOrigin(env)]
      .map(originOf)
      .filter((origin): origin is string => origin !== null),
  settlementReport: { layout: NAGAD_REPORT_LAYOUT },
  sandboxUrlSettings: ['NAGAD_SANDBOX_URL', 'NAGAD_SANDBOX_PAGE_ORIGIN'],
  liveUrlSettings: ['NAGAD_LIVE_URL'],
};
