import { Client, Connection } from '@temporalio/client';
import { reconciliationPolicyOf, type Config } from '../../platform/config/index.js';
import { createOrchestrator, type Orchestrator } from '../../api/orchestrator.js';
import { readRuntimeState } from '../dev/runtime-state.js';
import { CliFailure } from './errors.js';

/** TEMPORAL_ADDRESS, or else the Temporal of the `npm start` running on DATA_DIR. */
function temporalAddress(config: Config): string {
  if (config.TEMPORAL_ADDRESS) return config.TEMPORAL_ADDRESS;
  const running = readRuntimeState(config.DATA_DIR);
  if (running) return running.temporalAddress;
  throw new CliFailure('no Temporal: set TEMPORAL_ADDRESS, or start `npm start` first');
}

/** The workflows' side of the service, for commands that talk to a running workflow. */
export async function connectOrchestrator(
  config: Config,
): Promise<{ orchestrator: Orchestrator; close: () => Promise<void> }> {
  const address = temporalAddress(config);
  let connection: Connection;
  try {
    connection = await Connection.connect({ address, connectTimeout: 5_000 });
  } catch (error) {
    throw new CliFailure(`cannot reach Temporal at ${address}: ${(error as Error).message}`);
  }
  const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
  return {
    orchestrator: createOrchestrator(client, config.TEMPORAL_TASK_QUEUE, reconciliationPolicyOf(config)),
    close: () => connection.close(),
  };
}
