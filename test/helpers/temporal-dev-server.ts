import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { hangGuardDeadline } from './patience.js';
import { startOnDrawnPorts } from './port-draws.js';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { SEARCH_ATTRIBUTE_FLAGS } from '../../platform/temporal/search-attributes.js';

/**
 * Starts `temporal server start-dev` (in memory, headless) and waits until it answers. Its log goes
 * to a file, not the test run's output: a server still shutting down after the last suite must not
 * print after the run's closing tally. The file's tail explains a server that did not start.
 *
 * The CLI cannot take a port of the kernel's choosing and say which: its port is drawn, claimed
 * against every other suite (test/helpers/port-draws.ts), and when the server finds that address
 * (or one of the ports it picks for itself) in use, it is started again on another.
 */
export async function startTemporalDevServer(
  cli: string,
): Promise<{ address: string; process: ChildProcess }> {
  const { started } = await startOnDrawnPorts('the Temporal dev server', 1, ([port]) =>
    startOnPort(cli, port!),
  );
  return started;
}

async function startOnPort(cli: string, port: number): Promise<{ address: string; process: ChildProcess }> {
  const args = [
    'server',
    'start-dev',
    '--port',
    String(port),
    '--headless',
    '--log-level',
    'error',
    ...SEARCH_ATTRIBUTE_FLAGS.flatMap((flag) => ['--search-attribute', flag]),
    '--dynamic-config-value',
    'frontend.enableUpdateWorkflowExecution=true',
    '--dynamic-config-value',
    'frontend.enableUpdateWorkflowExecutionAsyncAccepted=true',
  ];
  const logFile = path.join(tmpdir(), `oi-payments-temporal-${port}.log`);
  const log = openSync(logFile, 'w');
  const child = spawn(cli, args, { stdio: ['ignore', log, log], detached: false });
  closeSync(log);
  const logTail = () => readFileSync(logFile, 'utf8').slice(-2000);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const address = `127.0.0.1:${port}`;
  const deadline = hangGuardDeadline(30_000);
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`temporal dev server exited with ${child.exitCode ?? child.signalCode}:\n${logTail()}`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      await connection.workflowService.getSystemInfo({});
      await connection.close();
      // Another program on the port would answer too: the server must still be running.
      if (child.exitCode !== null || child.signalCode !== null) continue;
      return { address, process: child };
    } catch (error) {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        await exited;
        throw new Error(`temporal dev server did not start: ${String(error)}\n${logTail()}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}
