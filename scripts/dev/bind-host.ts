import { isIPv6 } from 'node:net';

/** npm start's servers listen on loopback only, unless BIND_HOST names another address. */
export const DEVELOPMENT_BIND_HOST = '127.0.0.1';

const EVERY_INTERFACE = new Set(['0.0.0.0', '::']);

/** Where this machine reaches a server listening on `bindHost`: loopback when it listens everywhere. */
export function localAddress(bindHost: string): string {
  return EVERY_INTERFACE.has(bindHost) ? '127.0.0.1' : bindHost;
}

/** A host as a URL writes it: an IPv6 address in brackets. */
export function urlHost(host: string): string {
  return isIPv6(host) ? `[${host}]` : host;
}
