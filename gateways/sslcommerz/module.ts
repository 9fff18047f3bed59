import { z } from 'zod';
import type { GatewayModule } from '../module.js';
import { originOf, wordmark } from '../environment.js';
import { DESCRIPTION, createSslcommerzGateway, identifySslcommerzInbound } from './client.js';
import { SECRET_FIELDS } from './protocol.js';
import { PUBLIC_SANDBOX_PASSWORD } from './settings.js';
import { SSLCOMMERZ_REPORT_LAYOUT } from './settlement-report.js';
import { SSLCOMMERZ_PAYMENT_METHODS } from './method-types.js';

const credentials = z.object({
  storeId: z.string().trim().min(1).max(64),
  storePassword: z.string().trim().min(1).max(128),
});

/** SSLCOMMERZ: its settings (settings.ts) are parsed with the service's own, as the first gateway's were. */
export const sslcommerzModule: GatewayModule<z.infer<typeof credentials>> = {
  name: 'sslcommerz',
  displayName: 'Card or bank (SSLCOMMERZ)',
  logoSvg: wordmark('SSLCOMMERZ', '#1b4f9c'),
  description: DESCRIPTION,
  credentialFields: [
    { key: 'storeId', label: 'Store ID', secret: false },
    { key: 'storePassword', label: 'Store password', secret: true },
  ],
  credentials,
  fallbackCredentials(_env, config, mode) {
    if (mode === 'TEST') {
      return {
        storeId: config.SSLCOMMERZ_TEST_STORE_ID,
        storePassword: config.SSLCOMMERZ_TEST_STORE_PASSWORD,
      };
    }
    // LIVE is enabled only once real store credentials are configured.
    if (config.SSLCOMMERZ_LIVE_STORE_ID && config.SSLCOMMERZ_LIVE_STORE_PASSWORD) {
      return {
        storeId: config.SSLCOMMERZ_LIVE_STORE_ID,
        storePassword: config.SSLCOMMERZ_LIVE_STORE_PASSWORD,
      };
    }
    return null;
  },
  create: ({ credentials: c, mode, config }) =>
    createSslcommerzGateway({
      baseUrl: mode === 'TEST' ? config.SSLCOMMERZ_SANDBOX_URL : config.SSLCOMMERZ_LIVE_URL,
      pageOrigins:
        mode === 'TEST' && config.SSLCOMMERZ_SANDBOX_PAGE_ORIGIN
          ? [config.SSLCOMMERZ_SANDBOX_PAGE_ORIGIN]
          : [],
      storeId: c.storeId,
      storePassword: c.storePassword,
    }),
  identify: identifySslcommerzInbound,
  paymentMethods: SSLCOMMERZ_PAYMENT_METHODS,
  secretWireFields: SECRET_FIELDS,
  pageOrigins: (_env, config) =>
    [config.SSLCOMMERZ_SANDBOX_URL, config.SSLCOMMERZ_LIVE_URL, config.SSLCOMMERZ_SANDBOX_PAGE_ORIGIN ?? null]
      .map(originOf)
      .filter((origin): origin is string => origin !== null),
  settlementReport: { layout: SSLCOMMERZ_REPORT_LAYOUT },
  sandboxUrlSettings: ['SSLCOMMERZ_SANDBOX_URL', 'SSLCOMMERZ_SANDBOX_PAGE_ORIGIN'],
  liveUrlSettings: ['SSLCOMMERZ_LIVE_URL'],
  deploymentProblems: (config) =>
    config.SSLCOMMERZ_LIVE_STORE_PASSWORD === PUBLIC_SANDBOX_PASSWORD
      ? ["SSLCOMMERZ_LIVE_STORE_PASSWORD: is the public sandbox password; LIVE needs the store's own"]
      : [],
};
