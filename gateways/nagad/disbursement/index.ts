export {
  createNagadDisbursementClient,
  DEFAULT_LIMITS,
  NAGAD_RAIL_DESCRIPTION,
  NAGAD_RAIL_NAME,
} from './client.js';
export type { NagadDisbursementOptions } from './client.js';
export { orderIdFor } from './mapping.js';
export { DISBURSEMENT_BASE_PATH, DISBURSEMENT_PATHS } from './protocol.js';
export {
  NAGAD_DISBURSEMENT_SETTINGS,
  createNagadDisbursementRail,
  nagadDisbursementCredentials,
  nagadDisbursementCredentialsFromEnvironment,
  nagadDisbursementUrl,
} from './settings.js';
export type { NagadDisbursementCredentials } from './settings.js';
export { createNagadDisbursementSimulator } from './simulator/app.js';
export type { NagadDisbursementSimulator } from './simulator/app.js';
export { disbursementSimulatorMount } from './simulator/mount.js';
export { TEST_WALLETS } from './simulator/wallets.js';
