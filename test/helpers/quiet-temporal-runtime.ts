import { DefaultLogger, Runtime } from '@temporalio/worker';

/**
 * The Temporal runtime logs at ERROR in tests (TEST_TEMPORAL_LOG_LEVEL overrides): worker state
 * changes at INFO would bury the test report. The runtime is process-wide and installs once.
 */
export function quietTemporalRuntime(): void {
  try {
    Runtime.install({
      logger: new DefaultLogger((process.env.TEST_TEMPORAL_LOG_LEVEL as 'ERROR') ?? 'ERROR'),
    });
  } catch {
    // already installed by an earlier test file in this process
  }
}
