import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startTemporal } from '../../../scripts/bench/temporal.js';
import { stopChild } from '../../../scripts/bench/processes.js';

/** A port this test holds: bound and listening until `close`. */
async function heldPort(): Promise<{ port: number; server: Server }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as { port: number }).port, server };
}

/**
 * The Temporal dev server the drills, the chaos run and the bench start (scripts/bench/temporal.ts),
 * when an address it needs is taken before it binds it: by a suite beside it, or by any socket on
 * the machine. It starts again on another port; on a fixed port it says so at once.
 */
describe('starting the Temporal dev server on a taken address', () => {
  let held: { port: number; server: Server };
  let workDir: string;

  beforeAll(async () => {
    held = await heldPort();
    workDir = mkdtempSync(path.join(tmpdir(), 'oi-temporal-start-'));
  });
  afterAll(() => {
    held.server.close();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('starts again on another port when the first is taken', async () => {
    const server = await startTemporal('memory', [], workDir, workDir, undefined, held.port);
    try {
      expect(server.address).not.toBe(`127.0.0.1:${held.port}`);
      expect(readFileSync(path.join(workDir, 'temporal.log'), 'utf8')).toContain('address already in use');
    } finally {
      await stopChild(server.child);
    }
  });

  it('fails at once, naming the reason, on a fixed port that is taken', async () => {
    await expect(startTemporal('memory', [], workDir, workDir, held.port)).rejects.toThrow(
      /could not listen: an address it needs was in use, 1 time/,
    );
  });
});
