import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { Connection } from '@temporalio/client';
import {
  CLI_TYPE_NAMES,
  SEARCH_ATTRIBUTE_FLAGS,
  SEARCH_ATTRIBUTES,
} from '../../platform/temporal/search-attributes.js';
import { findTemporalCli } from '../temporal-binaries.js';
import { LauncherError } from './errors.js';
import { temporalAnswers } from './probes.js';
import type { ProcessSupervisor } from './processes.js';
import { TEMPORAL_DEV_PORTS } from './settings.js';
import { waitFor } from './wait.js';

const run = promisify(execFile);

function devServerArgs(dataDir: string, namespace: string): string[] {
  return [
    'server',
    'start-dev',
    '--db-filename',
    path.join(dataDir, 'temporal', 'temporal.db'),
    '--port',
    String(TEMPORAL_DEV_PORTS.grpc),
    '--ui-port',
    String(TEMPORAL_DEV_PORTS.ui),
    '--ip',
    '127.0.0.1',
    '--log-level',
    'warn',
    '--namespace',
    namespace,
    ...SEARCH_ATTRIBUTE_FLAGS.flatMap((flag) => ['--search-attribute', flag]),
    '--dynamic-config-value',
    'frontend.enableUpdateWorkflowExecution=true',
    '--dynamic-config-value',
    'frontend.enableUpdateWorkflowExecutionAsyncAccepted=true',
    // WAL lets the UI read while workflows write; NORMAL is still crash-safe in WAL mode.
    '--sqlite-pragma',
    'journal_mode=WAL',
    '--sqlite-pragma',
    'synchronous=NORMAL',
  ];
}

/**
 * The dev server registers `--search-attribute`s only when it creates its database, so on later
 * starts the attributes added to the workflows' list since then are created here. One registered
 * with another type is left as it is: the API and worker refuse to start and say how to mend it.
 */
async function ensureSearchAttributes(cli: string, address: string, namespace: string): Promise<void> {
  const connection = await Connection.connect({ address });
  let existing: Set<string>;
  try {
    const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
    existing = new Set(Object.keys(customAttributes ?? {}));
  } finally {
    await connection.close();
  }
  for (const { name, type } of SEARCH_ATTRIBUTES) {
    if (existing.has(name)) continue;
    const args = ['operator', 'search-attribute', 'create', '--address', address, '--namespace', namespace];
    try {
      await run(cli, [...args, '--name', name, '--type', CLI_TYPE_NAMES[type]]);
    } catch (error) {
      const output = `${(error as { stderr?: string }).stderr ?? ''} ${(error as Error).message}`;
      if (!/already exists/i.test(output))
        throw new Error(`could not create search attribute ${name}: ${output.trim()}`);
    }
  }
}

/** Starts `temporal server start-dev` persisted under `<dataDir>/temporal`; resolves to its address. */
export async function startTemporalDevServer(
  processes: ProcessSupervisor,
  options: { dataDir: string; namespace: string },
): Promise<string> {
  let cli: string;
  try {
    cli = findTemporalCli();
  } catch (error) {
    throw new LauncherError(`${(error as Error).message}; or set TEMPORAL_ADDRESS to use a running Temporal`);
  }
  mkdirSync(path.join(options.dataDir, 'temporal'), { recursive: true });
  const server = processes.start(
    'temporal',
    cli,
    devServerArgs(options.dataDir, options.namespace),
    process.env,
    {
      // Its internal workers log a burst of connection warnings while it stops; they mean nothing here.
      quietWhileStopping: true,
    },
  );
  const address = `127.0.0.1:${TEMPORAL_DEV_PORTS.grpc}`;
  await waitFor('Temporal dev server', () => temporalAnswers(address), {
    process: server,
    timeoutMs: 60_000,
  });
  await ensureSearchAttributes(cli, address, options.namespace);
  return address;
}
