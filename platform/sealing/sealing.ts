import { createKeyring, legacySealingKey, type Keyring } from './secret-box.js';
import { legacySealingKeyAccepted } from '../config/deployment.js';
import { ConfigError, type Config } from '../config/index.js';

/**
 * The process's keyring, from SEALING_KEYS (the first key seals, all open) and, while the legacy
 * key is accepted (SEALING_LEGACY_KEY, by default on the development stack only), CREDENTIAL_PEPPER (opens values sealed before SEALING_KEYS
 * existed, until keys:rotate re-seals them). Refuses to start, naming the setting, without a key,
 * or with a key that is also the HMAC pepper or the key derived from it.
 */
export function keyringFromConfig(
  config: Pick<Config, 'SEALING_KEYS' | 'CREDENTIAL_PEPPER'> &
    Partial<Pick<Config, 'SEALING_LEGACY_KEY' | 'OI_PAYMENTS_STACK'>>,
): Keyring {
  const problem = sealingKeysProblem(config);
  if (problem) throw new ConfigError([problem]);
  const legacy = legacySealingKeyAccepted(config);
  return createKeyring(config.SEALING_KEYS!, legacy ? config.CREDENTIAL_PEPPER : undefined);
}

/** Why SEALING_KEYS cannot seal anything here, as one line naming it; null when it can. */
export function sealingKeysProblem(
  config: Pick<Config, 'SEALING_KEYS' | 'CREDENTIAL_PEPPER'>,
): string | null {
  const keys = config.SEALING_KEYS;
  if (!keys?.length) {
    return (
      'SEALING_KEYS: not set; it seals gateway credentials and webhook secrets at rest. ' +
      'Set it to <keyId>:<base64 of 32 random bytes>, e.g. SEALING_KEYS="k1:$(openssl rand -base64 32)"'
    );
  }
  const pepper = Buffer.from(config.CREDENTIAL_PEPPER);
  const reused = keys.find(
    (k) =>
      k.key.equals(pepper) ||
      [k.key.toString('base64'), k.key.toString('base64url')].includes(config.CREDENTIAL_PEPPER),
  );
  if (reused) {
    return `SEALING_KEYS: key "${reused.id}" is also CREDENTIAL_PEPPER; the sealing key and the HMAC pepper must be different secrets`;
  }
  const derived = config.CREDENTIAL_PEPPER ? legacySealingKey(config.CREDENTIAL_PEPPER) : null;
  const legacy = derived && keys.find((k) => k.key.equals(derived));
  if (legacy) {
    return `SEALING_KEYS: key "${legacy.id}" is the legacy key derived from CREDENTIAL_PEPPER; generate a new one (openssl rand -base64 32)`;
  }
  return null;
}
