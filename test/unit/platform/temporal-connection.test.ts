import { ConfigError, loadConfig } from '../../../platform/config/index.js';
import { temporalConnectionOptions } from '../../../platform/temporal/connection-options.js';
import { developmentStackEnv } from '../../helpers/config-env.js';

const files: Record<string, string> = {
  '/tls/client.pem': 'CLIENT CERT',
  '/tls/client.key': 'CLIENT KEY',
  '/tls/ca.pem': 'CA CERT',
};
const readFile = (path: string) => {
  if (!(path in files)) throw new Error('ENOENT');
  return Buffer.from(files[path]!);
};
const build = (env: NodeJS.ProcessEnv) =>
  temporalConnectionOptions(loadConfig({ ...developmentStackEnv, ...env }), readFile);

describe('Temporal connection options', () => {
  it('connects in plain text to a local server by default', () => {
    expect(build({})).toEqual({ address: 'localhost:7233' });
    expect(build({ TEMPORAL_ADDRESS: 'temporal:7233', TEMPORAL_TLS: 'false' })).toEqual({
      address: 'temporal:7233',
    });
  });

  it('turns TLS on with the system roots', () => {
    expect(build({ TEMPORAL_ADDRESS: 'temporal.example.com:7233', TEMPORAL_TLS: 'true' })).toEqual({
      address: 'temporal.example.com:7233',
      tls: {},
    });
  });

  it('builds mTLS from certificate, key, CA and server name files', () => {
    const options = build({
      TEMPORAL_ADDRESS: 'ns.acct.tmprl.cloud:7233',
      TEMPORAL_TLS_CERT_PATH: '/tls/client.pem',
      TEMPORAL_TLS_KEY_PATH: '/tls/client.key',
      TEMPORAL_TLS_CA_PATH: '/tls/ca.pem',
      TEMPORAL_TLS_SERVER_NAME: 'ns.acct.tmprl.cloud',
    });
    expect(options.tls).toEqual({
      serverNameOverride: 'ns.acct.tmprl.cloud',
      serverRootCACertificate: Buffer.from('CA CERT'),
      clientCertPair: { crt: Buffer.from('CLIENT CERT'), key: Buffer.from('CLIENT KEY') },
    });
    expect(options.apiKey).toBeUndefined();
  });

  it('sends an API key over TLS unless TLS is explicitly off', () => {
    expect(build({ TEMPORAL_ADDRESS: 'x.tmprl.cloud:7233', TEMPORAL_API_KEY: 'key-1' })).toEqual({
      address: 'x.tmprl.cloud:7233',
      apiKey: 'key-1',
      tls: {},
    });
    expect(build({ TEMPORAL_API_KEY: 'key-1', TEMPORAL_TLS: 'false' })).toEqual({
      address: 'localhost:7233',
      apiKey: 'key-1',
      tls: false,
    });
  });

  it.each([
    ['TEMPORAL_TLS_KEY_PATH', { TEMPORAL_TLS_CERT_PATH: '/tls/client.pem' }],
    ['TEMPORAL_TLS_CERT_PATH', { TEMPORAL_TLS_KEY_PATH: '/tls/client.key' }],
    ['TEMPORAL_TLS_CA_PATH', { TEMPORAL_TLS_CA_PATH: '/tls/missing.pem' }],
    ['TEMPORAL_TLS', { TEMPORAL_TLS: 'false', TEMPORAL_TLS_CA_PATH: '/tls/ca.pem' }],
    ['TEMPORAL_TLS', { TEMPORAL_TLS: 'yes' }],
  ])('names %s when the TLS settings do not fit together', (name, env) => {
    expect(() => build(env)).toThrow(ConfigError);
    expect(() => build(env)).toThrow(new RegExp(`${name}:`));
  });
});
