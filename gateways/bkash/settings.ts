import { z } from 'zod';
import { blankAsUnset } from '../../platform/config/setting-types.js';
import { DEFAULT_REFUND_API, REFUND_APIS } from './protocol.js';

/**
 * bKash's service-wide settings parsed at start-up with the rest of the configuration
 * (platform/config/schema.ts); its hosts and credentials are read where they are used (module.ts).
 */
export const BKASH_SETTINGS = {
  /**
   * Which of bKash's refund APIs refunds go through, for apps whose own bKash settings do not say:
   * v2 (the current one) or v1 (the older payment/refund, for merchant accounts bKash has not
   * moved to v2).
   */
  BKASH_REFUND_API: z.preprocess(
    blankAsUnset,
    z
      .enum(REFUND_APIS, {
        error: () =>
          "must be v2 (bKash's current refund API, the default) or v1 (the older payment/refund, for merchant accounts bKash has not moved to v2)",
      })
      .default(DEFAULT_REFUND_API),
  ),
};
