import { simulatorServiceEnvironment } from './host.js';
import { envFile } from './env-file.js';
import { simulatorHostSettings } from './host-settings.js';
import { SIMULATOR_MOUNTS } from './mounts.js';

/**
 * Prints, as a Docker Compose env file, what our API and worker need to use the simulators
 * gateways/simulators-main.ts serves with the same settings: each gateway's URL at
 * SIMULATOR_SERVICE_URL, its page origin at SIMULATOR_PUBLIC_URL, and its TEST credentials.
 * Nagad's keys are made in DATA_DIR if absent, so the simulators later started on the same data
 * directory hold the very keys printed here (docs/operations/docker-compose.md).
 */
const settings = simulatorHostSettings();
const variables = simulatorServiceEnvironment({
  baseUrl: settings.baseUrl,
  serviceBaseUrl: settings.serviceBaseUrl,
  dataDir: settings.dataDir,
  mounts: SIMULATOR_MOUNTS,
});
process.stdout.write(
  envFile(variables, [
    `The gateway simulators: pages at ${settings.baseUrl}, APIs at ${settings.serviceBaseUrl}.`,
    'TEST credentials only; Nagad keys from the simulators data directory.',
  ]),
);
