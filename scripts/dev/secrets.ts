import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { devSealingKeys } from './sealing-keys.js';

export const developmentPepperFile = (dataDir: string) => path.join(dataDir, 'credential-pepper');

/**
 * The CREDENTIAL_PEPPER of `npm start` when none is set: 32 random bytes made once under the data
 * directory (readable only by its owner) and kept, like the demo app's credentials, so what it
 * hashed stays valid across restarts. No published development secret exists: a deployment that
 * forgets its own is refused rather than running on one anyone can read.
 */
export function developmentPepper(dataDir: string): string {
  const file = developmentPepperFile(dataDir);
  try {
    const saved = readFileSync(file, 'utf8').trim();
    if (saved) return saved;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dataDir, { recursive: true });
  const pepper = randomBytes(32).toString('base64url');
  writeFileSync(file, `${pepper}\n`, { mode: 0o600 });
  // `mode` applies only when the file is created.
  chmodSync(file, 0o600);
  return pepper;
}

/** The settings that make a process part of the development stack (platform/config/deployment.ts). */
export function developmentStackEnvironment(env: NodeJS.ProcessEnv, dataDir: string): NodeJS.ProcessEnv {
  return {
    OI_PAYMENTS_STACK: 'development',
    CREDENTIAL_PEPPER: env.CREDENTIAL_PEPPER?.trim() ? env.CREDENTIAL_PEPPER : developmentPepper(dataDir),
    SEALING_KEYS: env.SEALING_KEYS?.trim() ? env.SEALING_KEYS : devSealingKeys(dataDir),
  };
}
