import { ConfigError } from './index.js';

/**
 * How an entry point ends when it cannot start: a configuration error is printed as its message
 * alone (it names the variable and what is wrong); anything else with its stack.
 */
export function exitOnStartupFailure(error: unknown): never {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
}
