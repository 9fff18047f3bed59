import { nagadDisbursementDriver } from '../../../gateways/nagad/disbursement/contract-driver.js';
import { describePayoutRailContract } from '../../contract/payout-rail-contract.js';

/** The payout rail contract (test/contract/payout-rail-contract.ts) against the Nagad disbursement simulator. */
describePayoutRailContract(nagadDisbursementDriver);
