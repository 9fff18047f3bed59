import { BlockList, isIP } from 'node:net';

/**
 * Lists of addresses and networks read from settings (`10.1.2.0/24,10.9.0.7,billing.internal`),
 * checked with Node's own BlockList so a setting and the check at connection time agree.
 */

/** Cloud metadata services answer with credentials: no list may reach them, whatever it names. */
export const METADATA_ADDRESSES = ['169.254.169.254', '169.254.170.2', 'fd00:ec2::254', '100.100.100.200'];

export interface Network {
  /** As written, normalised: `10.1.2.0/24`, `10.9.0.7`. */
  text: string;
  address: string;
  prefix: number;
  family: 'ipv4' | 'ipv6';
}

/** One `<address>` or `<address>/<prefix>`, or why it is not one. */
export function parseNetwork(text: string): Network | string {
  const [address = '', prefixText, extra] = text.split('/');
  const version = isIP(address);
  if (!version || extra !== undefined) return `"${text}" is not an IP address or CIDR network`;
  const family = version === 4 ? 'ipv4' : 'ipv6';
  const bits = version === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? bits : Number(prefixText);
  if (!/^\d{1,3}$/.test(prefixText ?? String(bits)) || prefix > bits) {
    return `"${text}" has a prefix length outside 0–${bits}`;
  }
  return { text: prefixText === undefined ? address : `${address}/${prefix}`, address, prefix, family };
}

export function blockListOf(networks: readonly Network[]): BlockList {
  const list = new BlockList();
  for (const n of networks) list.addSubnet(n.address, n.prefix, n.family);
  return list;
}

/** Whether `address` (as a socket reports it, IPv4-mapped IPv6 included) is in `list`. */
export function listHolds(list: BlockList, address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  const plain = mapped ?? address;
  const version = isIP(plain);
  if (!version) return false;
  return list.check(plain, version === 4 ? 'ipv4' : 'ipv6');
}

/** Comma- or space-separated entries, blanks dropped. */
export const listEntries = (text: string) =>
  text
    .split(/[\s,]+/)
    .map((entry) => entry.trim())
    .filter(Boolean);

const HOST_NAME =
  /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

export interface PrivateTargets {
  /** Host names a delivery may reach on whatever private address they resolve to. */
  hosts: string[];
  /** Private networks a delivery may reach, whatever name led there. */
  networks: Network[];
}

/** WEBHOOK_ALLOWED_PRIVATE_TARGETS: host names and networks, or every problem with them. */
export function parsePrivateTargets(
  text: string,
): { ok: true; value: PrivateTargets } | { ok: false; problems: string[] } {
  const value: PrivateTargets = { hosts: [], networks: [] };
  const problems: string[] = [];
  for (const entry of listEntries(text)) {
    if (isIP(entry.split('/')[0] ?? '') || entry.includes('/')) {
      const network = parseNetwork(entry);
      if (typeof network === 'string') {
        problems.push(network);
        continue;
      }
      const covered = blockListOf([network]);
      if (METADATA_ADDRESSES.some((address) => listHolds(covered, address))) {
        problems.push(`"${entry}" includes a cloud metadata address, which deliveries never reach`);
        continue;
      }
      if (network.prefix < (network.family === 'ipv4' ? 8 : 32)) {
        problems.push(`"${entry}" is wider than a /8 (IPv6: /32); name the networks your apps are in`);
        continue;
      }
      value.networks.push(network);
    } else if (HOST_NAME.test(entry.toLowerCase())) {
      value.hosts.push(entry.toLowerCase().replace(/\.$/, ''));
    } else {
      problems.push(`"${entry}" is neither a host name nor an IP address or CIDR network`);
    }
  }
  return problems.length ? { ok: false, problems } : { ok: true, value };
}

/** TRUSTED_PROXY_ADDRESSES: the proxies' addresses or networks, or every problem with them. */
export function parseNetworks(
  text: string,
): { ok: true; value: Network[] } | { ok: false; problems: string[] } {
  const value: Network[] = [];
  const problems: string[] = [];
  for (const entry of listEntries(text)) {
    const network = parseNetwork(entry);
    if (typeof network === 'string') problems.push(network);
    else value.push(network);
  }
  return problems.length ? { ok: false, problems } : { ok: true, value };
}
