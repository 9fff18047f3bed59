import type Stripe from 'stripe';

/**
 * The Stripe SDK, some 200 modules: loaded when a process first talks to Stripe (or signs as it),
 * not by every API process, worker and simulator that could.
 */
export function stripeSdk(): typeof Stripe {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('stripe') as typeof Stripe;
}
