import { randomBytes } from 'node:crypto';
import { ConfigError, loadConfig } from '../../../platform/config/index.js';
import { keyringFromConfig } from '../../../platform/sealing/sealing.js';
import {
  gatewayCredentialsContext,
  webhookSecretContext,
} from '../../../platform/sealing/sealing-contexts.js';
import {
  createKeyring,
  newSealingKeyEntry,
  parseSealingKeys,
  parsedSealingKeys,
  SealedValueError,
} from '../../../platform/sealing/secret-box.js';
import { developmentStackEnv } from '../../helpers/config-env.js';
import { sealTheFirstWay } from '../../helpers/legacy-seal.js';

const PEPPER = 'unit-pepper-0123456789abcdefghij';
const key = (id: string) => ({ id, key: randomBytes(32) });
const appGateway = (appId: number, mode: 'TEST' | 'LIVE' = 'TEST', gateway = 'bkash') =>
  gatewayCredentialsContext({ appId, mode, gateway });

function problemOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof SealedValueError) return error.problem;
    throw error;
  }
  return undefined;
}

describe('sealed values', () => {
  it('carry the key id and open only under the context they were sealed for', () => {
    const keyring = createKeyring([key('k1')]);
    const sealed = keyring.seal('{"appKey":"secret-value"}', appGateway(7));
    expect(sealed).toMatch(/^v2\.k1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain('secret-value');
    expect(keyring.keyIdOf(sealed)).toBe('k1');
    expect(keyring.open(sealed, appGateway(7))).toBe('{"appKey":"secret-value"}');

    // Another app, the other mode, another gateway, another kind of secret: refused.
    for (const other of [
      appGateway(8),
      appGateway(7, 'LIVE'),
      appGateway(7, 'TEST', 'nagad'),
      webhookSecretContext({ appId: 7, mode: 'TEST' }),
    ]) {
      expect(problemOf(() => keyring.open(sealed, other))).toBe('NOT_AUTHENTIC');
    }
    // Two seals of one value differ (fresh nonce).
    expect(keyring.seal('x', appGateway(7))).not.toBe(keyring.seal('x', appGateway(7)));
  });

  it('refuse an altered value and a value relabelled with another key id', () => {
    const [k1, k2] = [key('k1'), key('k2')];
    const keyring = createKeyring([k1, k2]);
    const sealed = keyring.seal('whsec_abc', 'ctx');
    const [v, id, nonce, body] = sealed.split('.') as [string, string, string, string];
    const flipped = Buffer.from(body, 'base64url');
    flipped[0]! ^= 1;
    expect(
      problemOf(() => keyring.open([v, id, nonce, flipped.toString('base64url')].join('.'), 'ctx')),
    ).toBe('NOT_AUTHENTIC');
    expect(problemOf(() => keyring.open([v, 'k2', nonce, body].join('.'), 'ctx'))).toBe('NOT_AUTHENTIC');
    expect(problemOf(() => keyring.open('v2.k1.short', 'ctx'))).toBe('MALFORMED');
    expect(problemOf(() => keyring.open('v9.k1.a.b', 'ctx'))).toBe('MALFORMED');
  });

  it('seal with the first key, open with every key held, and refuse a key not held', () => {
    const [old, fresh] = [key('old'), key('new')];
    const before = createKeyring([old]);
    const during = createKeyring([fresh, old]);
    const after = createKeyring([fresh]);
    const sealedBefore = before.seal('secret', 'ctx');
    expect(during.open(sealedBefore, 'ctx')).toBe('secret');
    expect(during.needsResealing(sealedBefore)).toBe(true);
    const resealed = during.seal(during.open(sealedBefore, 'ctx'), 'ctx');
    expect(during.keyIdOf(resealed)).toBe('new');
    expect(during.needsResealing(resealed)).toBe(false);
    expect(after.open(resealed, 'ctx')).toBe('secret');
    expect(problemOf(() => before.open(resealed, 'ctx'))).toBe('UNKNOWN_KEY');
    expect(problemOf(() => after.open(sealedBefore, 'ctx'))).toBe('UNKNOWN_KEY');
    expect([during.holds('old'), after.holds('old'), after.holds('new')]).toEqual([true, false, true]);
  });

  it('open values of the first form with the legacy pepper, only while it is given', () => {
    const legacy = sealTheFirstWay('whsec_legacy', PEPPER);
    const keyring = createKeyring([key('k1')], PEPPER);
    expect(keyring.keyIdOf(legacy)).toBe('legacy');
    expect(keyring.needsResealing(legacy)).toBe(true);
    expect(keyring.open(legacy, webhookSecretContext({ appId: 1, mode: 'TEST' }))).toBe('whsec_legacy');
    expect(
      problemOf(() => createKeyring([key('k1')], 'another-pepper-0123456789abcdef').open(legacy, 'x')),
    ).toBe('NOT_AUTHENTIC');
    expect(problemOf(() => createKeyring([key('k1')]).open(legacy, 'x'))).toBe('UNKNOWN_KEY');
  });
});

describe('SEALING_KEYS', () => {
  const good = () => randomBytes(32).toString('base64');

  it('parses <keyId>:<base64 32 bytes> entries, first one primary', () => {
    const parsed = parsedSealingKeys(`k2:${good()}, k1:${good()}`);
    expect(parsed.map((k) => k.id)).toEqual(['k2', 'k1']);
    expect(createKeyring(parsed).primaryKeyId).toBe('k2');
    expect(parseSealingKeys(newSealingKeyEntry('2026-12')).ok).toBe(true);
  });

  it.each([
    ['no key', ' , '],
    ['no key id', good()],
    ['a key id with a dot', `k.1:${good()}`],
    ['a short key', `k1:${randomBytes(16).toString('base64')}`],
    ['a long key', `k1:${randomBytes(48).toString('base64')}`],
    ['not base64', `k1:${'!'.repeat(44)}`],
    ['32 zero bytes', `k1:${Buffer.alloc(32).toString('base64')}`],
    ['a repeated pattern', `k1:${Buffer.from('abcd'.repeat(8)).toString('base64')}`],
    ['a key id twice', `k1:${good()},k1:${good()}`],
  ])('refuses %s, naming the setting and never the key', (_label, value) => {
    let message = '';
    try {
      loadConfig({ ...developmentStackEnv, SEALING_KEYS: value });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      message = (error as Error).message;
    }
    expect(message).toMatch(/SEALING_KEYS:/);
    const encoded = value.split(':')[1]?.split(',')[0];
    if (encoded && encoded.length > 8) expect(message).not.toContain(encoded);
  });

  it('is required to seal, and must not be the HMAC pepper', () => {
    expect(() => keyringFromConfig(loadConfig({ ...developmentStackEnv }))).toThrow(/SEALING_KEYS: not set/);
    const entry = good();
    expect(() =>
      keyringFromConfig(
        loadConfig({ ...developmentStackEnv, SEALING_KEYS: `k1:${entry}`, CREDENTIAL_PEPPER: entry }),
      ),
    ).toThrow(/SEALING_KEYS: key "k1" is also CREDENTIAL_PEPPER/);
    const keyring = keyringFromConfig(loadConfig({ ...developmentStackEnv, SEALING_KEYS: `k1:${entry}` }));
    expect(keyring.primaryKeyId).toBe('k1');
  });
});
