import { findGatewayModule } from './catalogue.js';

/**
 * Whether a gateway charges fees on what it takes: every one but those whose module says it
 * charges none (money paid outside any gateway). A gateway this service does not speak is taken
 * to charge them, so its capture books the schedule's estimate, if any.
 */
export function chargesFees(gateway: string): boolean {
  return !findGatewayModule(gateway)?.chargesNoFees;
}
