import type { Keyring } from '../sealing/secret-box.js';
import { developmentStackProblem } from './development-stack.js';
import { isDevelopmentStack, temporalEncrypts } from './deployment.js';
import { ConfigError, configSchema, loadConfig, type Config } from './index.js';
import { keyringFromConfig, sealingKeysProblem } from '../sealing/sealing.js';

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
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (error) {
    // Said together with the settings' own problems: a deployment hears of all of them at once.
    if (error instanceof ConfigError)
      throw new ConfigError([...error.issues, ...sealingBeside(env, error.issues)]);
    throw error;
  }
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

/**
 * What `npm run migrate` reads: the database it migrates, and none of the service's other
 * settings. A migration changes the schema as its owner and serves nothing, so the rules that keep
 * a serving process safe (peppers, keys, hosts, TLS to Temporal) do not apply to it, and the owner's
 * URL is all a release needs to migrate. Throws a ConfigError of one line when it is missing or
 * unusable.
 */
export function loadMigrationSettings(env: NodeJS.ProcessEnv = process.env): { databaseUrl: string } {
  const parsed = configSchema.pick({ DATABASE_URL: true }).safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  if (!parsed.data.DATABASE_URL) {
    throw new ConfigError([
      "DATABASE_URL: is not set; a migration runs as the schema's owner: DATABASE_URL=<owner's URL> npm run migrate",
    ]);
  }
  return { databaseUrl: parsed.data.DATABASE_URL };
}

/** SEALING_KEYS' problem, when the other settings' problems do not name it already. */
function sealingBeside(env: NodeJS.ProcessEnv, issues: readonly string[]): string[] {
  if (issues.some((issue) => issue.startsWith('SEALING_KEYS:'))) return [];
  const sealing = configSchema
    .pick({ SEALING_KEYS: true, CREDENTIAL_PEPPER: true, CREDENTIAL_PEPPER_PREVIOUS: true })
    .safeParse(env);
  if (!sealing.success) return [];
  const problem = sealingKeysProblem(sealing.data);
  return problem ? [problem] : [];
}
