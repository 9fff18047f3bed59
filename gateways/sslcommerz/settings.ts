import { z } from 'zod';
import { optionalUrl, port, url } from '../../platform/config/setting-types.js';

/** The sandbox store's password, published by SSLCOMMERZ for testing. */
export const PUBLIC_SANDBOX_PASSWORD = 'oipay_test_store@ssl';

/**
 * SSLCOMMERZ's service-wide settings, parsed at start-up with the rest of the configuration
 * (platform/config/schema.ts), as the first gateway's were: its hosts, the service's store credentials per
 * mode, and its simulator's port.
 */
export const SSLCOMMERZ_SETTINGS = {
  SSLCOMMERZ_SANDBOX_URL: url.default('https://sandbox.sslcommerz.com'),
  SSLCOMMERZ_LIVE_URL: url.default('https://securepay.sslcommerz.com'),
  /** Where browsers reach the sandbox's hosted pages, when not at SSLCOMMERZ_SANDBOX_URL. */
  SSLCOMMERZ_SANDBOX_PAGE_ORIGIN: optionalUrl,
  SSLCOMMERZ_TEST_STORE_ID: z.string().min(1).default('oipay_test_store'),
  SSLCOMMERZ_TEST_STORE_PASSWORD: z.string().min(1).default(PUBLIC_SANDBOX_PASSWORD),
  SSLCOMMERZ_LIVE_STORE_ID: z.string().min(1).optional(),
  SSLCOMMERZ_LIVE_STORE_PASSWORD: z.string().min(1).optional(),
  SSLCOMMERZ_SIMULATOR_PORT: port.default(8081),
};
