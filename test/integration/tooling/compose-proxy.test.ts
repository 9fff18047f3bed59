import { randomInt } from 'node:crypto';
import { once } from 'node:events';
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { caddyPasswordHash, findCaddy, runCaddy, type RunningCaddy } from '../../helpers/caddy.js';
import { startDnsResponder, type DnsResponder } from '../../helpers/dns-responder.js';
import { close, listen, readAll } from '../../helpers/local-server.js';
import { hangGuardDeadline } from '../../helpers/patience.js';
import { startProxiedApi } from '../../helpers/proxied-stack.js';
import type { Stack } from '../../helpers/stack.js';

/**
 * The Caddy files docker-compose.yml mounts (deploy/caddy/), run by the caddy binary with the
 * settings compose gives them, pointed at this machine: the edge proxy in front of a real API and
 * in front of two replicas it finds by DNS (a DNS server of the test's own stands in for Compose's),
 * and the Temporal UI and Jaeger proxies in front of stand-ins for the UIs.
 */

/** The api service's name as the proxy looks it up; the test's DNS server answers it. */
const API_NAME = 'api.compose.test';

/** A loopback address of this run's own (Linux answers on all of 127.0.0.0/8), not the proxy's. */
function clientAddress(): string {
  return `127.${randomInt(1, 255)}.${randomInt(0, 256)}.${randomInt(1, 255)}`;
}

/** POSTs JSON to 127.0.0.1:port from `localAddress`, so the proxy sees that peer. */
function postFrom(
  localAddress: string,
  port: number,
  pathname: string,
  body: unknown,
  headers: Record<string, string>,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        localAddress,
        method: 'POST',
        path: pathname,
        headers: { 'content-type': 'application/json', ...headers },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

/** Forged client addresses in both shapes a client might try: one address, a chain. */
const forged = (i: number) => (i % 2 ? `198.51.100.${i}` : `198.51.100.${i}, 203.0.113.${i}`);

describe('edge.Caddyfile in front of the API (compose `proxy`)', () => {
  const signInLimit = 20;
  const attempts = 25;
  let stack: Stack;
  let dns: DnsResponder;
  let proxy: RunningCaddy;
  let proxyPort: number;

  beforeAll(async () => {
    findCaddy();
    // The proxy reaches the API from 127.0.0.1, as compose's does from its fixed address.
    stack = await startProxiedApi('127.0.0.1', signInLimit);
    dns = await startDnsResponder(API_NAME, ['127.0.0.1']);
    proxy = await runCaddy('edge.Caddyfile', ([port]) => ({
      PROXY_SITE_ADDRESS: `http://127.0.0.1:${port}`,
      PROXY_UPSTREAM_NAME: API_NAME,
      PROXY_UPSTREAM_PORT: new URL(stack.apiUrl).port,
      PROXY_UPSTREAM_RESOLVERS: dns.address,
    }));
    proxyPort = proxy.ports[0]!;
  });
  afterAll(async () => {
    await proxy?.stop();
    await dns?.close();
    await stack?.close();
  });

  /** The address each sign-in attempt for these emails was audited and throttled under. */
  async function addressesSeenFor(emails: string[]) {
    const audited = await stack
      .em()
      .execute<Array<{ ip: string | null }>>(
        "select distinct ip from audit_log where action = 'operator.login_failed' and target_id in (?)",
        [emails],
      );
    const throttled = await stack
      .em()
      .execute<Array<{ client: string }>>('select distinct client from login_throttles where email in (?)', [
        emails.map((email) => email.toLowerCase()),
      ]);
    return { audited: audited.map((row) => row.ip), throttled: throttled.map((row) => row.client) };
  }

  it("limits a client rotating X-Forwarded-For by the address the proxy saw: the sign-in limit's 429", async () => {
    const client = clientAddress();
    // A different email each time: only the per-client limit can stop these.
    const emails = Array.from({ length: attempts }, (_, i) => `nobody-${i}-${client}@ops.example`);
    const statuses: number[] = [];
    for (const [i, email] of emails.entries()) {
      statuses.push(
        await postFrom(
          client,
          proxyPort,
          '/api/v1/admin/session',
          { email, password: 'not the password' },
          { 'x-forwarded-for': forged(i), 'x-forwarded-host': `forged-${i}.example` },
        ),
      );
    }
    expect(statuses).toEqual([
      ...Array<number>(signInLimit).fill(401),
      ...Array<number>(attempts - signInLimit).fill(429),
    ]);
    // The address the proxy saw, which the API believed from the proxy: never a forged one, and
    // not the proxy's own (the API did take the proxy's word).
    expect(await addressesSeenFor(emails.slice(0, signInLimit))).toEqual({
      audited: [client],
      throttled: [client],
    });
  });

  it("throttles one operator's wrong passwords from a client rotating X-Forwarded-For", async () => {
    const client = clientAddress();
    const op = await stack.createOperator('VIEWER');
    const statuses: number[] = [];
    for (let i = 1; i <= 10; i += 1) {
      statuses.push(
        await postFrom(
          client,
          proxyPort,
          '/api/v1/admin/session',
          { email: op.email, password: 'not the password' },
          { 'x-forwarded-for': forged(i) },
        ),
      );
    }
    // Five free failures, then a wait that doubles: attempts inside it are refused unchecked.
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toContain(429);
    for (const status of statuses) expect([401, 429]).toContain(status);
    expect(await addressesSeenFor([op.email])).toEqual({ audited: [client], throttled: [client] });
  });

  it('is the door: a client through the proxy reaches the API (a sign-in that succeeds)', async () => {
    const op = await stack.createOperator('VIEWER');
    const status = await postFrom(
      clientAddress(),
      proxyPort,
      '/api/v1/admin/session',
      { email: op.email, password: op.password },
      { 'x-forwarded-for': forged(1) },
    );
    expect(status).toBe(201);
  });
});

/** An api replica's stand-in on its own loopback address: answers 200 with its name. */
async function replica(address: string, port: number) {
  const server: Server = createServer((req, res) => {
    void readAll(req).then(() => res.writeHead(200, { 'content-type': 'text/plain' }).end(address));
  });
  server.listen(port, address);
  await Promise.race([
    once(server, 'listening'),
    once(server, 'error').then(([error]) => Promise.reject(error as Error)),
  ]);
  return server;
}

/**
 * Replicas on one port, as Compose's share the service's: the first takes a port of the kernel's
 * choosing, the others the same one on their own addresses (taken there already: another pair).
 */
async function replicasOnOnePort(
  addresses: string[],
): Promise<{ port: number; servers: Map<string, Server> }> {
  for (let attempt = 1; ; attempt++) {
    const servers = new Map<string, Server>();
    try {
      const first = await replica(addresses[0]!, 0);
      servers.set(addresses[0]!, first);
      const port = (first.address() as AddressInfo).port;
      for (const address of addresses.slice(1)) servers.set(address, await replica(address, port));
      return { port, servers };
    } catch (error) {
      for (const server of servers.values()) await close(server);
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt === 5) throw error;
    }
  }
}

describe('edge.Caddyfile in front of api replicas (compose `api`, replicas: 2)', () => {
  const [first, second] = ['127.0.0.2', '127.0.0.3'];
  let dns: DnsResponder;
  let proxy: RunningCaddy;
  let proxyUrl: string;
  let servers = new Map<string, Server>();

  beforeAll(async () => {
    findCaddy();
    const replicas = await replicasOnOnePort([first, second]);
    servers = replicas.servers;
    // One replica to begin with; the test scales to two.
    dns = await startDnsResponder(API_NAME, [first]);
    proxy = await runCaddy('edge.Caddyfile', ([port]) => ({
      PROXY_SITE_ADDRESS: `http://127.0.0.1:${port}`,
      PROXY_UPSTREAM_NAME: API_NAME,
      PROXY_UPSTREAM_PORT: String(replicas.port),
      PROXY_UPSTREAM_RESOLVERS: dns.address,
    }));
    proxyUrl = `http://127.0.0.1:${proxy.ports[0]}`;
  });
  afterAll(async () => {
    await proxy?.stop();
    await dns?.close();
    for (const server of servers.values()) if (server.listening) await close(server);
  });

  /** Which replica answered each of `count` requests through the proxy (a failed one: its status). */
  async function answers(count: number): Promise<string[]> {
    const seen: string[] = [];
    for (let i = 0; i < count; i += 1) {
      const response = await fetch(`${proxyUrl}/api/v1/health`);
      seen.push(response.ok ? await response.text() : String(response.status));
    }
    return seen;
  }

  it('finds a replica added to the DNS answer without a restart (`--scale api=2`)', async () => {
    expect(new Set(await answers(4))).toEqual(new Set([first]));
    expect(dns.asked).toContain(API_NAME);
    dns.setAddresses([first, second]);
    // The proxy asks again every 5 s.
    const deadline = hangGuardDeadline(15_000);
    let seen: string[] = [];
    while (!seen.includes(second) && Date.now() < deadline) {
      seen = await answers(2);
      if (!seen.includes(second)) await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(seen).toContain(second);
  });

  it('sends requests to each replica in turn', async () => {
    const seen = await answers(8);
    expect(seen.filter((a) => a === first).length).toBeGreaterThanOrEqual(3);
    expect(seen.filter((a) => a === second).length).toBeGreaterThanOrEqual(3);
    expect(seen.filter((a) => a !== first && a !== second)).toEqual([]);
  });

  it('skips a replica that stopped: every request still answered, by the other', async () => {
    await close(servers.get(first)!);
    expect(await answers(6)).toEqual(Array<string>(6).fill(second));
  });
});

/** A stand-in for a UI or collector behind a proxy: answers 200 and counts what reached it. */
async function standIn(name: string) {
  const reached: string[] = [];
  const { server, url } = await listen((req: IncomingMessage, res: ServerResponse) => {
    void readAll(req).then(() => {
      reached.push(`${req.method} ${req.url}`);
      res.writeHead(200, { 'content-type': 'text/plain' }).end(`${name} stand-in`);
    });
  });
  return { server, host: new URL(url).host, reached };
}

const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

async function get(url: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, { headers });
  return {
    status: response.status,
    challenge: response.headers.get('www-authenticate'),
    body: await response.text(),
  };
}

describe('temporal-ui.Caddyfile (compose `temporal-ui-auth`)', () => {
  const password = 'a long Temporal UI password';
  let ui: Awaited<ReturnType<typeof standIn>>;
  let proxy: RunningCaddy;
  let url: string;

  beforeAll(async () => {
    const caddy = findCaddy();
    ui = await standIn('temporal ui');
    const passwordHash = caddyPasswordHash(caddy, password);
    proxy = await runCaddy('temporal-ui.Caddyfile', ([port]) => ({
      TEMPORAL_UI_SITE_ADDRESS: `http://127.0.0.1:${port}`,
      TEMPORAL_UI_UPSTREAM: ui.host,
      TEMPORAL_UI_USER: 'operator',
      TEMPORAL_UI_PASSWORD_HASH: passwordHash,
    }));
    url = `http://127.0.0.1:${proxy.ports[0]}`;
  });
  afterAll(async () => {
    await proxy?.stop();
    if (ui) await close(ui.server);
  });

  it('refuses without the password (401, a basic-auth challenge) and nothing reaches the UI', async () => {
    const refused: Array<Record<string, string>> = [
      {},
      { authorization: basic('operator', 'not the password') },
      { authorization: basic('someone-else', password) },
    ];
    for (const headers of refused) {
      const answer = await get(`${url}/namespaces/default/workflows`, headers);
      expect({ status: answer.status, challenge: answer.challenge }).toEqual({
        status: 401,
        challenge: expect.stringMatching(/^Basic /),
      });
    }
    expect(ui.reached).toEqual([]);
  });

  it('passes with it', async () => {
    const answer = await get(`${url}/namespaces/default/workflows`, {
      authorization: basic('operator', password),
    });
    expect(answer).toMatchObject({ status: 200, body: 'temporal ui stand-in' });
    expect(ui.reached).toEqual(['GET /namespaces/default/workflows']);
  });
});

describe('telemetry.Caddyfile (compose `telemetry-auth`)', () => {
  const password = 'a long Jaeger UI password';
  const token = 'collector-token-of-this-run';
  let jaegerUi: Awaited<ReturnType<typeof standIn>>;
  let collector: Awaited<ReturnType<typeof standIn>>;
  let proxy: RunningCaddy;
  let uiUrl: string;
  let collectorUrl: string;

  beforeAll(async () => {
    const caddy = findCaddy();
    jaegerUi = await standIn('jaeger ui');
    collector = await standIn('collector');
    const passwordHash = caddyPasswordHash(caddy, password);
    proxy = await runCaddy(
      'telemetry.Caddyfile',
      ([uiPort, collectorPort]) => ({
        TELEMETRY_UI_SITE_ADDRESS: `http://127.0.0.1:${uiPort}`,
        JAEGER_UI_UPSTREAM: jaegerUi.host,
        TELEMETRY_COLLECTOR_SITE_ADDRESS: `http://127.0.0.1:${collectorPort}`,
        JAEGER_COLLECTOR_UPSTREAM: collector.host,
        TELEMETRY_UI_USER: 'operator',
        TELEMETRY_UI_PASSWORD_HASH: passwordHash,
        OTEL_COLLECTOR_TOKEN: token,
      }),
      2,
    );
    [uiUrl, collectorUrl] = proxy.ports.map((port) => `http://127.0.0.1:${port}`) as [string, string];
  });
  afterAll(async () => {
    await proxy?.stop();
    for (const s of [jaegerUi, collector]) if (s) await close(s.server);
  });

  it("asks for the UI's password", async () => {
    expect((await get(`${uiUrl}/search`)).status).toBe(401);
    expect((await get(`${uiUrl}/search`, { authorization: basic('operator', 'wrong') })).status).toBe(401);
    expect(jaegerUi.reached).toEqual([]);
    const answer = await get(`${uiUrl}/search`, { authorization: basic('operator', password) });
    expect(answer).toMatchObject({ status: 200, body: 'jaeger ui stand-in' });
  });

  it("lets only the token's bearer reach the collector", async () => {
    const post = (headers: Record<string, string>) =>
      fetch(`${collectorUrl}/v1/traces`, { method: 'POST', headers, body: '{}' }).then((r) => r.status);
    expect(await post({})).toBe(401);
    expect(await post({ authorization: 'Bearer not-the-token' })).toBe(401);
    expect(await post({ authorization: `Bearer ${token}-and-more` })).toBe(401);
    expect(await post({ authorization: basic('operator', password) })).toBe(401);
    expect(collector.reached).toEqual([]);
    expect(await post({ authorization: `Bearer ${token}` })).toBe(200);
    expect(collector.reached).toEqual(['POST /v1/traces']);
  });
});
