import { createKeyring, type Keyring } from '../domain/secret-box.js';
import { ConfigError, type Config } from './index.js';

/**
 * The process's keyring, from SEALING_KEYS (the first key seals, all open) and CREDENTIAL_PEPPER
 * (opens values sealed before SEALING_KEYS existed, until keys:rotate re-seals them). Refuses to
 * start, naming the setting, without a key or with a key that is also the HMAC pepper.
 */
export function keyringFromConfig(config: Pick<Config, 'SEALING_KEYS' | 'CREDENTIAL_PEPPER'>): Keyring {
  const keys = config.SEALING_KEYS;
  if (!keys?.length) {
    throw new ConfigError([
      'SEALING_KEYS: not set; it seals gateway credentials and webhook secrets at rest. ' +
        'Set it to <keyId>:<base64 of 32 random bytes>, e.g. SEALING_KEYS="k1:$(openssl rand -base64 32)"',
    ]);
  }
  const pepper = Buffer.from(config.CREDENTIAL_PEPPER);
  const reused = keys.find(
    (k) =>
      k.key.equals(pepper) ||
      [k.key.toString('base64'), k.key.toString('base64url')].includes(config.CREDENTIAL_PEPPER),
  );
  if (reused) {
    throw new ConfigError([
      `SEALING_KEYS: key "${reused.id}" is also CREDENTIAL_PEPPER; the sealing key and the HMAC pepper must be different secrets`,
    ]);
  }
  return createKeyring(keys, config.CREDENTIAL_PEPPER);
}
