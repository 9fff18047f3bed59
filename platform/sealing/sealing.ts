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
    Partial<Pick<Config, 'SEALING_LEGACY_KEY' | 'OI_PAYMENTS_STACK' | 'CREDENTIAL_PEPPER_PREVIOUS'>>,
): Keyring {
  const problem = sealingKeysProblem(config);
  if (problem) throw new ConfigError([problem]);
  const legacy = legacySealingKeyAccepted(config);
  // A value of the first form opens only under the pepper it was sealed with, which a pepper
  // rotation may have moved to CREDENTIAL_PEPPER_PREVIOUS.
  const peppers = [config.CREDENTIAL_PEPPER, ...(config.CREDENTIAL_PEPPER_PREVIOUS ?? [])];
  return createKeyring(config.SEALING_KEYS!, legacy ? peppers : undefined);
}

/** Why SEALING_KEYS cannot seal anything here, as one line naming it; null when it can. */
export function sealingKeysProblem(
  config: Pick<Config, 'SEALING_KEYS' | 'CREDENTIAL_PEPPER'> &
    Partial<Pick<Config, 'CREDENTIAL_PEPPER_PREVIOUS'>>,
): string | null {
  const keys = config.SEALING_KEYS;
  if (!keys?.length) {
    return (
      'SEALING_KEYS: not set; it seals gateway credentials and webhook secrets at rest. ' +
      'Set it to <keyId>:<base64 of 32 random bytes>, e.g. SEALING_KEYS="k1:$(openssl rand -base64 32)"'
    );
  }
  // The current pepper and the ones it replaced: a sealing key is none of them, nor derived from one.
  const peppers = [
    { name: 'CREDENTIAL_PEPPER', value: config.CREDENTIAL_PEPPER },
    ...(config.CREDENTIAL_PEPPER_PREVIOUS ?? []).map((value) => ({
      name: 'CREDENTIAL_PEPPER_PREVIOUS',
      value,
    })),
  ];
  for (const { name, value } of peppers) {
    const pepper = Buffer.from(value);
    const reused = keys.find(
      (k) => k.key.equals(pepper) || [k.key.toString('base64'), k.key.toString('base64url')].includes(value),
    );
    if (reused) {
      return `SEALING_KEYS: key "${reused.id}" is also ${name === 'CREDENTIAL_PEPPER' ? 'CREDENTIAL_PEPPER' : 'a pepper in CREDENTIAL_PEPPER_PREVIOUS'}; the sealing key and the HMAC pepper must be different secrets`;
    }
    const derived = value ? legacySealingKey(value) : null;
    const legacy = derived && keys.find((k) => k.key.equals(derived));
    if (legacy) {
      return `SEALING_KEYS: key "${legacy.id}" is the legacy key derived from ${name}; generate a new one (openssl rand -base64 32)`;
    }
  }
  return null;
}
