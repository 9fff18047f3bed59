import { bankDriver } from '../../../gateways/bank/contract-driver.js';
import { describePayoutRailContract } from '../../contract/payout-rail-contract.js';

/** The payout rail contract (test/contract/payout-rail-contract.ts) against the simulated bank. */
describePayoutRailContract(bankDriver);
