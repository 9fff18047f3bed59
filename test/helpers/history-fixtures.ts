import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { findTemporalCli } from '../../scripts/temporal-binaries.js';
import { requireEnv, testEnv } from './test-env.js';

export const HISTORY_FIXTURES = path.resolve(__dirname, '..', 'fixtures', 'histories');

/**
 * With UPDATE_HISTORY_FIXTURES=1, saves a finished workflow's history (as the Temporal CLI
 * exports it) as a fixture; the replay test then proves that today's workflow code still
 * reproduces the histories of earlier runs.
 */
export async function recordHistoryFixture(workflowId: string, name: string): Promise<void> {
  if (process.env.UPDATE_HISTORY_FIXTURES !== '1') return;
  const json = execFileSync(
    findTemporalCli(),
    [
      'workflow',
      'show',
      '--workflow-id',
      workflowId,
      '--address',
      requireEnv(testEnv.temporalAddress),
      '--output',
      'json',
    ],
    { encoding: 'utf8' },
  );
  writeFileSync(path.join(HISTORY_FIXTURES, `${name}.json`), json);
}
