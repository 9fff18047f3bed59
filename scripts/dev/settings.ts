import path from 'node:path';
import { z } from 'zod';
import { ConfigError, loadConfig, type Config } from '../../platform/config/index.js';
import { DEVELOPMENT_BIND_HOST, localAddress } from './bind-host.js';
import type { DevLogOptions } from './log-lines.js';
import { developmentStackEnvironment } from './secrets.js';

const blankAsUnset = (v: unknown) => (v === '' ? undefined : v);
const port = z.preprocess(blankAsUnset, z.coerce.number().int().min(1).max(65535));

/** Settings only the launcher reads; the service's own settings stay in platform/config/schema.ts. */
const launcherSchema = z.object({
  EMBEDDED_POSTGRES_PORT: port.default(54329),
  DEMO_WEBHOOK_PORT: port.default(8090),
  MAIL_CATCHER_SMTP_PORT: port.default(1025),
  MAIL_CATCHER_HTTP_PORT: port.default(8025),
  /** The gateway simulators' one port; SSLCOMMERZ_SIMULATOR_PORT (config) when unset. */
  SIMULATOR_PORT: port.optional(),
  /** Where browsers and the service reach the simulators, when not http://localhost:<port>. */
  SIMULATOR_PUBLIC_URL: z.preprocess(blankAsUnset, z.url({ protocol: /^https?$/ }).optional()),
  /** `json`: the services' log lines as they write them (as in production); else short lines. */
  DEV_LOG: z.preprocess(blankAsUnset, z.enum(['pretty', 'json']).optional()),
  /** `all`: every request the API answers; else the app API's and failed ones. */
  DEV_LOG_REQUESTS: z.preprocess(blankAsUnset, z.enum(['api', 'all']).optional()),
});

/** The dev server's ports are fixed so the Temporal UI stays at a bookmarkable address. */
export const TEMPORAL_DEV_PORTS = { grpc: 7233, ui: 8233 } as const;

export interface LauncherSettings {
  config: Config;
  /** What marks the processes it starts as the development stack, and their pepper. */
  stackEnv: NodeJS.ProcessEnv;
  dataDir: string;
  /** Where the API, simulators, demo receiver and mail catcher listen: BIND_HOST, else 127.0.0.1. */
  bindHost: string;
  /** Where this machine reaches them (loopback when they listen on every interface). */
  localHost: string;
  publicUrl: string;
  embeddedPostgresPort: number;
  demoWebhookPort: number;
  /** Every gateway's simulator, on one port (gateways/simulators-main.ts). */
  simulators: { port: number; url: string };
  /** The mail catcher's ports; null when SMTP_URL names a real server: no catcher is started then. */
  mailCatcher: { smtpPort: number; httpPort: number } | null;
  /** The SSLCOMMERZ sandbox the user named with SSLCOMMERZ_SANDBOX_URL; null: the simulator's. */
  userSslcommerzUrl: string | null;
  /** How the services' log lines show in the terminal (DEV_LOG, DEV_LOG_REQUESTS). */
  log: DevLogOptions;
}

export function loadLauncherSettings(env: NodeJS.ProcessEnv = process.env): LauncherSettings {
  if (env.NODE_ENV === 'production') {
    throw new ConfigError([
      'NODE_ENV: npm start runs a development stack (embedded database, dev Temporal, simulator); in production run `npm run start:api` and `npm run start:worker`',
    ]);
  }
  const stackEnv = developmentStackEnvironment(env, path.resolve(env.DATA_DIR?.trim() || '.data'));
  const config = loadConfig({ ...env, ...stackEnv });
  const parsed = launcherSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const simulatorPort = parsed.data.SIMULATOR_PORT ?? config.SSLCOMMERZ_SIMULATOR_PORT;
  const bindHost = config.BIND_HOST ?? DEVELOPMENT_BIND_HOST;
  return {
    config,
    stackEnv,
    dataDir: path.resolve(config.DATA_DIR),
    bindHost,
    localHost: localAddress(bindHost),
    // Checkout links follow a changed PORT unless the user pinned PUBLIC_URL (e.g. behind a proxy).
    publicUrl: (env.PUBLIC_URL ? config.PUBLIC_URL : `http://localhost:${config.PORT}`).replace(/\/$/, ''),
    embeddedPostgresPort: parsed.data.EMBEDDED_POSTGRES_PORT,
    demoWebhookPort: parsed.data.DEMO_WEBHOOK_PORT,
    simulators: {
      port: simulatorPort,
      url: (parsed.data.SIMULATOR_PUBLIC_URL ?? `http://localhost:${simulatorPort}`).replace(/\/+$/, ''),
    },
    mailCatcher: config.SMTP_URL
      ? null
      : { smtpPort: parsed.data.MAIL_CATCHER_SMTP_PORT, httpPort: parsed.data.MAIL_CATCHER_HTTP_PORT },
    userSslcommerzUrl: env.SSLCOMMERZ_SANDBOX_URL ? config.SSLCOMMERZ_SANDBOX_URL : null,
    log: { style: parsed.data.DEV_LOG ?? 'pretty', requests: parsed.data.DEV_LOG_REQUESTS ?? 'api' },
  };
}
