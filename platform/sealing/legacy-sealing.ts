import type { EntityManager } from '@mikro-orm/postgresql';
import { legacySealingKeyAccepted } from '../config/deployment.js';
import { ConfigError, type Config } from '../config/index.js';
import { LEGACY_KEY_ID } from './secret-box.js';
import { sealedValueCounts } from './sealed-values.js';

/**
 * With the legacy key retired (SEALING_LEGACY_KEY=retired, a deployment's default) nothing opens
 * a value sealed with the key derived from CREDENTIAL_PEPPER, so a process that would meet one
 * refuses to start instead, naming the setting and how many values remain: keys:rotate (with the
 * key accepted) re-seals them.
 */
export async function refuseRetiredLegacyValues(
  em: EntityManager,
  config: Pick<Config, 'SEALING_LEGACY_KEY' | 'OI_PAYMENTS_STACK'>,
): Promise<void> {
  if (legacySealingKeyAccepted(config)) return;
  const remaining = (await sealedValueCounts(em))
    .filter((count) => count.keyId === LEGACY_KEY_ID)
    .reduce((sum, count) => sum + count.count, 0);
  if (remaining > 0) {
    throw new ConfigError([
      `SEALING_LEGACY_KEY: is retired but ${remaining} value(s) are still sealed with the legacy key derived from CREDENTIAL_PEPPER; run keys:rotate with SEALING_LEGACY_KEY=accepted first${config.SEALING_LEGACY_KEY ? '' : ' (unset, a deployment retires it)'}`,
    ]);
  }
}
