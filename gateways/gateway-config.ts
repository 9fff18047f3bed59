import type { z } from 'zod';
import type { BKASH_SETTINGS } from './bkash/settings.js';
import type { SSLCOMMERZ_SETTINGS } from './sslcommerz/settings.js';

/**
 * What a gateway reads of the service's configuration: the settings its own folder declares
 * (parsed at start-up with the rest, platform/config/schema.ts) and the service's public address.
 * A shape of its own because platform/config's whole Config lists every gateway's settings and
 * which gateways settle through reports, so it is built from the gateways; a gateway naming it
 * would import itself. The whole Config fits this shape wherever one is passed.
 */
export type GatewayConfig = z.output<z.ZodObject<typeof SSLCOMMERZ_SETTINGS & typeof BKASH_SETTINGS>> & {
  PUBLIC_URL: string;
};
