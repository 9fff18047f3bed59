export { createBkashGateway } from './client.js';
export type { BkashGatewayOptions } from './client.js';
/** The core builds a refund's gatewayTransactionId from a confirmed payment's validationId and gatewayTransactionId. */
export { encodePaymentKey } from './mapping.js';
export type { PaymentKey } from './mapping.js';
export { createBkashSimulator } from './simulator/app.js';
export type { BkashSimulator, BkashSimulatorOptions } from './simulator/app.js';
export type { Faults as BkashSimulatorFaults } from './simulator/faults.js';
