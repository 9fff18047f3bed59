import { ConfigError } from '../../platform/config/index.js';

/** A failure the user can act on: printed as its message alone, without a stack trace. */
export class LauncherError extends Error {
  override name = 'LauncherError';
}

export function describeFailure(error: unknown): string {
  if (error instanceof LauncherError || error instanceof ConfigError) return error.message;
  if (error instanceof Error) return error.stack ?? error.message;
  return String(error);
}
