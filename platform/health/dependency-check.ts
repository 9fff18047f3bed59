/** What one dependency said when asked: fine, with how long it took, or why not. */
export type CheckResult =
  { status: 'ok'; latencyMs: number } | { status: 'failed'; latencyMs: number; reason: string };

/** Asks a dependency something cheap; resolves when it answered, rejects when it could not. */
export type DependencyCheck = (timeoutMs: number) => Promise<unknown>;

/**
 * Runs a check within `timeoutMs`: a dependency that does not answer in time counts as down, so a
 * probe never waits longer than the orchestrator's own probe timeout.
 */
export async function runCheck(check: DependencyCheck, timeoutMs: number): Promise<CheckResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([check(timeoutMs), timedOut]);
    return { status: 'ok', latencyMs: elapsed() };
  } catch (error) {
    return { status: 'failed', latencyMs: elapsed(), reason: reasonOf(error) };
  } finally {
    clearTimeout(timer);
  }
}

/** The first line of what went wrong: enough to tell a refused connection from a timeout. */
function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  const line = (message.split('\n')[0] ?? '').trim() || 'failed';
  return typeof code === 'string' && !line.includes(code) ? `${code}: ${line}` : line;
}
