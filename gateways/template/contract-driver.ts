import type { GatewayDriver } from '../../test/contract/gateway-contract.js';
import type { ContractGateway } from '../../test/contract/harness.js';

/**
 * How the shared contract suite (test/contract/gateway-contract.ts) drives this gateway's
 * simulator: which choice on its hosted page pays, fails or cancels, and how each fault (a lost
 * answer, a forged or lying callback, an outage) is armed through the simulator's control API
 * (`h.control('PUT', '/__simulator/faults', …)`). A scenario the gateway cannot have is
 * `{ notApplicable: 'why' }`: the suite prints the reason instead of running it, so every gap is
 * written down. test/integration/contract-<name>.test.ts runs it:
 *
 *   describeGatewayContract(templateDriver);
 *
 * Everything below is a gap until the simulator offers it; a gateway is done when none is left
 * that the real gateway can have.
 */
const notYet = { notApplicable: 'the simulator does not offer it yet' };

export const templateDriver: GatewayDriver = {
  // A real gateway's name is one of the harness's (test/helpers/gateway-simulators.ts HOSTED_GATEWAYS).
  gateway: 'template' as ContractGateway,
  displayName: 'Template gateway',
  payment: { currency: 'BDT', amountMinor: 10000 },
  choiceField: 'choice',
  success: 'pay',
  failure: { choice: 'fail' },
  cancel: { choice: 'cancel' },
  insufficientBalance: notYet,
  abandonment: { choice: 'abandon' },
  asyncSuccess: notYet,
  asyncFailure: notYet,
  lateSuccess: { refunds: 'API' },
  lostResponse: notYet,
  forgedCallback: notYet,
  lyingCallback: notYet,
  captureUnavailableOnce: notYet,
  forgedReturnFirst: notYet,
  duplicateCallback: notYet,
  outOfOrder: notYet,
  amountMismatch: notYet,
  outage: notYet,
  expiredToken: notYet,
};
