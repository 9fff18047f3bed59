import { execFile } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * A network namespace of its own, joined to this one by a veth pair: a process run in it reaches
 * this machine only at `hostAddress` (not its 127.0.0.1, so not PostgreSQL or Temporal), as a
 * laptop reaches a shared service over the network. Needs root (CAP_NET_ADMIN); null where the
 * machine does not allow it, so a test can fall back to a process of its own.
 */
export interface NetworkNamespace {
  name: string;
  /** This side's address on the veth pair. */
  hostAddress: string;
  /** The command prefix that runs a program inside the namespace. */
  prefix: string[];
  close(): Promise<void>;
}

export async function createNetworkNamespace(): Promise<NetworkNamespace | null> {
  if (process.getuid?.() !== 0) return null;
  const tag = randomInt(0, 0xffffff).toString(16).padStart(6, '0');
  const name = `oi-ns-${tag}`;
  const hostSide = `oih${tag}`;
  const nsSide = `oin${tag}`;
  // A /30 in 10.200.0.0/14 per namespace: two runs at once almost never meet.
  const block = randomInt(0, 1 << 16) * 4;
  const subnet = `10.${200 + (block >> 16)}.${(block >> 8) & 0xff}`;
  const hostAddress = `${subnet}.${(block & 0xff) + 1}`;
  const nsAddress = `${subnet}.${(block & 0xff) + 2}`;
  const ip = (...args: string[]) => run('ip', args);
  try {
    await ip('netns', 'add', name);
    await ip('link', 'add', hostSide, 'type', 'veth', 'peer', 'name', nsSide);
    await ip('link', 'set', nsSide, 'netns', name);
    await ip('addr', 'add', `${hostAddress}/30`, 'dev', hostSide);
    await ip('link', 'set', hostSide, 'up');
    await ip('netns', 'exec', name, 'ip', 'addr', 'add', `${nsAddress}/30`, 'dev', nsSide);
    await ip('netns', 'exec', name, 'ip', 'link', 'set', nsSide, 'up');
    await ip('netns', 'exec', name, 'ip', 'link', 'set', 'lo', 'up');
  } catch {
    await ip('link', 'del', hostSide).catch(() => {});
    await ip('netns', 'del', name).catch(() => {});
    return null;
  }
  return {
    name,
    hostAddress,
    prefix: ['ip', 'netns', 'exec', name],
    async close() {
      await ip('link', 'del', hostSide).catch(() => {});
      await ip('netns', 'del', name).catch(() => {});
    },
  };
}
