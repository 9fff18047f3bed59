import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { Connection } from '@temporalio/client';
import { simulatorBanner, simulatorServiceEnvironment } from '../../gateways/simulator-kit/host.js';
import { SIMULATOR_MOUNTS } from '../../gateways/simulator-kit/mounts.js';
import { keyringFromConfig } from '../../platform/sealing/sealing.js';
import { issueDevelopmentStackProof } from '../../platform/config/development-stack.js';
import { renderBanner } from './banner.js';
import { prepareDatabase } from './database.js';
import { demoAppFile } from './demo-app.js';
import { devAdminFile } from './dev-admin.js';
import { describeFailure, LauncherError } from './errors.js';
import { Lifecycle } from './lifecycle.js';
import { tagged } from './output.js';
import { assertPortsFree, type PortClaim } from './ports.js';
import { startEmbeddedPostgres } from './postgres.js';
import { devLogLine } from './log-lines.js';
import { ProcessSupervisor } from './processes.js';
import {
  databaseIdentity,
  readRuntimeState,
  removeRuntimeState,
  writeRuntimeState,
} from './runtime-state.js';
import { serviceDefinitions, startServices } from './services.js';
import { loadLauncherSettings, TEMPORAL_DEV_PORTS, type LauncherSettings } from './settings.js';
import { startTemporalDevServer } from './temporal.js';
import { startDemoWebhookReceiver, WEBHOOK_PATH } from './webhook-receiver.js';
import { startMailCatcher } from './mail-catcher.js';
import { startDevIdentityProvider } from './dev-identity-provider.js';
import { packSdksIfStale } from './sdk-package.js';

function portClaims(settings: LauncherSettings): PortClaim[] {
  const { config } = settings;
  const claims: PortClaim[] = [
    { port: config.PORT, owner: 'API; set PORT to use another' },
    { port: settings.demoWebhookPort, owner: 'demo webhook receiver; set DEMO_WEBHOOK_PORT to use another' },
  ];
  claims.push({
    port: settings.simulators.port,
    owner: 'gateway simulators; set SIMULATOR_PORT to use another',
  });
  if (settings.mailCatcher) {
    const hint = 'or SMTP_URL to send through your own server';
    claims.push(
      {
        port: settings.mailCatcher.smtpPort,
        owner: `mail catcher (SMTP); set MAIL_CATCHER_SMTP_PORT to use another, ${hint}`,
      },
      {
        port: settings.mailCatcher.httpPort,
        owner: `mail catcher (inbox API); set MAIL_CATCHER_HTTP_PORT to use another, ${hint}`,
      },
    );
  }
  if (!config.DATABASE_URL) {
    claims.push({
      port: settings.embeddedPostgresPort,
      owner:
        'embedded PostgreSQL; set EMBEDDED_POSTGRES_PORT to use another, or DATABASE_URL to use your own',
    });
  }
  if (!config.TEMPORAL_ADDRESS) {
    const hint = 'set TEMPORAL_ADDRESS to use a Temporal that is already running';
    claims.push({ port: TEMPORAL_DEV_PORTS.grpc, owner: `Temporal dev server; ${hint}` });
    claims.push({ port: TEMPORAL_DEV_PORTS.ui, owner: `Temporal Web UI; ${hint}` });
  }
  return claims;
}

/** Everything `npm start` runs, in dependency order; the supervisor stops it in reverse. */
async function bringUp(
  settings: LauncherSettings,
  processes: ProcessSupervisor,
  cleanups: Array<() => unknown>,
): Promise<void> {
  const { config, dataDir } = settings;
  mkdirSync(dataDir, { recursive: true });
  const running = readRuntimeState(dataDir);
  if (running) {
    throw new LauncherError(
      `npm start is already running on ${dataDir} (pid ${running.pid}); stop it, or give this one its own data directory (e.g. DATA_DIR=.data-2 npm start)`,
    );
  }
  await assertPortsFree(portClaims(settings));
  // The SDKs the API serves to app teams (/sdk/node, /sdk/php, /sdk/python), packed while the
  // databases start. A failure is reported, never fatal: everything else works without them.
  const sdkPacked = packSdksIfStale().catch((error: unknown) =>
    process.stdout.write(`${tagged('start', `the SDKs were not packed: ${String(error)}`)}\n`),
  );

  const databaseUrl =
    config.DATABASE_URL ??
    (await startEmbeddedPostgres(processes, { dataDir, port: settings.embeddedPostgresPort }));
  const temporalAddress =
    config.TEMPORAL_ADDRESS ??
    (await startTemporalDevServer(processes, { dataDir, namespace: config.TEMPORAL_NAMESPACE }));
  const temporalUiUrl =
    config.TEMPORAL_UI_URL ??
    (config.TEMPORAL_ADDRESS ? undefined : `http://localhost:${TEMPORAL_DEV_PORTS.ui}`);

  // The user's SEALING_KEYS if set, else the key generated once into the data directory (stackEnv).
  const keyring = keyringFromConfig(config);
  const webhookUrl = `http://localhost:${settings.demoWebhookPort}${WEBHOOK_PATH}`;
  const { demo, admin } = await prepareDatabase(databaseUrl, {
    dataDir,
    pepper: config.CREDENTIAL_PEPPER,
    keyring,
    webhookUrl,
  });
  const receiver: Server = await startDemoWebhookReceiver({
    port: settings.demoWebhookPort,
    host: settings.bindHost,
    secret: demo.webhook!.secret,
    print: (line) => process.stdout.write(`${tagged('webhook', line)}\n`),
  });
  cleanups.push(() => new Promise((resolve) => receiver.close(resolve)));
  const catcher = settings.mailCatcher
    ? await startMailCatcher({
        ...settings.mailCatcher,
        host: settings.bindHost,
        print: (line) => process.stdout.write(`${tagged('mail', line)}\n`),
      })
    : null;
  if (catcher) cleanups.push(() => catcher.close());
  // People sign in through an identity provider: the local one unless OIDC_ISSUER_URL names another.
  const idp = process.env.OIDC_ISSUER_URL
    ? null
    : await startDevIdentityProvider({
        dataDir,
        // Beside the demo webhook receiver (8090) and the simulators (8081).
        port: Number(process.env.LOCAL_IDP_PORT ?? 8091),
        host: settings.bindHost,
        publicUrl: settings.publicUrl,
      });
  if (idp) cleanups.push(() => idp.provider.close());

  // The services honour OI_PAYMENTS_STACK=development only with this proof that npm start began them.
  const stackProof = issueDevelopmentStackProof(dataDir);
  writeRuntimeState(dataDir, {
    stackProof: stackProof.OI_PAYMENTS_STACK_PROOF,
    pid: process.pid,
    startedAt: new Date().toISOString(),
    apiUrl: settings.publicUrl,
    temporalAddress,
    embeddedPostgresPort: config.DATABASE_URL ? null : settings.embeddedPostgresPort,
    database: config.DATABASE_URL ? databaseIdentity(config.DATABASE_URL) : null,
  });
  cleanups.push(() => removeRuntimeState(dataDir));

  // The simulators (a child process) and the service get the same credentials: both derive them
  // from the data directory, and Nagad's keys are made here, before either starts.
  const simulators = { baseUrl: settings.simulators.url, dataDir, mounts: SIMULATOR_MOUNTS };
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...settings.stackEnv,
    ...stackProof,
    DATA_DIR: dataDir,
    BIND_HOST: settings.bindHost,
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: temporalAddress,
    TEMPORAL_UI_URL: temporalUiUrl,
    PUBLIC_URL: settings.publicUrl,
    SIMULATOR_PORT: String(settings.simulators.port),
    SIMULATOR_PUBLIC_URL: settings.simulators.url,
    // Each gateway's URL and TEST credentials, unless the user named a real gateway (its URL set).
    ...simulatorServiceEnvironment({ ...simulators, userEnv: process.env }),
    // Manual payments for every app in TEST, so the checkout offers them and an operator can record one.
    MANUAL_TEST_INSTRUCTIONS:
      process.env.MANUAL_TEST_INSTRUCTIONS ??
      'Demo bank transfer: pay to OI Payments Demo Ltd, account 0000 0000 0000, Demo Bank, Motijheel branch.',
    // The development admin signs in with a password alone unless the user asks otherwise.
    OPERATOR_SECOND_FACTOR: process.env.OPERATOR_SECOND_FACTOR ?? 'optional',
    // The demo receiver listens on this machine.
    WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
    // No load balancer to drain: Ctrl-C stops the API at once.
    SHUTDOWN_DRAIN_DELAY_SECONDS: process.env.SHUTDOWN_DRAIN_DELAY_SECONDS ?? '0',
    ...(catcher && { SMTP_URL: catcher.smtpUrl, MAIL_CATCHER_URL: catcher.httpUrl }),
    ...idp?.env,
  };
  const temporal = await Connection.connect({ address: temporalAddress });
  try {
    await startServices(processes, serviceDefinitions(settings, temporal), env);
  } finally {
    await temporal.close();
  }
  await sdkPacked;

  process.stdout.write(
    `${renderBanner({
      publicUrl: settings.publicUrl,
      demo,
      demoFile: demoAppFile(dataDir),
      admin: { ...admin, file: devAdminFile(dataDir) },
      gateway: {
        url: env.SSLCOMMERZ_SANDBOX_URL ?? config.SSLCOMMERZ_SANDBOX_URL,
        simulated: settings.userSslcommerzUrl === null,
      },
      simulators: {
        url: settings.simulators.url,
        lines: simulatorBanner({ ...simulators, userEnv: process.env }),
      },
      temporal: { address: temporalAddress, uiUrl: temporalUiUrl, namespace: config.TEMPORAL_NAMESPACE },
      webhookUrl,
      mail: catcher
        ? { smtpUrl: catcher.smtpUrl, inboxUrl: `${settings.publicUrl}/admin/emails/inbox` }
        : null,
      dataDir,
      identityProvider: idp
        ? {
            issuer: idp.provider.issuer,
            people: idp.people.map((p) => ({ email: p.email, password: p.password, groups: p.groups })),
          }
        : null,
    })}\n`,
  );
}

/**
 * `npm start`: the whole service on one machine with no configuration. Resolves to the exit code
 * once everything it started has stopped.
 */
export async function runLauncher(): Promise<number> {
  const settings = loadLauncherSettings();
  const cleanups: Array<() => unknown> = [];
  const processes = new ProcessSupervisor(
    (crashed) =>
      lifecycle.stop(
        1,
        `${crashed.name} stopped unexpectedly (${crashed.describeExit()}); stopping everything`,
      ),
    (line) => devLogLine(line, settings.log),
  );
  const lifecycle = new Lifecycle(async () => {
    await processes.stopAll();
    for (const cleanup of cleanups.reverse()) await cleanup();
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => lifecycle.stop(0, `${signal} received; stopping`));
  }
  process.on('exit', () => processes.killAllNow());

  try {
    await bringUp(settings, processes, cleanups);
  } catch (error) {
    // A failure caused by shutting down is not news; the first reason was already printed.
    lifecycle.stop(1, `could not start: ${describeFailure(error)}`);
  }
  return lifecycle.done;
}
