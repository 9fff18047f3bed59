import type { Keyring } from '../sealing/secret-box.js';
import { developmentStackProblem } from './development-stack.js';
import { isDevelopmentStack, temporalEncrypts } from './deployment.js';
import { ConfigError, loadConfig, type Config } from './index.js';
import { keyringFromConfig } from '../sealing/sealing.js';

/**
 * What every entry point (API, worker, migrate, CLI) does first, before anything connects: the
 * development stack's relaxations only with proof of who started the process, the settings and
 * their deployment rules, and the sealing keys. Throws a ConfigError of one line per problem
 * (platform/config/startup-failure.ts prints them as `refusing to start: …`).
 */
export function loadStartupConfig(
  env: NodeJS.ProcessEnv = process.env,
  options: { quiet?: boolean } = {},
): { config: Config; keyring: Keyring } {
  const unproven = developmentStackProblem(env);
  if (unproven) throw new ConfigError([unproven]);
  const config = loadConfig(env);
  const keyring = keyringFromConfig(config);
  if (
    !options.quiet &&
    !isDevelopmentStack(config) &&
    config.TEMPORAL_ALLOW_PLAINTEXT &&
    !temporalEncrypts(config)
  ) {
    // Accepted on purpose, and said where every operator reading the logs will see it.
    console.error(
      'WARNING: TEMPORAL_ALLOW_PLAINTEXT=true: the connection to Temporal is not encrypted; anyone on the path reads payment data and can start workflows',
    );
  }
  return { config, keyring };
}
