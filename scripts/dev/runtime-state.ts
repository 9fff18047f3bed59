import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** What a running `npm start` tells other local tools (the CLI) about itself. */
const runtimeStateSchema = z.object({
  pid: z.number().int(),
  /** The OI_PAYMENTS_STACK_PROOF of the launcher's processes, for the CLI run against its stack. */
  stackProof: z.string().optional(),
  startedAt: z.string(),
  apiUrl: z.string(),
  temporalAddress: z.string(),
  /** Null when the launcher uses DATABASE_URL rather than its embedded database. */
  embeddedPostgresPort: z.number().int().nullable(),
  /**
   * The database of the launcher's DATABASE_URL (`databaseIdentity`, no credentials), when it
   * uses one: a CLI given a DATABASE_URL naming the same database is beside this stack.
   */
  database: z.string().nullable().optional(),
});

export type RuntimeState = z.infer<typeof runtimeStateSchema>;

export const runtimeStateFile = (dataDir: string) => path.join(dataDir, 'runtime.json');

/**
 * Which database a URL names, without who connects or how: host, port and database name. Two
 * URLs with different users or options (the owner's and the runtime role's) name the same one.
 * Null for a URL that cannot be read.
 */
export function databaseIdentity(url: string): string | null {
  try {
    const parsed = new URL(url);
    const socketHost = parsed.searchParams.get('host');
    const host = (parsed.hostname || socketHost || 'localhost').toLowerCase();
    const normalHost = host === 'localhost' || host === '::1' || host === '[::1]' ? '127.0.0.1' : host;
    return `${normalHost}:${parsed.port || '5432'}${decodeURIComponent(parsed.pathname) || '/'}`;
  } catch {
    return null;
  }
}

export function writeRuntimeState(dataDir: string, state: RuntimeState): void {
  writeFileSync(runtimeStateFile(dataDir), `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
}

export function removeRuntimeState(dataDir: string): void {
  rmSync(runtimeStateFile(dataDir), { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, but someone else's.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The state of the launcher running on `dataDir`, or null if none is (a stale file counts as none). */
export function readRuntimeState(dataDir: string): RuntimeState | null {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(runtimeStateFile(dataDir), 'utf8'));
  } catch {
    return null;
  }
  const parsed = runtimeStateSchema.safeParse(raw);
  return parsed.success && isAlive(parsed.data.pid) ? parsed.data : null;
}
