import { templateRailDriver } from '../../../gateways/rail-template/contract-driver.js';
import { describePayoutRailContract } from '../../contract/payout-rail-contract.js';

/**
 * The payout rail contract (test/contract/payout-rail-contract.ts) against the template rail's
 * simulator: the template, listed nowhere, keeps compiling and keeping the contract as the
 * interfaces move, so a copy of it starts from a rail that passes.
 */
describePayoutRailContract(templateRailDriver);
