import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';

/**
 * The Temporal runtime logs at ERROR in tests (TEST_TEMPORAL_LOG_LEVEL overrides): worker state
 * changes at INFO would bury the test report. The runtime is process-wide and installs once.
 *
 * The SDK's native core logs on its own, straight to the console at WARN unless told otherwise,
 * so the same level is set for it too. Its warnings in a passing run are known and benign here:
 * "Workflow task duration exceeded 5 seconds" (TMPRL1104), from workflow tasks slowed by
 * suites running side by side on two cores, and "Temporal Server 1.16.0 or newer is required…",
 * because the time-skipping test server does not advertise the heartbeat-details capability.
 */
export function quietTemporalRuntime(): void {
  const level = (process.env.TEST_TEMPORAL_LOG_LEVEL as LogLevel | undefined) ?? 'ERROR';
  try {
    Runtime.install({
      logger: new DefaultLogger(level),
      telemetryOptions: { logging: { filter: { core: level, other: level } } },
    });
  } catch {
    // already installed by an earlier test file in this process
  }
}
