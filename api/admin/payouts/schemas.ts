import { z } from 'zod';
import { MODES } from '../../../domain/shared/mode.js';
import { PAYOUT_RAIL_NAMES } from '../../../gateways/payouts/registry.js';
import { visibleText } from '../../../domain/shared/text-fields.js';

export const payoutDecisionBody = z
  .strictObject({ comment: visibleText(500).optional().describe('Why, for the audit trail and the app') })
  .meta({ examples: [{ comment: 'Checked against the vendor contract' }] });

export const waitingPayoutsQuery = z.strictObject({
  mode: z.enum(MODES).optional().describe('Only payouts of this mode'),
});

export const railRecheckParams = z.strictObject({
  rail: z.enum(PAYOUT_RAIL_NAMES),
  mode: z.enum(MODES),
});

export const railSwitchBody = z
  .strictObject({
    on: z
      .boolean()
      .describe('false switches the rail off at once; true switches it back on (in LIVE, a proposal)'),
    comment: visibleText(500).optional().describe('Why, for the audit trail'),
  })
  .meta({ examples: [{ on: false, comment: 'Rail answering slowly, holding payouts' }] });

export const railSwitchDecisionBody = z.strictObject({
  comment: visibleText(500).optional().describe('Why; recorded with the decision and in the audit log'),
});
