import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { listPids } from './processes.js';
import { round } from './load.js';

/**
 * Samples /proc every 500 ms: resident memory of the processes under test, and CPU time of every
 * part of the system (ours, the dev server, this database's PostgreSQL backends, everything else),
 * so a missed target can be traced to what was busy.
 */

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

function cpuTicks(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of stat; after the name they are 11 and 12 (0-based).
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return null;
  }
}

export function memoryKb(pid: number): { rss: number; hwm: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
    return { rss: field('VmRSS'), hwm: field('VmHWM') };
  } catch {
    return null;
  }
}

/** The machine's busy share (all cores, %) over the next `ms`. */
export async function machineBusyPercent(ms: number): Promise<number> {
  const a = machineTicks();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const b = machineTicks();
  return round(((b.busy - a.busy) / Math.max(1, b.total - a.total)) * 100);
}

function machineTicks(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
  const values = line.trim().split(/\s+/).slice(1).map(Number);
  const total = values.slice(0, 8).reduce((sum, v) => sum + v, 0);
  const idle = (values[3] ?? 0) + (values[4] ?? 0);
  return { busy: total - idle, total };
}

function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

function comm(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}

export interface MemoryPeak {
  pid: number;
  /** Largest VmRSS seen in the samples. */
  maxSampledRssMb: number;
  /** The kernel's own high-water mark (VmHWM) at the last sample: catches peaks between samples. */
  peakRssMb: number;
}

export interface CpuShare {
  /** Seconds of the phase. */
  seconds: number;
  /** CPU per group in % of one core (200 % = both cores of a 2-core machine). */
  percentOfOneCore: Record<string, number>;
  /** Busy share of the whole machine, all cores, in %. */
  machineBusyPercent: number;
  /** The busiest processes outside the service (another test run, a browser...), % of one core. */
  topOthers: Array<{ command: string; percentOfOneCore: number }>;
}

interface Mark {
  at: number;
  groups: Record<string, number>;
  others: Record<string, number>;
  machine: { busy: number; total: number };
}

export class Sampler {
  /** Tracked processes by name (api, api-2, …), each counted under its group (api). */
  private readonly named = new Map<string, { pid: number; group: string }>();
  private readonly memory = new Map<string, MemoryPeak>();
  private readonly groups: Record<string, number> = {};
  /** CPU ticks of processes outside the service, by command line: names what "other" was. */
  private readonly others: Record<string, number> = {};
  private readonly lastTicks = new Map<number, number>();
  private readonly marks = new Map<string, Mark>();
  private timer: NodeJS.Timeout | null = null;
  private started = false;

  constructor(private readonly databaseName: string) {}

  /** A process whose memory is reported under `name` and its CPU under `group` (default: name). */
  track(name: string, pid: number, group = name): void {
    this.named.set(name, { pid, group });
    this.groups[group] ??= 0;
  }

  start(): void {
    this.sample();
    this.started = true;
    this.timer = setInterval(() => this.sample(), 500);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.sample();
  }

  /** Remembers the CPU counters now; `cpuBetween` turns two marks into a per-process share. */
  mark(name: string): void {
    this.sample();
    this.marks.set(name, {
      at: performance.now(),
      groups: { ...this.groups },
      others: { ...this.others },
      machine: machineTicks(),
    });
  }

  cpuBetween(from: string, to: string): CpuShare | null {
    const a = this.marks.get(from);
    const b = this.marks.get(to);
    if (!a || !b) return null;
    const seconds = (b.at - a.at) / 1000;
    const percentOfOneCore: Record<string, number> = {};
    let accounted = 0;
    for (const [group, ticks] of Object.entries(b.groups)) {
      const used = (ticks - (a.groups[group] ?? 0)) / CLOCK_TICKS;
      accounted += used;
      percentOfOneCore[group] = round((used / seconds) * 100);
    }
    const busyTicks = b.machine.busy - a.machine.busy;
    const totalTicks = b.machine.total - a.machine.total;
    // /proc/stat sums all cores: busy/total is the machine's share, busy/seconds is in one-core units.
    const busyOneCore = (busyTicks / CLOCK_TICKS / seconds) * 100;
    percentOfOneCore.other = round(Math.max(0, busyOneCore - (accounted / seconds) * 100));
    const topOthers = Object.entries(b.others)
      .map(([command, ticks]) => ({
        command,
        percentOfOneCore: round(((ticks - (a.others[command] ?? 0)) / CLOCK_TICKS / seconds) * 100),
      }))
      .filter((entry) => entry.percentOfOneCore >= 1)
      .sort((x, y) => y.percentOfOneCore - x.percentOfOneCore)
      .slice(0, 5);
    return {
      seconds: round(seconds, 2),
      percentOfOneCore,
      machineBusyPercent: round((busyTicks / Math.max(1, totalTicks)) * 100),
      topOthers,
    };
  }

  memoryPeaks(): Record<string, MemoryPeak> {
    return Object.fromEntries(this.memory);
  }

  private add(group: string, pid: number, into: Record<string, number> = this.groups): void {
    const ticks = cpuTicks(pid);
    if (ticks === null) return;
    const previous = this.lastTicks.get(pid);
    // A process first seen after sampling began was born since the last sample: count all of it.
    const delta = previous === undefined ? (this.started ? ticks : 0) : ticks - previous;
    this.lastTicks.set(pid, ticks);
    into[group] = (into[group] ?? 0) + Math.max(0, delta);
  }

  private sample(): void {
    const namedPids = new Set([...this.named.values()].map((tracked) => tracked.pid));
    for (const [name, { pid, group }] of this.named) {
      this.add(group, pid);
      const memory = memoryKb(pid);
      if (!memory) continue;
      const peak = this.memory.get(name) ?? { pid, maxSampledRssMb: 0, peakRssMb: 0 };
      peak.maxSampledRssMb = Math.max(peak.maxSampledRssMb, round(memory.rss / 1024));
      peak.peakRssMb = Math.max(peak.peakRssMb, round(memory.hwm / 1024));
      this.memory.set(name, peak);
    }
    for (const pid of listPids()) {
      if (namedPids.has(pid)) continue;
      const command = cmdline(pid);
      if (comm(pid) === 'postgres') {
        // Backends carry their database in the process title: "postgres: user db host(port) state".
        this.add(
          command.includes(` ${this.databaseName} `) ? 'postgres (bench db)' : 'postgres (other)',
          pid,
        );
      } else {
        this.add(command.slice(0, 80).trim() || `[${comm(pid)}]`, pid, this.others);
      }
    }
  }
}
