import { OutageBook as ApiOutages, outagesSchema } from '../../simulator-kit/outages.js';

/** The API groups a simulated outage can take away; the hosted page stays up, as Stripe's edge usually does. */
export const OUTAGE_APIS = ['sessions', 'refunds', 'disputes', 'balance'] as const;
export type OutageApi = (typeof OUTAGE_APIS)[number];

export const setOutagesSchema = outagesSchema(OUTAGE_APIS);

export class OutageBook extends ApiOutages<OutageApi> {
  constructor(now: () => number) {
    super(OUTAGE_APIS, now);
  }
}
