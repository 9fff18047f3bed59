import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { SEARCH_ATTRIBUTE_FLAGS } from '../../platform/temporal/search-attributes.js';
import { findTemporalCli } from '../temporal-binaries.js';
import { freePort, sleep, spawnChild, stopChild, type Child } from './processes.js';

export interface TemporalServer {
  address: string;
  child: Child;
  cliVersion: string;
}

/** How many ports a start tries when the server finds an address it needs already taken. */
const PORT_ATTEMPTS = 5;
/** What the server logs when a port it was given, or picked for itself, was taken first. */
const ADDRESS_IN_USE = 'address already in use';

/**
 * `temporal server start-dev`, headless, with the search attributes the payment workflow sets.
 * 'memory' keeps history in an in-memory SQLite (the default); 'file' uses a temporary SQLite file
 * in WAL mode, closer to a disk-backed server.
 *
 * The CLI takes its gRPC port from us and picks its HTTP API's for itself; another process on the
 * machine (a test suite beside this one) can take either before the server binds it. The server
 * then logs that the address is in use, and it is started again on another port, a few times at
 * most. A restart on a fixed port (`fixedPort`) has no other port to go to and fails instead.
 */
export async function startTemporal(
  store: 'memory' | 'file',
  dynamicConfig: string[],
  workDir: string,
  logDir: string,
  /** A restart on the same store keeps its port, so clients reconnect to it. */
  fixedPort?: number,
  /** The first attempt's port when none is fixed (a taken one, in its test); later ones are free. */
  firstPort?: number,
): Promise<TemporalServer> {
  const cli = findTemporalCli();
  const cliVersion = execFileSync(cli, ['--version'], { encoding: 'utf8' }).trim();
  for (let attempt = 1; ; attempt += 1) {
    const port = fixedPort ?? (attempt === 1 ? firstPort : undefined) ?? (await freePort());
    const started = await startOnPort({ cli, store, dynamicConfig, workDir, logDir, port });
    if (started !== 'address in use') return { ...started, cliVersion };
    if (fixedPort !== undefined || attempt >= PORT_ATTEMPTS) {
      throw new Error(
        `temporal dev server could not listen: an address it needs was in use, ${attempt} time(s); see ${logDir}/temporal.log`,
      );
    }
  }
}

interface StartOnPort {
  cli: string;
  store: 'memory' | 'file';
  dynamicConfig: string[];
  workDir: string;
  logDir: string;
  port: number;
}

async function startOnPort(
  options: StartOnPort,
): Promise<Omit<TemporalServer, 'cliVersion'> | 'address in use'> {
  const { cli, store, dynamicConfig, workDir, logDir, port } = options;
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
  // Every attempt appends to the same log: this one's lines start where the file ends now.
  const logFile = path.join(logDir, 'temporal.log');
  const logStart = existsSync(logFile) ? statSync(logFile).size : 0;
  const addressInUse = () => {
    // The log is opened as the server starts: until then it has said nothing.
    if (!existsSync(logFile)) return false;
    return readFileSync(logFile).subarray(logStart).toString('utf8').includes(ADDRESS_IN_USE);
  };
  const spawned = spawnChild('temporal', cli, args, process.env, logDir);
  const child: Child = { ...spawned, workPid: spawned.process.pid! };
  const address = `127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  let last: unknown = 'search attributes not registered';
  for (;;) {
    if (addressInUse()) {
      await stopChild(child);
      return 'address in use';
    }
    if (child.exited) throw new Error(`temporal dev server exited at start; see ${child.logFile}`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await connection.workflowService.getSystemInfo({});
        // Search attributes are registered asynchronously after the frontend answers.
        const registered = await connection.operatorService.listSearchAttributes({ namespace: 'default' });
        const custom = Object.keys(registered.customAttributes ?? {});
        const wanted = SEARCH_ATTRIBUTE_FLAGS.map((flag) => flag.split('=')[0]!);
        if (wanted.every((name) => custom.includes(name))) return { address, child };
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
