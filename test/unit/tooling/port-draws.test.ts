import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import {
  ADDRESS_IN_USE,
  PORT_CLAIMS_DIR,
  claimPort,
  drawPort,
  startOnDrawnPorts,
} from '../../helpers/port-draws.js';

/**
 * Ports for the programs that cannot report one (Temporal's dev server, PostgreSQL, Caddy):
 * exclusive across every suite of a run through claim files, and a program that finds its port in
 * use started again on another (test/helpers/port-draws.ts).
 */
describe('drawn ports', () => {
  const claimOf = (port: number) => path.join(PORT_CLAIMS_DIR, String(port));

  it('claims each drawn port for this process until released, and never draws one twice meanwhile', async () => {
    const drawn = await Promise.all(Array.from({ length: 20 }, () => drawPort()));
    const ports = drawn.map((d) => d.port);
    expect(new Set(ports).size).toBe(ports.length);
    const [low] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
      .trim()
      .split(/\s+/)
      .map(Number);
    for (const port of ports) {
      expect(port).toBeLessThan(low!);
      expect(readFileSync(claimOf(port), 'utf8')).toBe(String(process.pid));
      // Held: neither this process nor another may claim it again.
      expect(claimPort(port)).toBeNull();
    }
    for (const d of drawn) d.release();
    for (const port of ports) expect(existsSync(claimOf(port))).toBe(false);
  });

  it("leaves a live process's claim alone and takes over one whose process is gone", async () => {
    const { port, release } = await drawPort();
    release();
    // Another live process's claim (this test's parent stands in for one).
    writeFileSync(claimOf(port), String(process.ppid));
    expect(claimPort(port)).toBeNull();
    // A process that has exited.
    const gone = spawnSync(process.execPath, [
      '-e',
      'process.stdout.write(String(process.pid))',
    ]).stdout.toString();
    writeFileSync(claimOf(port), gone);
    const taken = claimPort(port);
    expect(taken?.port).toBe(port);
    expect(readFileSync(claimOf(port), 'utf8')).toBe(String(process.pid));
    taken!.release();
  });

  it('starts a program again on other ports when it finds its address in use, and only then', async () => {
    const tried: number[][] = [];
    const { started, ports, release } = await startOnDrawnPorts('a program', 2, async (drawn) => {
      tried.push(drawn);
      if (tried.length < 3) throw new Error(`listen tcp 127.0.0.1:${drawn[0]}: bind: address already in use`);
      return 'running';
    });
    expect(started).toBe('running');
    expect(tried).toHaveLength(3);
    expect(ports).toEqual(tried[2]);
    // The failed tries' ports were let go; the running one's are held until released.
    for (const port of tried.slice(0, 2).flat()) expect(existsSync(claimOf(port))).toBe(false);
    for (const port of ports) expect(existsSync(claimOf(port))).toBe(true);
    release();

    let calls = 0;
    await expect(
      startOnDrawnPorts('a broken program', 1, async () => {
        calls += 1;
        throw new Error('no such file or directory');
      }),
    ).rejects.toThrow('no such file or directory');
    expect(calls).toBe(1);

    await expect(
      startOnDrawnPorts(
        'an unlucky program',
        1,
        async ([port]) => {
          throw new Error(
            `log tail: could not bind IPv4 address "127.0.0.1": Address already in use (${port})`,
          );
        },
        3,
      ),
    ).rejects.toThrow(
      /an unlucky program found its address in use on 3 draws[\s\S]*log tail: could not bind/,
    );
  });

  it("reads each program's own words for a port in use", async () => {
    const held = createServer();
    await new Promise<void>((resolve) => held.listen(0, '127.0.0.1', resolve));
    const node = await new Promise<Error>((resolve) => {
      const again = createServer();
      again.once('error', resolve);
      again.listen((held.address() as { port: number }).port, '127.0.0.1');
    });
    held.close();
    for (const words of [
      String(node),
      // The Temporal CLI's dev server, Caddy, and npm start's PostgreSQL (scripts/dev/postgres-start-failure.ts).
      "Error: can't set frontend port 23456: listen tcp 127.0.0.1:23456: bind: address already in use",
      'Error: loading initial config: loading new config: http app module: start: listening on 127.0.0.1:23456: listen tcp 127.0.0.1:23456: bind: address already in use',
      'embedded PostgreSQL cannot start: port 23456 on 127.0.0.1 is already in use; stop what listens there',
    ]) {
      expect(words).toMatch(ADDRESS_IN_USE);
    }
    expect('its data directory /x is in use by another running PostgreSQL').not.toMatch(ADDRESS_IN_USE);
  });
});
