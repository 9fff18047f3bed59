import { readFileSync } from 'node:fs';
import { ConfigError, type Config } from '../config/index.js';

type TemporalSettings = Pick<
  Config,
  | 'TEMPORAL_ADDRESS'
  | 'TEMPORAL_TLS'
  | 'TEMPORAL_TLS_CERT_PATH'
  | 'TEMPORAL_TLS_KEY_PATH'
  | 'TEMPORAL_TLS_CA_PATH'
  | 'TEMPORAL_TLS_SERVER_NAME'
  | 'TEMPORAL_API_KEY'
>;

export interface TemporalTls {
  serverNameOverride?: string;
  serverRootCACertificate?: Buffer;
  clientCertPair?: { crt: Buffer; key: Buffer };
}

/** The options `Connection.connect` (client) and `NativeConnection.connect` (worker) both accept. */
export interface TemporalConnectionOptions {
  address: string;
  tls?: TemporalTls | false;
  apiKey?: string;
}

export const DEFAULT_TEMPORAL_ADDRESS = 'localhost:7233';

/**
 * Builds the Temporal connection from settings: plain for a local server; TLS, mTLS (client
 * certificate and key) and an API key for a managed cluster such as Temporal Cloud. TLS is on when
 * TEMPORAL_TLS=true, or when any TLS file, server name or API key is set and TEMPORAL_TLS is not
 * false (an API key is a bearer secret and must not travel in clear text by accident).
 */
export function temporalConnectionOptions(
  settings: TemporalSettings,
  readFile: (path: string) => Buffer = (path) => readFileSync(path),
): TemporalConnectionOptions {
  const options: TemporalConnectionOptions = {
    address: settings.TEMPORAL_ADDRESS ?? DEFAULT_TEMPORAL_ADDRESS,
  };
  const certPath = settings.TEMPORAL_TLS_CERT_PATH;
  const keyPath = settings.TEMPORAL_TLS_KEY_PATH;
  if (Boolean(certPath) !== Boolean(keyPath)) {
    const missing = certPath ? 'TEMPORAL_TLS_KEY_PATH' : 'TEMPORAL_TLS_CERT_PATH';
    throw new ConfigError([`${missing}: mTLS needs both TEMPORAL_TLS_CERT_PATH and TEMPORAL_TLS_KEY_PATH`]);
  }
  const tlsDetails = Boolean(
    certPath ||
    settings.TEMPORAL_TLS_CA_PATH ||
    settings.TEMPORAL_TLS_SERVER_NAME ||
    settings.TEMPORAL_API_KEY,
  );
  const useTls = settings.TEMPORAL_TLS ?? tlsDetails;
  if (settings.TEMPORAL_API_KEY) options.apiKey = settings.TEMPORAL_API_KEY;
  if (!useTls) {
    if (certPath || settings.TEMPORAL_TLS_CA_PATH) {
      throw new ConfigError(['TEMPORAL_TLS: is false but TLS certificate files are set']);
    }
    // Without this the SDK would switch TLS on by itself whenever an API key is present.
    if (options.apiKey) options.tls = false;
    return options;
  }
  const tls: TemporalTls = {};
  const read = (variable: string, path: string) => {
    try {
      return readFile(path);
    } catch (error) {
      throw new ConfigError([`${variable}: cannot read ${path} (${(error as Error).message})`]);
    }
  };
  if (settings.TEMPORAL_TLS_SERVER_NAME) tls.serverNameOverride = settings.TEMPORAL_TLS_SERVER_NAME;
  if (settings.TEMPORAL_TLS_CA_PATH) {
    tls.serverRootCACertificate = read('TEMPORAL_TLS_CA_PATH', settings.TEMPORAL_TLS_CA_PATH);
  }
  if (certPath && keyPath) {
    tls.clientCertPair = {
      crt: read('TEMPORAL_TLS_CERT_PATH', certPath),
      key: read('TEMPORAL_TLS_KEY_PATH', keyPath),
    };
  }
  options.tls = tls;
  return options;
}
