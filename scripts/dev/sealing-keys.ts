import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { newSealingKeyEntry } from '../../platform/sealing/secret-box.js';

export const sealingKeysFile = (dataDir: string) => path.join(dataDir, 'sealing-keys');

/**
 * The SEALING_KEYS of `npm start` when none is set: a key drawn at random once into
 * `<dataDir>/sealing-keys` (readable only by its owner), then reused, so what the local database
 * holds sealed keeps opening across restarts. A bad file is reported as SEALING_KEYS by config.
 */
export function devSealingKeys(dataDir: string): string {
  const file = sealingKeysFile(dataDir);
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    const id = `dev-${new Date().toISOString().slice(0, 10).replaceAll('-', '')}`;
    writeFileSync(file, `${newSealingKeyEntry(id)}\n`, { mode: 0o600 });
    // `mode` applies only when the file is created.
    chmodSync(file, 0o600);
  }
  return readFileSync(file, 'utf8').trim();
}
