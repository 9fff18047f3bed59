import { randomBytes } from 'node:crypto';
import {
  hashSecret,
  issueCredential,
  verifySecret,
  UNKNOWN_KEY_HASH,
} from '../../../domain/apps/credentials.js';
import { ConfigError } from '../../../platform/config/index.js';
import { loadStartupConfig } from '../../../platform/config/startup.js';
import { keyringFromConfig } from '../../../platform/sealing/sealing.js';
import { newSealingKeyEntry } from '../../../platform/sealing/secret-box.js';
import { sealTheFirstWay } from '../../helpers/legacy-seal.js';

const pepper = () => randomBytes(32).toString('base64url');
const deployment = {
  PUBLIC_URL: 'https://pay.example.com',
  TRUSTED_PROXY_HOPS: '1',
  TRUSTED_PROXY_ADDRESSES: '172.30.0.10',
  TEMPORAL_TLS: 'true',
  SEALING_KEYS: newSealingKeyEntry('k1'),
};

function refusals(env: NodeJS.ProcessEnv): string[] {
  try {
    loadStartupConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  return [];
}

/**
 * A rotation of CREDENTIAL_PEPPER: the current pepper first, the previous ones only for a secret
 * it does not match; a match under a previous pepper comes with the hash to store under the
 * current one.
 */
describe('credential peppers', () => {
  const [a, b, c] = [pepper(), pepper(), pepper()];
  const { secret } = issueCredential('TEST');

  it('verifies a secret under the current pepper, then under a previous one with its new hash', () => {
    expect(verifySecret(secret, hashSecret(secret, b), { current: b, previous: [a] })).toEqual({
      under: 'current',
    });
    expect(verifySecret(secret, hashSecret(secret, a), { current: b, previous: [c, a] })).toEqual({
      under: 'previous',
      rehashed: hashSecret(secret, b),
    });
    // Without the old pepper, or with a wrong secret, or for an unknown key: no match.
    expect(verifySecret(secret, hashSecret(secret, a), { current: b, previous: [] })).toBeNull();
    expect(verifySecret(`${secret}x`, hashSecret(secret, a), { current: b, previous: [a] })).toBeNull();
    expect(verifySecret(secret, UNKNOWN_KEY_HASH, { current: b, previous: [a] })).toBeNull();
  });

  it('reads CREDENTIAL_PEPPER_PREVIOUS as a comma separated list, and refuses the current pepper in it', () => {
    const { config } = loadStartupConfig({
      ...deployment,
      CREDENTIAL_PEPPER: b,
      CREDENTIAL_PEPPER_PREVIOUS: ` ${a}, ${c} ,`,
    });
    expect(config.CREDENTIAL_PEPPER_PREVIOUS).toEqual([a, c]);
    expect(
      loadStartupConfig({ ...deployment, CREDENTIAL_PEPPER: b }).config.CREDENTIAL_PEPPER_PREVIOUS,
    ).toEqual([]);
    const lines = refusals({ ...deployment, CREDENTIAL_PEPPER: b, CREDENTIAL_PEPPER_PREVIOUS: `${a},${b}` });
    expect(lines).toEqual([expect.stringMatching(/^CREDENTIAL_PEPPER_PREVIOUS: /)]);
  });

  it('refuses a sealing key that is a previous pepper, and opens values sealed the first way under one', () => {
    const key = randomBytes(32).toString('base64');
    const lines = refusals({
      ...deployment,
      CREDENTIAL_PEPPER: b,
      CREDENTIAL_PEPPER_PREVIOUS: key,
      SEALING_KEYS: `k1:${key}`,
    });
    expect(lines).toEqual([expect.stringMatching(/^SEALING_KEYS: .*CREDENTIAL_PEPPER_PREVIOUS/)]);

    const sealedUnderA = sealTheFirstWay('whsec_old', a);
    const rotated = keyringFromConfig(
      loadStartupConfig({
        ...deployment,
        CREDENTIAL_PEPPER: b,
        CREDENTIAL_PEPPER_PREVIOUS: a,
        SEALING_LEGACY_KEY: 'accepted',
      }).config,
    );
    expect(rotated.open(sealedUnderA, 'any context')).toBe('whsec_old');
    expect(rotated.open(sealTheFirstWay('whsec_new', b), 'any context')).toBe('whsec_new');
  });
});
