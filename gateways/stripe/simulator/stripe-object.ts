/**
 * A Stripe API object as the simulator sends it (a session, a charge, an event's data.object): the
 * shape every view of a record (objects.ts, balance.ts, disputes.ts) answers and events carry.
 */
export type StripeObject = Record<string, unknown>;
