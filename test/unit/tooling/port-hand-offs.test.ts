import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const THIS_FILE = path.relative(ROOT, __filename);

/**
 * The suites' rule (docs/testing.md, "Ports"): no test chooses a port and hands it to a process
 * that binds it later, where another suite or socket can take it in between. Our own processes
 * listen on a port the kernel picks and report it (test/helpers/reported-port.ts); only the
 * programs that cannot (Temporal's dev server, PostgreSQL, Caddy, sshd) get drawn ports, claimed
 * against every suite and started again when in use (test/helpers/port-draws.ts).
 */

/** Where drawn ports may be used: the helpers of the programs that cannot report a port, and the suites about those programs' own ports. */
const MAY_DRAW_PORTS = new Set([
  'test/helpers/port-draws.ts',
  // Its own test.
  'test/unit/tooling/port-draws.test.ts',
  'test/helpers/temporal-dev-server.ts',
  'test/helpers/embedded-postgres.ts',
  'test/helpers/caddy.ts',
  'test/helpers/sftp-server.ts',
  // npm start's PostgreSQL on TCP, two on one port and a port clash, is what it is about.
  'test/integration/tooling/embedded-postgres-isolation.test.ts',
  // A port nothing listens on (`closedPort`), for a refused connection.
  'test/integration/webhooks/webhook-failure-reasons.test.ts',
  'test/integration/reports/sftp-delivery.test.ts',
]);

/**
 * A port found free and given up again: the kernel's pick read and the socket closed (a helper
 * like `freePort`, `freeLocalPort` or `closedPort` of old), or a probe server closed once its
 * port is kept. The port is someone else's the moment after.
 */
const HAND_OFFS: Array<{ what: string; pattern: RegExp }> = [
  { what: 'a helper named freePort or freeLocalPort', pattern: /\bfree(Local)?Port\b/ },
  {
    what: 'a socket listening on 0 closed, its port kept',
    pattern:
      /listen\(\s*0\b[\s\S]{0,300}?\bport\b[\s\S]{0,200}?close\([\s\S]{0,80}?(resolve|return)\s*\(?\s*\w*port\b/i,
  },
  {
    what: 'a probe server closed, its port kept',
    pattern: /=\s*\w+\.port;\s*(\/\/[^\n]*\n\s*)*await close\(/,
  },
];

/** Where the suites' code lives: the tests, and the drills they run (scripts/drill). */
const SUITE_CODE = ['test', path.join('scripts', 'drill')];

/**
 * The drills' one place that finds a port free for a program that cannot name its own (a
 * previous release's API), and starts it again on another when the port was taken first.
 */
const DRILL_FREE_PORTS = 'scripts/drill/addresses.ts';

function testSources(): string[] {
  return SUITE_CODE.flatMap((dir) =>
    readdirSync(path.join(ROOT, dir), { withFileTypes: true, recursive: true })
      .filter((entry) => entry.isFile() && /\.(ts|js|mjs|cjs)$/.test(entry.name))
      .map((entry) => path.relative(ROOT, path.join(entry.parentPath, entry.name))),
  ).filter((file) => file !== THIS_FILE);
}

const handOffsIn = (source: string) =>
  HAND_OFFS.filter(({ pattern }) => pattern.test(source)).map((h) => h.what);

describe('ports handed from one process to another', () => {
  it('finds the hand-offs the suites used to make (the check itself works)', () => {
    // The helpers this rule replaced, as they were written.
    const freePort = `export async function freePort(): Promise<number> {
      return new Promise((resolve, reject) => {
        const server = createServer();
        server.listen(0, '127.0.0.1', () => {
          const { port } = server.address() as { port: number };
          server.close(() => resolve(port));
        });
      });
    }`;
    const closedPort = `async function closedPort(): Promise<number> {
      const server = createServer();
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as { port: number };
      await new Promise<void>((resolve) => server.close(() => resolve()));
      return port;
    }`;
    const probe = `const probe = await listen((_req, res) => res.end());
      port = probe.port;
      await close(probe.server);`;
    expect(handOffsIn(freePort)).toContain('a helper named freePort or freeLocalPort');
    expect(handOffsIn(freePort.replace('freePort', 'anyPort'))).toEqual([
      'a socket listening on 0 closed, its port kept',
    ]);
    expect(handOffsIn(closedPort)).toEqual(['a socket listening on 0 closed, its port kept']);
    expect(handOffsIn(probe)).toEqual(['a probe server closed, its port kept']);
    // A server a test listens on and keeps is no hand-off.
    expect(
      handOffsIn(`server.listen(0, '127.0.0.1');
        await once(server, 'listening');
        const { port } = server.address() as AddressInfo;
        return { server, url: \`http://127.0.0.1:\${port}\`, port };`),
    ).toEqual([]);
  });

  it('has no test or drill choose a port for a process that binds it later', () => {
    const found = testSources()
      .filter((file) => file !== DRILL_FREE_PORTS)
      .flatMap((file) =>
        handOffsIn(readFileSync(path.join(ROOT, file), 'utf8')).map((what) => `${file}: ${what}`),
      );
    expect(found).toEqual([]);
    // The drills' free port comes with the restart on another, as a drawn port does.
    expect(readFileSync(path.join(ROOT, DRILL_FREE_PORTS), 'utf8')).toMatch(/EADDRINUSE[\s\S]*PORT_ATTEMPTS/);
  });

  it('draws ports only for the programs that cannot report one', () => {
    const drawing = testSources().filter((file) =>
      /from '[./]*(helpers\/)?port-draws\.js'|\bdrawPort\(/.test(readFileSync(path.join(ROOT, file), 'utf8')),
    );
    expect(drawing.filter((file) => !MAY_DRAW_PORTS.has(file))).toEqual([]);
    // Outside the module, a drawn port comes with the retry that starts the program again.
    const bare = testSources().filter(
      (file) =>
        !['test/helpers/port-draws.ts', 'test/unit/tooling/port-draws.test.ts'].includes(file) &&
        /\bdrawPort\(/.test(readFileSync(path.join(ROOT, file), 'utf8')),
    );
    expect(bare).toEqual([]);
  });
});
