import { stripeDriver } from '../contract/drivers/stripe.js';
import { describeGatewayContract } from '../contract/gateway-contract.js';

/** The gateway contract (test/contract/gateway-contract.ts) against the Stripe simulator. */
describeGatewayContract(stripeDriver);
