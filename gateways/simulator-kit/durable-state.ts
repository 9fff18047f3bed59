import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';

/**
 * A simulator's state kept on disk, as a real gateway keeps its payments in a database: a kill
 * must never make it forget a payment it approved. The whole state is written as one snapshot
 * (v8's serializer keeps Maps, Dates and the objects several Maps share), to a temporary file that
 * is flushed to disk and then renamed over the last one, so a crash leaves the old snapshot or the
 * new one, never half of either. A snapshot that cannot be read stops the simulator's start: a
 * gateway that silently started empty would deny payments it confirmed.
 */

/** What a simulator saves and how it takes it back (its hook; see persistedParts). */
export interface PersistedState {
  /** Everything the simulator must not forget, as plain data v8's serializer takes (no functions). */
  save(): unknown;
  /** Puts back what `save` returned in an earlier run; called once, before the first request. */
  restore(saved: unknown): void;
}

export interface DurableState {
  /**
   * Writes the state to disk if it changed since the last write. Called before any answer or
   * notification that reveals a change (a gateway never confirms what it could forget), and after
   * work done by timers. Throws when the disk refuses: the caller must then not confirm.
   */
  checkpoint(): void;
  /** No further writes: what is in memory may now be forgotten (a graceful stop, a test's reset). */
  close(): void;
}

/** SIMULATOR_STATE: `file` keeps each simulator's state under DATA_DIR; `memory` forgets it with the process. */
export type SimulatorStateMode = 'file' | 'memory';

export function simulatorStateMode(value: string | undefined): SimulatorStateMode {
  if (value === undefined || value === '' || value === 'file') return 'file';
  if (value === 'memory') return 'memory';
  throw new Error(`SIMULATOR_STATE must be "file" or "memory", not "${value}"`);
}

/** Where a simulator's snapshot lives in a data directory (beside Nagad's keys). */
export function simulatorStateFile(dataDir: string, gateway: string): string {
  return path.join(dataDir, 'simulators', `${gateway}-state.bin`);
}

/** The state of a simulator that keeps nothing beyond its process. */
export const MEMORY_ONLY: DurableState = { checkpoint: () => undefined, close: () => undefined };

/** A simulator's state kept as `mode` says: in its snapshot under `dataDir` (loaded now), or in memory. */
export function simulatorDurableState(
  mode: SimulatorStateMode,
  dataDir: string,
  gateway: string,
  persisted: PersistedState | undefined,
): DurableState {
  if (mode === 'memory' || !persisted) return MEMORY_ONLY;
  return openDurableState(simulatorStateFile(dataDir, gateway), gateway, persisted);
}

const FORMAT = 1;

interface Snapshot {
  format: number;
  gateway: string;
  state: unknown;
}

function readSnapshot(file: string, gateway: string): unknown {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`cannot read the ${gateway} simulator's state ${file}: ${String(error)}`);
  }
  let snapshot: Partial<Snapshot>;
  try {
    snapshot = deserialize(bytes) as Partial<Snapshot>;
  } catch (error) {
    throw new Error(
      `the ${gateway} simulator's state ${file} is corrupt (${String(error)}); move it away to start that simulator empty`,
    );
  }
  if (snapshot?.format !== FORMAT || snapshot.gateway !== gateway) {
    throw new Error(
      `${file} is not a ${gateway} simulator's state (format ${String(snapshot?.format)}, gateway ${String(snapshot?.gateway)}); move it away to start that simulator empty`,
    );
  }
  return snapshot.state;
}

function writeAtomically(file: string, bytes: Buffer): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.tmp`;
  const fd = openSync(temporary, 'w', 0o600);
  try {
    writeSync(fd, bytes);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, file);
  // The rename itself must reach the disk, or a crash could bring the old snapshot back.
  const dir = openSync(path.dirname(file), 'r');
  try {
    fsyncSync(dir);
  } finally {
    closeSync(dir);
  }
}

/**
 * Loads the simulator's snapshot from `file` if there is one (throwing, with the file named, when it
 * cannot be read or restored), then keeps `file` up to date on each checkpoint.
 */
export function openDurableState(file: string, gateway: string, persisted: PersistedState): DurableState {
  const saved = readSnapshot(file, gateway);
  if (saved !== undefined) {
    try {
      persisted.restore(saved);
    } catch (error) {
      throw new Error(
        `the ${gateway} simulator's state ${file} does not fit this simulator (${String(error)}); move it away to start that simulator empty`,
      );
    }
  }
  let written: Buffer | null = saved === undefined ? null : serializeState(gateway, persisted);
  let open = true;
  return {
    checkpoint() {
      if (!open) return;
      const bytes = serializeState(gateway, persisted);
      // Most answers change nothing: comparing costs far less than a write and an fsync.
      if (written !== null && bytes.equals(written)) return;
      writeAtomically(file, bytes);
      written = bytes;
    },
    close() {
      open = false;
    },
  };
}

function serializeState(gateway: string, persisted: PersistedState): Buffer {
  const snapshot: Snapshot = { format: FORMAT, gateway, state: persisted.save() };
  return serialize(snapshot);
}
