import { stripeDriver } from '../../../gateways/stripe/contract-driver.js';
import { describeGatewayContract } from '../../contract/gateway-contract.js';

/** The gateway contract (test/contract/gateway-contract.ts) against the Stripe simulator. */
describeGatewayContract(stripeDriver);
