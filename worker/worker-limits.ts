/**
 * The worker's slots and workflow cache, apart from what they run: the bench's bare lifecycle
 * worker uses the same, so the two are compared like for like.
 */
export const WORKER_SLOTS = {
  maxConcurrentActivityTaskExecutions: 100,
  maxConcurrentWorkflowTaskExecutions: 100,
} as const;

/**
 * Workflows kept in memory between tasks by default: bounded so memory does not grow with the
 * number of open payments (an evicted workflow is rebuilt from its history on its next task).
 */
export const DEFAULT_MAX_CACHED_WORKFLOWS = 200;
