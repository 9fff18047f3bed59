import { ConfigError } from './index.js';

/**
 * A process that will not start because of how it is set up, with a message that says what to
 * change; printed as that message alone.
 */
export class StartupRefusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartupRefusal';
  }
}

/**
 * How an entry point ends when it cannot start: a configuration error or a refusal is printed as
 * its message alone (it names the variable or the setting and what is wrong); anything else with
 * its stack.
 */
export function exitOnStartupFailure(error: unknown): never {
  console.error(error instanceof ConfigError || error instanceof StartupRefusal ? error.message : error);
  process.exit(1);
}
