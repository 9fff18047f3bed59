import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { HISTORY_FIXTURES } from '../helpers/history-fixtures.js';
import { quietTemporalRuntime } from '../helpers/quiet-temporal-runtime.js';
import { requireEnv, testEnv } from '../helpers/test-env.js';

/**
 * Workflow code must stay deterministic across releases: every committed history replays
 * against the current code. How a change that alters history is released, and how fixtures are
 * recorded: docs/workflow-versioning.md.
 */
describe('replay of recorded workflow histories', () => {
  const fixtures = readdirSync(HISTORY_FIXTURES).filter((f) => f.endsWith('.json'));
  beforeAll(quietTemporalRuntime);

  it('has recorded histories', () => {
    expect(fixtures.length).toBeGreaterThan(0);
  });

  it.each(fixtures)('%s replays without nondeterminism', async (file) => {
    const history = JSON.parse(readFileSync(path.join(HISTORY_FIXTURES, file), 'utf8'));
    await Worker.runReplayHistory(
      { workflowBundle: { codePath: requireEnv(testEnv.workflowBundle) } },
      history,
      file,
    );
  });
});
