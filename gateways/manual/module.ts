import { z } from 'zod';
import type { GatewayModule } from '../module.js';
import { setting, wordmark } from '../environment.js';
import { createManualGateway, DESCRIPTION } from './client.js';
import { MANUAL_PAYMENT_METHODS } from './method-types.js';

const credentials = z.object({
  instructions: z.string().trim().min(10, 'tell customers where and how to pay').max(2000),
});

/**
 * Bank transfer, cash or cheque, recorded by finance. Off until an operator writes the app's
 * payment instructions (or MANUAL_<MODE>_INSTRUCTIONS sets service-wide ones). How many operators
 * confirm a receipt is not a gateway setting but a control of the app (receipt_approval_policies),
 * which only a second operator loosens.
 */
export const manualModule: GatewayModule<z.infer<typeof credentials>> = {
  name: 'manual',
  displayName: DESCRIPTION.displayName,
  logoSvg: wordmark('Bank / cash', '#3f4a5a'),
  description: DESCRIPTION,
  credentialFields: [
    {
      key: 'instructions',
      label: 'Payment instructions',
      secret: false,
      multiline: true,
      hint: 'Shown to the customer with the reference to quote: account name and number, bank and branch, where to pay cash. How many operators confirm a receipt is set on the app’s Controls page',
    },
  ],
  credentials,
  fallbackCredentials: (env, _config, mode) => {
    const instructions = setting(env, `MANUAL_${mode}_INSTRUCTIONS`);
    if (!instructions) return null;
    return { instructions: instructions.replace(/\\n/g, '\n') };
  },
  create: ({ credentials: c, config, receipts }) =>
    createManualGateway({
      terms: { instructions: c.instructions },
      publicUrl: config.PUBLIC_URL,
      receipts,
    }),
  identify: () => null,
  paymentMethods: MANUAL_PAYMENT_METHODS,
  // Bank transfer, cash or cheque: no gateway takes a fee.
  chargesNoFees: true,
  secretWireFields: [],
  pageOrigins: () => [],
};
