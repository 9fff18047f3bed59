import path from 'node:path';
import type { Connection } from '@temporalio/client';
import { urlHost } from './bind-host.js';
import { httpOk, workerPolling } from './probes.js';
import type { ProcessSupervisor } from './processes.js';
import type { LauncherSettings } from './settings.js';
import { tsxArgs } from './tsx.js';
import { waitFor } from './wait.js';

const ROOT = path.resolve(__dirname, '..', '..');

export interface Service {
  name: string;
  /** Entry point, relative to the project root. */
  entry: string;
  ready: () => Promise<boolean>;
}

/** The service's own processes: the gateway simulators (every gateway's, on one port), worker and API. */
export function serviceDefinitions(settings: LauncherSettings, temporal: Connection): Service[] {
  const { config, simulators } = settings;
  const local = urlHost(settings.localHost);
  const since = Date.now();
  return [
    {
      name: 'simulators',
      entry: 'gateways/simulators-main.ts',
      ready: () => httpOk(`http://${local}:${simulators.port}/`),
    },
    {
      name: 'worker',
      entry: 'worker/main.ts',
      ready: () =>
        workerPolling(temporal, {
          namespace: config.TEMPORAL_NAMESPACE,
          taskQueue: config.TEMPORAL_TASK_QUEUE,
          since,
        }),
    },
    { name: 'api', entry: 'api/main.ts', ready: () => httpOk(`http://${local}:${config.PORT}/health`) },
  ];
}

/** Starts the services together (each a tsx process) and resolves once every one is ready. */
export async function startServices(
  processes: ProcessSupervisor,
  services: Service[],
  env: NodeJS.ProcessEnv,
): Promise<void> {
  const started = services.map((service) => ({
    service,
    managed: processes.start(service.name, process.execPath, tsxArgs(path.join(ROOT, service.entry)), env, {
      restartOnCrash: true,
    }),
  }));
  // The worker bundles the workflow code before it polls, which takes a while on a cold machine.
  await Promise.all(
    started.map(({ service, managed }) =>
      waitFor(service.name, service.ready, { process: managed, timeoutMs: 180_000 }),
    ),
  );
}
