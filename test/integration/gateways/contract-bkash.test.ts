import { bkashDriver } from '../../../gateways/bkash/contract-driver.js';
import { describeGatewayContract } from '../../contract/gateway-contract.js';

/** The gateway contract (test/contract/gateway-contract.ts) against the bKash simulator. */
describeGatewayContract(bkashDriver);
