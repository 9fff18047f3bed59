import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError } from '../../../platform/config/index.js';
import {
  developmentStackProblem,
  issueDevelopmentStackProof,
  revokeDevelopmentStackProofs,
} from '../../../platform/config/development-stack.js';
import { keyringFromConfig } from '../../../platform/sealing/sealing.js';
import { loadStartupConfig } from '../../../platform/config/startup.js';
import {
  legacySealingKey,
  newSealingKeyEntry,
  SealedValueError,
} from '../../../platform/sealing/secret-box.js';
import { developmentStackEnv } from '../../helpers/config-env.js';
import { sealTheFirstWay } from '../../helpers/legacy-seal.js';

const PEPPER = randomBytes(32).toString('base64');
const deployment = {
  CREDENTIAL_PEPPER: PEPPER,
  PUBLIC_URL: 'https://pay.example.com',
  TRUSTED_PROXY_HOPS: '1',
  TRUSTED_PROXY_ADDRESSES: '172.30.0.10',
  TEMPORAL_TLS: 'true',
  SEALING_KEYS: newSealingKeyEntry('k1'),
};

/** The one-line refusals `loadStartupConfig` stops a process with. */
function refusals(env: NodeJS.ProcessEnv): string[] {
  try {
    loadStartupConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  return [];
}

describe('SEALING_KEYS is refused at start-up, in one line naming it', () => {
  const key = () => randomBytes(32).toString('base64');
  it.each([
    ['missing', { SEALING_KEYS: undefined }, /^SEALING_KEYS: not set/],
    [
      'a key id used twice',
      { SEALING_KEYS: `k1:${key()},k1:${key()}` },
      /^SEALING_KEYS: key id "k1" appears twice/,
    ],
    [
      'the same key bytes under two ids',
      (() => {
        const bytes = key();
        return { SEALING_KEYS: `k1:${bytes},k2:${bytes}` };
      })(),
      /^SEALING_KEYS: key "k2" repeats another entry's key/,
    ],
    [
      'the pepper itself',
      { SEALING_KEYS: `k1:${PEPPER}` },
      /^SEALING_KEYS: key "k1" is also CREDENTIAL_PEPPER/,
    ],
    [
      'the key derived from the pepper',
      { SEALING_KEYS: `k1:${legacySealingKey(PEPPER).toString('base64')}` },
      /^SEALING_KEYS: key "k1" is the legacy key derived from CREDENTIAL_PEPPER/,
    ],
  ])('%s', (_what, change, message) => {
    const lines = refusals({ ...deployment, ...change });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
    expect(lines[0]).not.toContain('\n');
  });

  it('starts with a key of its own', () => {
    expect(refusals(deployment)).toEqual([]);
  });
});

describe("a payout rail's LIVE address is refused at start-up, in one line naming it", () => {
  it.each([
    ['BKASH_DISBURSEMENT_LIVE_URL', { BKASH_DISBURSEMENT_LIVE_URL: 'http://checkout.pay.bka.sh' }],
    ['BKASH_DISBURSEMENT_LIVE_URL', { BKASH_DISBURSEMENT_LIVE_URL: 'https://checkout.sandbox.bka.sh' }],
    [
      'NAGAD_DISBURSEMENT_LIVE_URL',
      { NAGAD_DISBURSEMENT_LIVE_URL: 'https://simulators:8081/nagad-disbursement' },
    ],
    [
      'NAGAD_DISBURSEMENT_LIVE_URL',
      {
        NAGAD_DISBURSEMENT_LIVE_URL: 'https://rails.example.net/live',
        NAGAD_DISBURSEMENT_SANDBOX_URL: 'https://rails.example.net/sim',
      },
    ],
    ['BANK_LIVE_URL', { BANK_LIVE_URL: 'https://10.0.0.5/h2h' }],
    [
      'BANK_LIVE_URL',
      { BANK_LIVE_URL: 'https://h2h.bank.example/h2h', BANK_SANDBOX_URL: 'https://h2h.bank.example/test' },
    ],
  ])('%s', (setting, change) => {
    const lines = refusals({ ...deployment, ...change });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^${setting}: `));
    expect(lines[0]).not.toContain('\n');
  });

  it('starts with the rails on their live hosts', () => {
    expect(
      refusals({
        ...deployment,
        BKASH_DISBURSEMENT_LIVE_URL: 'https://checkout.pay.bka.sh',
        NAGAD_DISBURSEMENT_LIVE_URL: 'https://api.mynagad.com/disbursement',
        BANK_LIVE_URL: 'https://h2h.bank.example/h2h',
      }),
    ).toEqual([]);
  });
});

describe('the legacy pepper-derived key can be retired', () => {
  it('a deployment retires it unless it says accepted; accepted opens values sealed the first way', () => {
    const sealed = sealTheFirstWay('whsec_old', PEPPER);
    const byDefault = keyringFromConfig(loadStartupConfig(deployment).config);
    expect(() => byDefault.open(sealed, 'any context')).toThrow(SealedValueError);
    expect(byDefault.holds('legacy')).toBe(false);
    const accepted = keyringFromConfig(
      loadStartupConfig({ ...deployment, SEALING_LEGACY_KEY: 'accepted' }).config,
    );
    expect(accepted.open(sealed, 'any context')).toBe('whsec_old');
    const retired = keyringFromConfig(
      loadStartupConfig({ ...deployment, SEALING_LEGACY_KEY: 'retired' }).config,
    );
    expect(() => retired.open(sealed, 'any context')).toThrow(SealedValueError);
    expect(retired.holds('legacy')).toBe(false);
    expect(refusals({ ...deployment, SEALING_LEGACY_KEY: 'gone' })[0]).toMatch(/^SEALING_LEGACY_KEY: /);
  });

  it('the development stack keeps accepting it unless told otherwise', () => {
    const sealed = sealTheFirstWay('whsec_old', PEPPER);
    const stack = { ...deployment, ...developmentStackEnv, CREDENTIAL_PEPPER: PEPPER };
    expect(keyringFromConfig(loadStartupConfig(stack).config).open(sealed, 'any context')).toBe('whsec_old');
    const retired = keyringFromConfig(loadStartupConfig({ ...stack, SEALING_LEGACY_KEY: 'retired' }).config);
    expect(() => retired.open(sealed, 'any context')).toThrow(SealedValueError);
  });
});

describe('OI_PAYMENTS_STACK=development is honoured only with proof of who started the process', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'oi-stack-proof-'));
  });
  afterEach(() => {
    revokeDevelopmentStackProofs();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const stack = {
    CREDENTIAL_PEPPER: PEPPER,
    SEALING_KEYS: deployment.SEALING_KEYS,
    PUBLIC_URL: 'http://localhost:8080',
    OPERATOR_SECOND_FACTOR: 'optional',
  };

  it('refuses the setting alone, as a deployment that copied it would have it', () => {
    const lines = refusals({ ...stack, DATA_DIR: dataDir, OI_PAYMENTS_STACK: 'development' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^OI_PAYMENTS_STACK: is set without OI_PAYMENTS_STACK_PROOF/);
  });

  it('refuses a made-up proof', () => {
    const env = { DATA_DIR: dataDir, OI_PAYMENTS_STACK: 'development', OI_PAYMENTS_STACK_PROOF: 'guess' };
    expect(developmentStackProblem(env)).toMatch(
      /^OI_PAYMENTS_STACK: OI_PAYMENTS_STACK_PROOF names no proof/,
    );
  });

  it('takes the proof its starter issued under DATA_DIR, and the relaxations with it', () => {
    const proof = issueDevelopmentStackProof(dataDir);
    expect(refusals({ ...stack, DATA_DIR: dataDir, ...proof })).toEqual([]);
    // Under another data directory the same token proves nothing.
    const elsewhere = mkdtempSync(path.join(tmpdir(), 'oi-stack-proof-'));
    try {
      expect(developmentStackProblem({ DATA_DIR: elsewhere, ...proof })).toMatch(/names no proof/);
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it('refuses a proof others can read', () => {
    const proof = issueDevelopmentStackProof(dataDir);
    const directory = path.join(dataDir, 'development-stack');
    for (const file of readdirSync(directory)) chmodSync(path.join(directory, file), 0o644);
    expect(developmentStackProblem({ DATA_DIR: dataDir, ...proof })).toMatch(/readable by others/);
  });

  it('refuses a proof whose starter has ended', async () => {
    // A starter in a process of its own, which issues a proof, prints it and exits.
    const issuer = `
      const { issueDevelopmentStackProof } = require('./platform/config/development-stack.ts');
      const proof = issueDevelopmentStackProof(process.argv[1]);
      process.removeAllListeners('exit');
      console.log(proof.OI_PAYMENTS_STACK_PROOF);`;
    const token = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, ['--require', 'tsx/cjs', '-e', issuer, dataDir], {
        cwd: path.resolve(__dirname, '..', '..', '..'),
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.on('error', reject);
      child.on('close', () => resolve(out.trim()));
    });
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const env = { DATA_DIR: dataDir, OI_PAYMENTS_STACK: 'development', OI_PAYMENTS_STACK_PROOF: token };
    expect(developmentStackProblem(env)).toMatch(/no longer running/);
  });

  it('removes its proofs when revoked', () => {
    const proof = issueDevelopmentStackProof(dataDir);
    revokeDevelopmentStackProofs();
    expect(developmentStackProblem({ DATA_DIR: dataDir, ...proof })).toMatch(/names no proof/);
  });
});
