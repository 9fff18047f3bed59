import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EntityManager } from '@mikro-orm/postgresql';
import { saveAppGateway } from '../../db/apps/app-gateways.js';
import type { Mode } from '../../domain/shared/mode.js';
import { findGatewayModule } from '../../gateways/catalogue.js';
import type { HostedGateway } from './gateway-simulators.js';
import type { Stack } from './stack.js';

/** Helpers of the gateway picker's suites (test/browser and test/integration checkout-picker). */

/**
 * Switches the simulated gateways on for an app and mode with the credentials the simulators
 * expect, as an operator would save them; SSLCOMMERZ stays on through the service's own (TEST)
 * credentials. `credentials` replaces a gateway's (e.g. SSLCOMMERZ for LIVE, which the stack lacks).
 */
export async function enableGateways(
  stack: Stack,
  appId: number,
  gateways: Array<HostedGateway | { name: string; credentials: Record<string, string> }>,
  mode: Mode = 'TEST',
): Promise<void> {
  await stack.orm.em.fork().transactional(async (tx) => {
    for (const entry of gateways) {
      const name = typeof entry === 'string' ? entry : entry.name;
      const credentials =
        typeof entry === 'string' ? stack.gatewaySimulators.credentials[entry] : entry.credentials;
      const module = findGatewayModule(name);
      if (!module) throw new Error(`no gateway module ${name}`);
      await saveAppGateway(
        tx as EntityManager,
        {
          appId,
          mode,
          gateway: name,
          enabled: true,
          credentials,
          fields: module.credentialFields,
          at: new Date(),
          operatorId: null,
        },
        stack.keyring,
      );
    }
  });
  stack.deps.gateways.invalidate(appId);
}

export interface ReturnHit {
  method: string;
  path: string;
  query: URLSearchParams;
  at: number;
}

/** A merchant's return page on 127.0.0.1: answers a small HTML page and records every hit. */
export async function startReturnServer() {
  const hits: ReturnHit[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    // Chromium asks every origin for its icon; that is not the customer coming back.
    if (url.pathname !== '/favicon.ico') {
      hits.push({ method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, at: Date.now() });
    }
    res.writeHead(url.pathname === '/favicon.ico' ? 204 : 200, {
      'content-type': 'text/html; charset=utf-8',
    });
    res.end(
      url.pathname === '/favicon.ico'
        ? undefined
        : '<!doctype html><title>Merchant</title><h1 data-testid="merchant-return">Back at the merchant</h1>',
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    returnUrl: `${origin}/shop/return`,
    cancelUrl: `${origin}/shop/cancelled`,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type ReturnServer = Awaited<ReturnType<typeof startReturnServer>>;

function unescapeHtml(value: string): string {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** The page's `<meta http-equiv="refresh">`: its delay and target (null: none, or no url). */
export function metaRefresh(html: string): { seconds: number; url: URL | null } | null {
  const tag = /<meta\b[^>]*http-equiv="refresh"[^>]*>/i.exec(html)?.[0];
  if (!tag) return null;
  const content = unescapeHtml(/\bcontent="([^"]*)"/i.exec(tag)?.[1] ?? '');
  const match = /^\s*(\d+)\s*(?:;\s*url=(.+))?$/i.exec(content);
  if (!match) throw new Error(`unreadable meta refresh: ${tag}`);
  return { seconds: Number(match[1]), url: match[2] ? new URL(match[2].trim()) : null };
}

/** The customer's Pay on the picker, as a browser without JavaScript sends it. */
export function postChoice(stack: Stack, reference: string, gateway?: string | null) {
  const form = new URLSearchParams();
  if (gateway !== undefined && gateway !== null) form.set('gateway', gateway);
  return stack.api<string>('POST', `/checkout/${reference}/pay`, {
    rawBody: form.toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
}
