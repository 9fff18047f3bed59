import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnChild, stopChild, type Child } from '../../../scripts/bench/processes.js';
import { openRelay, portFileIn, reportedPortOf, startOnFreePort } from '../../../scripts/drill/addresses.js';
import { eventually } from '../../helpers/eventually.js';

/** A port this test holds: bound and listening until `close`. */
async function heldPort(): Promise<{ port: number; server: Server }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as { port: number }).port, server };
}

/** An HTTP server this test holds, answering `body`. */
async function answering(body: string): Promise<{ port: number; close: () => Promise<void> }> {
  const server = createHttpServer((_req, res) => res.end(body));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A Node process serving HTTP on the port it is given, or on 0 reporting it to `portFile`. */
function nodeServer(workDir: string, name: string, port: number, portFile?: string): Child {
  const source = `
    const server = require('node:http').createServer((_q, s) => s.end('${name}'));
    server.listen(${port}, '127.0.0.1', () => {
      const file = ${JSON.stringify(portFile ?? '')};
      if (file) require('node:fs').writeFileSync(file, String(server.address().port));
    });
    process.on('SIGTERM', () => process.exit(0));`;
  const child = spawnChild(name, process.execPath, ['-e', source], {}, workDir);
  return Object.assign(child, { workPid: child.process.pid! });
}

/** A socket that accepts and never answers (the held port) fails the read instead of hanging it. */
const read = async (url: string) =>
  (await fetch(url, { headers: { connection: 'close' }, signal: AbortSignal.timeout(2_000) })).text();

/**
 * How the drills give their processes addresses without handing a port from one process to
 * another (scripts/drill/addresses.ts): relays the drill holds, ports the processes report, and a
 * program that cannot report its port started again when the one it was told was taken.
 */
describe('the drills’ addresses', () => {
  let workDir: string;
  const children: Child[] = [];

  beforeAll(() => {
    workDir = mkdtempSync(path.join(tmpdir(), 'oi-drill-addresses-'));
  });
  afterAll(async () => {
    await Promise.all(children.map((child) => stopChild(child)));
    rmSync(workDir, { recursive: true, force: true });
  });

  it('keeps its address while what serves behind it changes', async () => {
    const [first, second] = [await answering('first'), await answering('second')];
    const relay = await openRelay();
    try {
      relay.routeTo([first.port]);
      expect(await read(relay.url)).toBe('first');
      relay.routeTo([second.port]);
      expect(await read(relay.url)).toBe('second');
      relay.routeTo([]);
      await expect(read(relay.url)).rejects.toThrow();
    } finally {
      await relay.close();
      await Promise.all([first.close(), second.close()]);
    }
  });

  it('reads the port a process reports, and says so when it exits first', async () => {
    const portFile = portFileIn(workDir, 'reporting');
    const reporting = nodeServer(workDir, 'reporting', 0, portFile);
    children.push(reporting);
    const port = await reportedPortOf(reporting, portFile, 60_000);
    expect(await read(`http://127.0.0.1:${port}`)).toBe('reporting');

    const failing = spawnChild('failing', process.execPath, ['-e', 'process.exit(3)'], {}, workDir);
    await expect(
      reportedPortOf(
        Object.assign(failing, { workPid: failing.process.pid! }),
        portFileIn(workDir, 'failing'),
        60_000,
      ),
    ).rejects.toThrow(/failing exited before it listened/);
  });

  it('starts a program that cannot report its port again on another when the first is taken', async () => {
    const held = await heldPort();
    try {
      let attempts = 0;
      const started = await startOnFreePort(
        async (port) => {
          attempts += 1;
          const child = nodeServer(workDir, `told-${attempts}`, port);
          children.push(child);
          return child;
        },
        async (port, child) => {
          await eventually(
            async () =>
              child.exited ||
              (await read(`http://127.0.0.1:${port}`).then(
                (body) => body.startsWith('told-'),
                () => false,
              )),
          );
        },
        held.port,
      );
      expect(attempts).toBe(2);
      expect(started.port).not.toBe(held.port);
      expect(await read(`http://127.0.0.1:${started.port}`)).toBe('told-2');
    } finally {
      held.server.close();
    }
  });
});
