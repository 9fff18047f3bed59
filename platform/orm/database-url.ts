import type { Config } from '../config/index.js';

/** Production processes need an explicit DATABASE_URL; the dev launcher provides one. */
export function resolveDatabaseUrl(config: Config): string {
  if (!config.DATABASE_URL) {
    throw new Error(
      'DATABASE_URL is not set (npm start provides an embedded PostgreSQL; api and worker need one)',
    );
  }
  return config.DATABASE_URL;
}
