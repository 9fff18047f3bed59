export { createStripeGateway } from './client.js';
export type { StripeGatewayOptions } from './client.js';
export {
  CHECKOUT_ORIGIN,
  MAX_CHARGE_MINOR,
  MIN_CHARGE_MINOR,
  SESSION_EVENT_TYPES,
  STRIPE_CURRENCIES,
  idempotencyKeys,
} from './protocol.js';
export { createStripeSimulator } from './simulator/app.js';
export type { StripeSimulator, StripeSimulatorOptions } from './simulator/app.js';
export type { Faults as StripeSimulatorFaults } from './simulator/faults.js';
