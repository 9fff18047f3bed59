import { nagadDriver } from '../../../gateways/nagad/contract-driver.js';
import { describeGatewayContract } from '../../contract/gateway-contract.js';

/** The gateway contract (test/contract/gateway-contract.ts) against the Nagad simulator. */
describeGatewayContract(nagadDriver);
