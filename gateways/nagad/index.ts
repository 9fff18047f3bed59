export { createNagadGateway } from './client.js';
export type { NagadGatewayOptions } from './client.js';
export { SealError, loadPrivateKey, loadPublicKey, seal, unseal } from './crypto.js';
export { orderIdFor, referenceFor } from './mapping.js';
export {
  API_VERSION,
  CALLBACK_FIELDS,
  CURRENCY_CODE,
  PATHS,
  SANDBOX_BASE_PATH,
  STATUS,
  outcomeOf,
} from './protocol.js';
export { createNagadSimulator } from './simulator/app.js';
export type { NagadSimulator, NagadSimulatorOptions } from './simulator/app.js';
export type { Faults as NagadSimulatorFaults } from './simulator/faults.js';
