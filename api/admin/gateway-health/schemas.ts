import { z } from 'zod';
import { MODES } from '../../../domain/shared/mode.js';
import { GATEWAY_MODULES } from '../../../gateways/catalogue.js';
import { boundedText } from '../../../domain/shared/text-fields.js';

/** A maintenance window as an operator enters it (the dashboard form converts to the same). */

export const GATEWAY_NAMES = GATEWAY_MODULES.map((m) => m.name) as [string, ...string[]];

const moment = z.iso
  .datetime({ offset: true, error: 'must be a date-time with an offset (2027-02-01T02:00:00Z)' })
  .transform((value) => new Date(value));

export const maintenanceWindowBody = z.strictObject({
  gateway: z.enum(GATEWAY_NAMES).describe('The gateway under maintenance'),
  mode: z.enum(MODES).describe('TEST or LIVE: the gateway is under maintenance in this mode only'),
  startsAt: moment.describe('When the window opens (it may be now, or already past)'),
  endsAt: moment.describe('When it closes: after startsAt, in the future, at most 7 days after startsAt'),
  note: boundedText(500)
    .optional()
    .default('')
    .describe('What app teams read on the status page and in the event (what, and what to expect)'),
});
export type MaintenanceWindowBody = z.infer<typeof maintenanceWindowBody>;
