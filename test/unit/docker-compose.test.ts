import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../config/index.js';
import { blockListOf, listHolds, parseNetwork, type Network } from '../../config/network-lists.js';
import { newSealingKeyEntry } from '../../domain/secret-box.js';

// js-yaml ships without types; only `load` is used.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { load } = require('js-yaml') as { load: (text: string) => unknown };

interface Volume {
  type?: string;
  source?: string;
  target?: string;
  volume?: { subpath?: string };
}
interface Service {
  ports?: string[];
  volumes?: Array<string | Volume>;
  networks?: string[] | Record<string, { ipv4_address?: string } | null>;
  environment?: Record<string, string | number | null>;
  command?: string[] | string;
  profiles?: string[];
}

const TEXT = readFileSync(path.resolve(__dirname, '..', '..', 'docker-compose.yml'), 'utf8');
const compose = load(TEXT) as {
  services: Record<string, Service>;
  networks: Record<string, { internal?: boolean } | null>;
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
  it('publishes the api, the simulators and every UI on 127.0.0.1 only; the proxy is the one door', () => {
    const published = Object.entries(services).flatMap(([name, s]) =>
      (s.ports ?? []).map((port) => ({ name, port: String(port) })),
    );
    expect(published.map((p) => p.name)).toEqual(expect.arrayContaining(['api', 'simulators', 'proxy']));
    for (const { name, port } of published) {
      if (name === 'proxy') continue;
      expect({ name, port }).toEqual({ name, port: expect.stringMatching(/^127\.0\.0\.1:/) });
    }
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
    expect(commandOf(auth)).toMatch(
      /basic_auth \{\s*\{\$\$TEMPORAL_UI_USER\} \{\$\$TEMPORAL_UI_PASSWORD_HASH\}/,
    );
    expect(commandOf(auth)).toContain('reverse_proxy temporal-ui:8080');
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
    const auth = commandOf(service('telemetry-auth'));
    expect(auth).toMatch(/:16686 \{\s*basic_auth/);
    expect(auth).toMatch(/@collector header Authorization "Bearer \{\$\$OTEL_COLLECTOR_TOKEN\}"/);
    expect(auth).toMatch(/respond 401/);
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
    // Nothing else on the api's networks holds a trusted address.
    const apiEdge = (api.networks as Record<string, { ipv4_address?: string } | null>).edge!;
    expect(listHolds(list, apiEdge.ipv4_address!)).toBe(false);
    expect(commandOf(proxy)).toContain('header_up X-Forwarded-For {remote_host}');
    expect(api.environment?.TRUSTED_PROXY_HOPS).toBe(1);
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
