import type { Middleware } from 'koa';
import { blockListOf, listHolds, parseNetwork, type Network } from '../../platform/config/network-lists.js';

/** With no proxy addresses set (the development stack only): this machine's own proxy. */
const LOOPBACK = ['127.0.0.0/8', '::1'].map((text) => parseNetwork(text) as Network);

const FORWARDED_HEADERS = ['x-forwarded-for', 'x-forwarded-proto', 'x-forwarded-host', 'forwarded'];

/**
 * X-Forwarded-* is believed only on a connection from the proxy (TRUSTED_PROXY_ADDRESSES): from
 * any other peer the headers are dropped before anything reads them, so a client that reaches the
 * port itself is known by its own address and cannot choose the one that rate limits, the sign-in
 * throttle and the audit see.
 */
export function forwardedHeadersFromProxyOnly(proxies: readonly Network[]): Middleware {
  const trusted = blockListOf(proxies.length ? proxies : LOOPBACK);
  return async (ctx, next) => {
    const peer = ctx.req.socket.remoteAddress ?? '';
    if (!listHolds(trusted, peer)) {
      for (const header of FORWARDED_HEADERS) delete ctx.req.headers[header];
    }
    await next();
  };
}
