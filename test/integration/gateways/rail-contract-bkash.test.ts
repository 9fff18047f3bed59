import { bkashDisbursementDriver } from '../../../gateways/bkash/disbursement/contract-driver.js';
import { describePayoutRailContract } from '../../contract/payout-rail-contract.js';

/** The payout rail contract (test/contract/payout-rail-contract.ts) against the bKash disbursement simulator. */
describePayoutRailContract(bkashDisbursementDriver);
