import { sslcommerzDriver } from '../../../gateways/sslcommerz/contract-driver.js';
import { describeGatewayContract } from '../../contract/gateway-contract.js';

/** The gateway contract (test/contract/gateway-contract.ts) against the SSLCOMMERZ simulator. */
describeGatewayContract(sslcommerzDriver);
