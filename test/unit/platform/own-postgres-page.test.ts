import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadMigrationSettings, loadStartupConfig } from '../../../platform/config/startup.js';

const PAGE = path.resolve(__dirname, '..', '..', '..', 'docs', 'operations', 'own-postgres-and-temporal.md');

/**
 * The production settings the page shows (its first `export` block), as an SRE copies them: each
 * `…` and `$(openssl rand -base64 32)` filled in as the comments say.
 */
function pageSettings(): { exports: Record<string, string>; ownerUrl: string } {
  const text = readFileSync(PAGE, 'utf8');
  const block = /```sh\n(OWNER_URL=[\s\S]*?)```/.exec(text)?.[1];
  if (!block) throw new Error('the page has no production block starting with OWNER_URL');
  const value = (raw: string) =>
    raw
      .replace(/^"|"$/g, '')
      .replace('$(openssl rand -base64 32)', randomBytes(32).toString('base64'))
      .replace(/^…$/, randomBytes(32).toString('base64'));
  const exports: Record<string, string> = {};
  let ownerUrl = '';
  for (const line of block.split('\n')) {
    const setting = /^(export )?([A-Z_]+)=("[^"]*"|\S+)/.exec(line);
    if (!setting) continue;
    if (setting[1]) exports[setting[2]!] = value(setting[3]!);
    else if (setting[2] === 'OWNER_URL') ownerUrl = value(setting[3]!);
  }
  return { exports, ownerUrl };
}

describe('the own PostgreSQL and Temporal page', () => {
  it('shows settings the API and the worker start with, as written', () => {
    const { exports } = pageSettings();
    expect(Object.keys(exports)).toEqual(expect.arrayContaining(['DATABASE_URL', 'CREDENTIAL_PEPPER']));
    expect(() => loadStartupConfig({ ...exports, NODE_ENV: 'production' }, { quiet: true })).not.toThrow();
  });

  it('migrates with the owner URL alone', () => {
    const { ownerUrl } = pageSettings();
    expect(loadMigrationSettings({ DATABASE_URL: ownerUrl })).toEqual({ databaseUrl: ownerUrl });
  });
});
