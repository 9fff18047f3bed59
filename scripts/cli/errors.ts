/** Bad command-line input: the CLI prints the message and the usage, and exits with code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** The command was well formed but could not do its job (no database, unknown app): exit code 1. */
export class CliFailure extends Error {
  override name = 'CliFailure';
}

/** Input the command cannot accept (a short password, a taken email): exit code 2, without the usage. */
export class InputError extends Error {
  override name = 'InputError';
}
