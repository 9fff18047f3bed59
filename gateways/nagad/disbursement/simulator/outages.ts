import { OutageBook as ApiOutages, outagesSchema } from '../../../simulator-kit/outages.js';

/** The disbursement APIs a simulated outage can take away. */
export const OUTAGE_APIS = ['accountCheck', 'disburse', 'status', 'balance'] as const;
export type OutageApi = (typeof OUTAGE_APIS)[number];

export const setOutagesSchema = outagesSchema(OUTAGE_APIS);

export class OutageBook extends ApiOutages<OutageApi> {
  constructor(now: () => number) {
    super(OUTAGE_APIS, now);
  }
}
