import { OutageBook as ApiOutages, outagesSchema } from '../../simulator-kit/outages.js';

/**
 * The gateway's server-side APIs a simulated outage can take away (they answer 503, as the real
 * gateway does behind its load balancer). `refund` is refund initiation and the refund status
 * query; they share the transaction query's URL, so a `query` outage takes them away too, while a
 * `refund` outage leaves the transaction query answering.
 */
export const OUTAGE_APIS = ['validation', 'query', 'session', 'refund'] as const;
export type OutageApi = (typeof OUTAGE_APIS)[number];

export const setOutagesSchema = outagesSchema(OUTAGE_APIS);

export class OutageBook extends ApiOutages<OutageApi> {
  constructor(now: () => number) {
    super(OUTAGE_APIS, now);
  }
}
