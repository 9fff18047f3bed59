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

/** The lines an entry point prints when its settings stop it: `refusing to start: <VARIABLE>: …`. */
export const refusalLines = (error: ConfigError): string[] =>
  error.issues.map((issue) => `refusing to start: ${issue}`);

/**
 * How an entry point ends when it cannot start: a configuration error is printed as one
 * `refusing to start: <VARIABLE>: …` line per problem, a refusal as its message alone (it names
 * the setting and what is wrong); anything else with its stack.
 */
export function exitOnStartupFailure(error: unknown): never {
  if (error instanceof ConfigError) for (const line of refusalLines(error)) console.error(line);
  else console.error(error instanceof StartupRefusal ? error.message : error);
  process.exit(1);
}
