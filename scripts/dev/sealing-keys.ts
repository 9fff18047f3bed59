import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { newSealingKeyEntry, parseSealingKeys, type SealingKey } from '../../domain/secret-box.js';
import { ConfigError } from '../../config/index.js';

export const sealingKeysFile = (dataDir: string) => path.join(dataDir, 'sealing-keys');

/** The keys `npm start` saved in `dataDir`, or null when it saved none. */
export function savedDevSealingKeys(dataDir: string): { text: string; keys: SealingKey[] } | null {
  const file = sealingKeysFile(dataDir);
  if (!existsSync(file)) return null;
  const text = readFileSync(file, 'utf8').trim();
  const parsed = parseSealingKeys(text);
  if (!parsed.ok) {
    throw new ConfigError([
      `SEALING_KEYS: ${file} does not hold valid keys; delete it to generate a new one`,
    ]);
  }
  return { text, keys: parsed.keys };
}

/**
 * The SEALING_KEYS `npm start` gives its processes when the user set none: generated once at
 * random into `<dataDir>/sealing-keys` (readable only by its owner), then reused, so what the
 * local database holds sealed keeps opening across restarts.
 */
export function devSealingKeys(dataDir: string): { text: string; keys: SealingKey[] } {
  const file = sealingKeysFile(dataDir);
  if (!existsSync(file)) {
    const generated = newSealingKeyEntry(`dev-${new Date().toISOString().slice(0, 10).replaceAll('-', '')}`);
    writeFileSync(file, `${generated}\n`, { mode: 0o600 });
    // `mode` applies only when the file is created.
    chmodSync(file, 0o600);
  }
  return savedDevSealingKeys(dataDir)!;
}
