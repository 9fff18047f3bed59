/** Bad command-line input: the CLI prints the message and the usage, and exits with code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** The command was well formed but could not do its job (no database, unknown app): exit code 1. */
export class CliFailure extends Error {
  override name = 'CliFailure';
}
