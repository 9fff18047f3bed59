import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { SEARCH_ATTRIBUTE_FLAGS } from '../../platform/temporal/search-attributes.js';
import { findTemporalCli } from '../temporal-binaries.js';
import { freePort, sleep, spawnChild, type Child } from './processes.js';

export interface TemporalServer {
  address: string;
  child: Child;
  cliVersion: string;
}

/**
 * `temporal server start-dev`, headless, with the search attributes the payment workflow sets.
 * 'memory' keeps history in an in-memory SQLite (the default); 'file' uses a temporary SQLite file
 * in WAL mode, closer to a disk-backed server.
 */
export async function startTemporal(
  store: 'memory' | 'file',
  dynamicConfig: string[],
  workDir: string,
  logDir: string,
  /** A restart on the same store keeps its port, so clients reconnect to it. */
  fixedPort?: number,
): Promise<TemporalServer> {
  const cli = findTemporalCli();
  const cliVersion = execFileSync(cli, ['--version'], { encoding: 'utf8' }).trim();
  const port = fixedPort ?? (await freePort());
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    '--headless',
    '--log-level',
    'warn',
    ...SEARCH_ATTRIBUTE_FLAGS.flatMap((flag) => ['--search-attribute', flag]),
    // The checkout's openCheckout/cancelCheckout are workflow updates.
    '--dynamic-config-value',
    'frontend.enableUpdateWorkflowExecution=true',
    '--dynamic-config-value',
    'frontend.enableUpdateWorkflowExecutionAsyncAccepted=true',
  ];
  for (const pair of dynamicConfig) args.push('--dynamic-config-value', pair);
  if (store === 'file') {
    args.push(
      '--db-filename',
      path.join(workDir, 'temporal.sqlite'),
      '--sqlite-pragma',
      'journal_mode=wal',
      '--sqlite-pragma',
      'synchronous=normal',
    );
  }
  const spawned = spawnChild('temporal', cli, args, process.env, logDir);
  const child: Child = { ...spawned, workPid: spawned.process.pid! };
  const address = `127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  let last: unknown = 'search attributes not registered';
  for (;;) {
    if (child.exited) throw new Error(`temporal dev server exited at start; see ${child.logFile}`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await connection.workflowService.getSystemInfo({});
        // Search attributes are registered asynchronously after the frontend answers.
        const registered = await connection.operatorService.listSearchAttributes({ namespace: 'default' });
        const custom = Object.keys(registered.customAttributes ?? {});
        const wanted = SEARCH_ATTRIBUTE_FLAGS.map((flag) => flag.split('=')[0]!);
        if (wanted.every((name) => custom.includes(name))) return { address, child, cliVersion };
      } finally {
        await connection.close();
      }
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`temporal dev server did not start: ${String(last)}`);
    await sleep(200);
  }
}
