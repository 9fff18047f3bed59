import { bkashModule } from './bkash/module.js';
import { manualModule } from './manual/module.js';
import type { GatewayModule } from './module.js';
import { nagadModule } from './nagad/module.js';
import { sslcommerzModule } from './sslcommerz/module.js';
import { stripeModule } from './stripe/module.js';

/** Every gateway the service speaks: one line each. */
export const GATEWAY_MODULES: readonly GatewayModule[] = [
  sslcommerzModule,
  bkashModule,
  nagadModule,
  stripeModule,
  manualModule,
];

export function findGatewayModule(name: string): GatewayModule | undefined {
  return GATEWAY_MODULES.find((module) => module.name === name);
}
