/** The bank rail as the payout core uses it. */
export { BANK_RAIL_DESCRIPTION, createBankRail } from './rail.js';
export type { BankFileReceipt, BankRail, BankRailOptions } from './rail.js';
export {
  SIMULATOR_MOUNT_NAME,
  bankCredentials,
  bankCredentialsFromEnvironment,
  bankRailSettings,
} from './settings.js';
export type { BankCredentials, BankRailSettings } from './settings.js';
