import type { Config } from '../../platform/config/index.js';
import type { HealthPolicy } from '../../domain/gateway-health/health-rules.js';

/** The deployment's settings of the health rule (the rates keep their defaults). */
export function healthPolicyOf(config: Config): Partial<HealthPolicy> {
  return {
    windowMs: config.GATEWAY_HEALTH_WINDOW_SECONDS * 1000,
    minCalls: config.GATEWAY_HEALTH_MIN_CALLS,
    recoveryMs: config.GATEWAY_HEALTH_RECOVERY_SECONDS * 1000,
  };
}
