import { loadConfig } from '../config/index.js';
import { keyringFromConfig } from '../config/sealing.js';
import { resolveDatabaseUrl } from '../db/database-url.js';
import { createOrm } from '../db/orm.js';
import { appGatewaySettingsLoader } from '../db/app-gateways.js';
import { receiptBook } from '../db/manual-receipts.js';
import { GATEWAY_SECRET_FIELDS, createGatewayRegistry } from '../gateways/registry.js';
import { connectClient } from '../temporal/connection.js';
import { temporalConnectionOptions } from '../temporal/connection-options.js';
import { createApp } from './app.js';
import { createApiServer } from './http-server.js';
import { createLogger } from '../config/logger.js';
import { createPaymentOrchestrator } from './payment-orchestrator.js';
import { exitOnStartupFailure } from '../config/startup-failure.js';

/** `npm run start:api`: serves the HTTP API and hosted pages until SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const config = loadConfig();
  const keyring = keyringFromConfig(config);
  const logger = createLogger(config.LOG_LEVEL, 'api', GATEWAY_SECRET_FIELDS);
  const orm = await createOrm({ databaseUrl: resolveDatabaseUrl(config), poolMax: config.DATABASE_POOL_MAX });
  const client = await connectClient(temporalConnectionOptions(config), config.TEMPORAL_NAMESPACE);
  const app = createApp({
    config,
    orm,
    keyring,
    gateways: createGatewayRegistry(config, {
      loadSettings: appGatewaySettingsLoader(orm, keyring, (details, message) =>
        logger.warn(details, message),
      ),
      receipts: receiptBook(orm),
    }),
    orchestrator: createPaymentOrchestrator(client, config.TEMPORAL_TASK_QUEUE),
    logger,
  });
  const server = createApiServer(app.callback()).listen(config.PORT, config.BIND_HOST, () =>
    logger.info({ port: config.PORT, host: config.BIND_HOST ?? 'every interface' }, 'api listening'),
  );
  const stop = () => {
    logger.info('api stopping');
    server.close(
      () => void Promise.all([orm.close(), client.connection.close()]).then(() => process.exit(0)),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch(exitOnStartupFailure);
