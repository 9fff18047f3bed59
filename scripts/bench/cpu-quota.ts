import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Where the cgroup v1 `cpu` controller is mounted on Linux. */
export const CPU_CONTROLLER = '/sys/fs/cgroup/cpu';

/** The scheduler period of each group: short enough that a capped process is not frozen for long. */
export const PERIOD_US = 100_000;

/**
 * The CFS quota that gives `share` of one core per period (0.25: a quarter of a core). Throws on a
 * share that is not a positive number, or under the 1 ms the kernel accepts.
 */
export function quotaMicros(share: number, periodUs = PERIOD_US): number {
  if (!Number.isFinite(share) || share <= 0)
    throw new Error(`a CPU share must be a positive number (got ${share})`);
  const quota = Math.round(share * periodUs);
  if (quota < 1_000) throw new Error(`a CPU share of ${share} is under the kernel's 1 ms quota`);
  return quota;
}

/**
 * Gives processes a fixed share of a core, each in a child group of the cgroup v1 `cpu`
 * controller (`<controller>/oi-bench-<pid>/<name>`): the bench makes one kind of process the
 * bottleneck while the rest of the machine has room. Needs the controller mounted and writable
 * (root on most machines). `release` moves every process back to the root group and removes the
 * groups; it is safe to call more than once.
 */
export class CpuQuotas {
  private readonly base: string;
  private readonly groups = new Map<string, string>();

  constructor(private readonly controller = CPU_CONTROLLER) {
    this.base = path.join(controller, `oi-bench-${process.pid}`);
  }

  /** Why quotas cannot be set here, or null when they can. */
  static unavailable(controller = CPU_CONTROLLER): string | null {
    if (!existsSync(path.join(controller, 'cpu.cfs_quota_us')))
      return `no cgroup v1 cpu controller at ${controller} (CPU shares need it)`;
    try {
      const probe = path.join(controller, `oi-bench-probe-${process.pid}`);
      mkdirSync(probe);
      rmdirSync(probe);
      return null;
    } catch (error) {
      return `cannot create a group under ${controller} (${(error as NodeJS.ErrnoException).code ?? String(error)}): run the bench as root`;
    }
  }

  /** Caps `pid` (and every thread and child it has or makes) at `share` of one core. */
  limit(name: string, pid: number, share: number): void {
    const group = this.group(name);
    writeFileSync(path.join(group, 'cpu.cfs_period_us'), String(PERIOD_US));
    writeFileSync(path.join(group, 'cpu.cfs_quota_us'), String(quotaMicros(share)));
    // cgroup.procs moves the whole thread group: the SDK's native threads and node's helpers too.
    writeFileSync(path.join(group, 'cgroup.procs'), String(pid));
  }

  /** Lifts the cap of `name`'s group; its processes stay in it, uncapped. */
  lift(name: string): void {
    const group = this.groups.get(name);
    if (group) writeFileSync(path.join(group, 'cpu.cfs_quota_us'), '-1');
  }

  /** How often the group's processes were held back so far, from the kernel's counters. */
  throttled(name: string): { periods: number; throttledPeriods: number } | null {
    const group = this.groups.get(name);
    if (!group) return null;
    const stat = Object.fromEntries(
      readFileSync(path.join(group, 'cpu.stat'), 'utf8')
        .trim()
        .split('\n')
        .map((line) => line.split(' ') as [string, string]),
    );
    return { periods: Number(stat.nr_periods ?? 0), throttledPeriods: Number(stat.nr_throttled ?? 0) };
  }

  release(): void {
    for (const group of this.groups.values()) {
      const pids = readFileSync(path.join(group, 'cgroup.procs'), 'utf8').split('\n').filter(Boolean);
      for (const pid of pids) {
        try {
          writeFileSync(path.join(this.controller, 'cgroup.procs'), pid);
        } catch {
          // the process ended meanwhile
        }
      }
      rmdirSync(group);
    }
    this.groups.clear();
    if (existsSync(this.base)) rmdirSync(this.base);
  }

  private group(name: string): string {
    if (!/^[a-z0-9-]+$/.test(name))
      throw new Error(`group name '${name}' must be lower-case letters, digits and -`);
    let group = this.groups.get(name);
    if (!group) {
      group = path.join(this.base, name);
      mkdirSync(group, { recursive: true });
      this.groups.set(name, group);
    }
    return group;
  }
}
