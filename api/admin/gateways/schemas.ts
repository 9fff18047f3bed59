import { z } from 'zod';
import { boundedText } from '../../../domain/shared/text-fields.js';

/** Request bodies of the gateways area; the dashboard forms are converted to the same shapes. */

/** A PEM key runs to a few kilobytes; nothing an operator pastes is longer. */
export const MAX_CREDENTIAL_CHARACTERS = 16_000;

/** Names of credential fields, as the gateways' modules spell them. */
const CREDENTIAL_KEY_PATTERN = '^[A-Za-z][A-Za-z0-9_]{0,63}$';

export const gatewaySettingsBody = z
  .strictObject({
    enabled: z.boolean().optional().describe('On or off for the app in this mode'),
    credentials: z
      .record(
        z.string().regex(new RegExp(CREDENTIAL_KEY_PATTERN), 'is not a credential field name'),
        boundedText(MAX_CREDENTIAL_CHARACTERS),
      )
      .optional()
      .describe(
        "The app's own credentials, by the gateway's field keys. A field left out keeps its stored value; a secret field sent blank keeps it too; a non-secret field sent blank clears it.",
      ),
  })
  .refine((body) => body.enabled !== undefined || body.credentials !== undefined, {
    message: 'Send enabled, credentials or both',
  })
  .meta({ minProperties: 1 });
export type GatewaySettingsInput = z.infer<typeof gatewaySettingsBody>;
