export { createSslcommerzGateway } from './client.js';
export type { SslcommerzGatewayOptions } from './client.js';
export {
  API_CONNECT,
  IPN_FIELDS,
  IPN_STATUS,
  PATHS,
  REFUND_STATUS,
  SESSION_STATUS,
  SIGNATURE_FIELDS,
  STORE_CREDENTIAL_ERROR,
  VALIDATOR_STATUS,
  outcomeOf,
  refundOutcomeOf,
  signIpn,
  verifyIpnSignature,
} from './protocol.js';
export type { IpnField, IpnFields, IpnSignature, IpnStatus, ValidatorStatus } from './protocol.js';
export { createSslcommerzSimulator } from './simulator/app.js';
export type { SslcommerzSimulator, SslcommerzSimulatorOptions } from './simulator/app.js';
export type { Faults as SslcommerzSimulatorFaults } from './simulator/faults.js';
