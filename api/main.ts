import { reconciliationPolicyOf } from '../config/index.js';
import { loadStartupConfig } from '../config/startup.js';
import { resolveDatabaseUrl } from '../db/database-url.js';
import { createOrm } from '../db/orm.js';
import { refuseRetiredLegacyValues } from '../db/legacy-sealing.js';
import {
  appGatewaySettingsLoader,
  gatewaySettingsOfAppsLoader,
  appGatewaySettingsVersionReader,
} from '../db/app-gateways.js';
import { watchAppGatewayChanges } from '../db/app-gateway-changes.js';
import { receiptBook } from '../db/manual-receipts.js';
import { GATEWAY_SECRET_FIELDS, createGatewayRegistry } from '../gateways/registry.js';
import { connectClient } from '../temporal/connection.js';
import { temporalConnectionOptions } from '../temporal/connection-options.js';
import { assertSearchAttributes } from '../temporal/search-attribute-check.js';
import { createApp } from './app.js';
import { createApiServer } from './http-server.js';
import { createLogger } from '../config/logger.js';
import { createPaymentOrchestrator } from './payment-orchestrator.js';
import { exitOnStartupFailure } from '../config/startup-failure.js';
import { startTracing } from '../telemetry/tracing.js';

/** `npm run start:api`: serves the HTTP API and hosted pages until SIGINT/SIGTERM. */
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
  const client = await connectClient(temporalConnectionOptions(config), config.TEMPORAL_NAMESPACE);
  // The API starts workflows that set search attributes: without them a payment or invoice fails.
  await assertSearchAttributes(client.connection, config.TEMPORAL_NAMESPACE);
  const gateways = createGatewayRegistry(config, {
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
  const app = createApp({
    config,
    orm,
    keyring,
    gateways,
    orchestrator: createPaymentOrchestrator(
      client,
      config.TEMPORAL_TASK_QUEUE,
      reconciliationPolicyOf(config),
    ),
    logger,
  });
  const server = createApiServer(app.callback()).listen(config.PORT, config.BIND_HOST, () =>
    logger.info({ port: config.PORT, host: config.BIND_HOST ?? 'every interface' }, 'api listening'),
  );
  const stop = () => {
    logger.info('api stopping');
    server.close(
      () =>
        void Promise.all([
          settingsWatch.close(),
          orm.close(),
          client.connection.close(),
          tracing?.shutdown(),
        ]).then(() => process.exit(0)),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch(exitOnStartupFailure);
