import { reconciliationPolicyOf } from '../platform/config/index.js';
import { loadStartupConfig } from '../platform/config/startup.js';
import { resolveDatabaseUrl } from '../platform/orm/database-url.js';
import { createOrm } from '../platform/orm/orm.js';
import { warnWhenAuditLogWritable } from '../platform/orm/runtime-role-check.js';
import { isDevelopmentStack } from '../platform/config/deployment.js';
import { refuseRetiredLegacyValues } from '../platform/sealing/legacy-sealing.js';
import {
  appGatewaySettingsLoader,
  gatewaySettingsOfAppsLoader,
  appGatewaySettingsVersionReader,
} from '../db/apps/app-gateways.js';
import { watchAppGatewayChanges } from '../db/apps/app-gateway-changes.js';
import { receiptBook } from '../db/payments/manual-receipts.js';
import { createCallTally } from '../domain/gateway-health/call-tally.js';
import { startCallMinuteWriter } from '../db/gateway-health/call-minutes.js';
import { GATEWAY_SECRET_FIELDS, createGatewayRegistry } from '../gateways/registry.js';
import { connectClient } from '../platform/temporal/connection.js';
import { temporalConnectionOptions } from '../platform/temporal/connection-options.js';
import { assertSearchAttributes } from '../platform/temporal/search-attribute-check.js';
import { createApp } from './app.js';
import { createRequestLogWriter } from './apps/request-log-writer.js';
import { createEventStreamHub } from './webhooks/event-stream-hub.js';
import { createApiServer } from '../platform/http/http-server.js';
import { listeningPort, reportListeningPort } from '../platform/http/listening-port.js';
import { createLogger } from '../platform/config/logger.js';
import { createOrchestrator } from './orchestrator.js';
import { exitOnStartupFailure } from '../platform/config/startup-failure.js';
import { startTracing } from '../platform/telemetry/tracing.js';
import { apiReadiness } from './health/api-readiness.js';
import { drainOnSignals } from './shutdown.js';

/** `npm run start:api`: serves the HTTP API and hosted pages until SIGINT/SIGTERM, then drains (api/shutdown.ts). */
async function main(): Promise<void> {
  const { config, keyring } = loadStartupConfig();
  const tracing = startTracing('api');
  const logger = createLogger(config.LOG_LEVEL, 'api', GATEWAY_SECRET_FIELDS);
  const databaseUrl = resolveDatabaseUrl(config);
  const orm = await createOrm({ databaseUrl, poolMax: config.DATABASE_POOL_MAX });
  await refuseRetiredLegacyValues(orm.em.fork(), config).catch(async (error: unknown) => {
    await orm.close();
    throw error;
  });
  await warnWhenAuditLogWritable(orm, isDevelopmentStack(config), (line) => logger.warn(line));
  const client = await connectClient(temporalConnectionOptions(config), config.TEMPORAL_NAMESPACE);
  // The API starts workflows that set search attributes: without them a payment or invoice fails.
  await assertSearchAttributes(client.connection, config.TEMPORAL_NAMESPACE);
  // Gateway call outcomes per gateway, mode and minute, for gateway health (written every few seconds).
  const tally = createCallTally();
  const callMinutes = startCallMinuteWriter(orm, tally, config.GATEWAY_CALLS_FLUSH_SECONDS * 1000, (error) =>
    logger.warn({ error }, 'gateway call outcomes not written yet'),
  );
  const gateways = createGatewayRegistry(config, {
    tally,
    loadGatewaySettings: gatewaySettingsOfAppsLoader(orm, keyring),
    loadSettings: appGatewaySettingsLoader(orm, keyring, (details, message) => logger.warn(details, message)),
    settingsVersion: appGatewaySettingsVersionReader(orm),
    receipts: receiptBook(orm),
  });
  // Every process caches settings: each hears of a change made through any of them at once.
  const settingsWatch = watchAppGatewayChanges(databaseUrl, 'api', {
    changed: (appId, mode) => gateways.invalidate(appId, mode),
    unknown: () => gateways.invalidateAll(),
    warn: (details, message) => logger.warn(details, message),
  });
  const requestLog = createRequestLogWriter({ orm, logger });
  const eventStreams = createEventStreamHub();
  const readiness = apiReadiness({
    orm,
    temporal: client.connection,
    timeoutMs: config.PROBE_TIMEOUT_MS,
    logger,
  });
  const app = createApp({
    config,
    orm,
    keyring,
    gateways,
    orchestrator: createOrchestrator(client, config.TEMPORAL_TASK_QUEUE, reconciliationPolicyOf(config)),
    logger,
    requestLog,
    eventStreams,
    readiness,
  });
  const server = createApiServer(app.callback()).listen(config.PORT, config.BIND_HOST, () => {
    // The port it holds: PORT, or with PORT=0 the one the kernel picked (its starter reads it here).
    const port = listeningPort(server);
    logger.info({ port, host: config.BIND_HOST ?? 'every interface' }, 'api listening');
    try {
      reportListeningPort(config.LISTEN_PORT_FILE, port);
    } catch (error) {
      exitOnStartupFailure(error);
    }
  });
  drainOnSignals({
    server,
    readiness,
    eventStreams,
    config,
    logger,
    // The request log's last entries go in before the database connection closes.
    release: () =>
      Promise.all([requestLog.close(), callMinutes.close()]).then(() =>
        Promise.all([settingsWatch.close(), orm.close(), client.connection.close(), tracing?.shutdown()]),
      ),
  });
}

main().catch(exitOnStartupFailure);
