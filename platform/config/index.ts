import {
  DEFAULT_UPLOAD_LIMITS,
  type UploadArea,
  type UploadLimits,
} from '../../domain/uploads/upload-limits.js';
import type { ReconciliationPolicy } from '../../domain/reconciliation/reconciliation.js';
import { deploymentProblems } from './deployment.js';
import { configSchema, type Config } from './schema.js';

/**
 * Loading the configuration: the settings (platform/config/schema.ts) parsed from the environment,
 * then the deployment rules they must meet (platform/config/deployment.ts), and what the rest of the
 * service reads off them. The deployment rules read the settings' shape, so the shape lives apart.
 */
export { configSchema } from './schema.js';
export type { Config } from './schema.js';

export type UploadSetting =
  | 'UPLOAD_MAX_BYTES'
  | 'UPLOAD_MAX_DECOMPRESSED_BYTES'
  | 'UPLOAD_MAX_COMPRESSION_RATIO'
  | 'UPLOAD_MAX_ROWS'
  | 'UPLOAD_MAX_COLUMNS'
  | 'UPLOAD_PARSER_HEAP_MB'
  | 'UPLOAD_READER_STALL_SECONDS'
  | 'UPLOAD_TMP_DIR'
  | 'UPLOAD_MAX_CONCURRENT_READS'
  | 'UPLOAD_WAIT_SECONDS';

/** Where this deployment spools and reads uploads, within which limits (UPLOAD_*). */
export function uploadAreaOf(config: Partial<Pick<Config, UploadSetting>>): UploadArea {
  return {
    root: config.UPLOAD_TMP_DIR,
    limits: uploadLimitsOf(config),
    concurrentReads: config.UPLOAD_MAX_CONCURRENT_READS,
  };
}

/** The upload limits a deployment set (UPLOAD_*), the defaults where unset. */
export function uploadLimitsOf(config: Partial<Pick<Config, UploadSetting>>): UploadLimits {
  const d = DEFAULT_UPLOAD_LIMITS;
  return {
    maxBytes: config.UPLOAD_MAX_BYTES ?? d.maxBytes,
    maxDecompressedBytes: config.UPLOAD_MAX_DECOMPRESSED_BYTES ?? d.maxDecompressedBytes,
    maxCompressionRatio: config.UPLOAD_MAX_COMPRESSION_RATIO ?? d.maxCompressionRatio,
    maxRows: config.UPLOAD_MAX_ROWS ?? d.maxRows,
    maxColumns: config.UPLOAD_MAX_COLUMNS ?? d.maxColumns,
    parserHeapMb: config.UPLOAD_PARSER_HEAP_MB ?? d.parserHeapMb,
    readerStallSeconds: config.UPLOAD_READER_STALL_SECONDS ?? d.readerStallSeconds,
  };
}

/** The reconciliation settings, as the code that starts settlement days takes them. */
export function reconciliationPolicyOf(
  config: Pick<Config, 'RECON_GRACE_DAYS' | 'RECON_FEE_TOLERANCE_MINOR' | 'RECON_PAYOUT_WINDOW_DAYS'> &
    Partial<Pick<Config, 'RECON_ROUNDING_TOLERANCE_MINOR' | 'RECON_TEST_ROUNDING_TOLERANCE_MINOR'>>,
): ReconciliationPolicy {
  return {
    graceDays: config.RECON_GRACE_DAYS,
    feeToleranceMinor: config.RECON_FEE_TOLERANCE_MINOR,
    payoutWindowDays: config.RECON_PAYOUT_WINDOW_DAYS,
    ...(config.RECON_ROUNDING_TOLERANCE_MINOR && {
      roundingTolerance: {
        LIVE: config.RECON_ROUNDING_TOLERANCE_MINOR,
        TEST:
          config.RECON_TEST_ROUNDING_TOLERANCE_MINOR === undefined
            ? config.RECON_ROUNDING_TOLERANCE_MINOR
            : config.RECON_TEST_ROUNDING_TOLERANCE_MINOR,
      },
    }),
  };
}

export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid configuration:\n  ${issues.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = configSchema.safeParse(env);
  if (!result.success) {
    const malformed = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError([...malformed, ...problemsBeside(env, result.error.issues)]);
  }
  const unsafe = deploymentProblems(result.data, env);
  if (unsafe.length) throw new ConfigError(unsafe);
  return result.data;
}

/**
 * The deployment's other problems, beside settings that could not be read: the rules run on the
 * settings as they would be without the unreadable ones, so a deployment hears of everything it
 * must change at once, not one round at a time. A problem naming an unreadable setting is left
 * out (its own line says it); nothing is added when even that cannot be read.
 */
function problemsBeside(env: NodeJS.ProcessEnv, issues: ReadonlyArray<{ path: PropertyKey[] }>): string[] {
  const unreadable = new Set(issues.map((issue) => String(issue.path[0])));
  const rest = Object.fromEntries(Object.entries(env).filter(([name]) => !unreadable.has(name)));
  const readable = configSchema.safeParse(rest);
  if (!readable.success) return [];
  return deploymentProblems(readable.data, rest).filter(
    (problem) => !unreadable.has(problem.slice(0, problem.indexOf(':'))),
  );
}
