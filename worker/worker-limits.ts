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
 * 100 holds every lifecycle of a worker at its peak (64 in flight) and about 30 MB less than 200
 * with 10,000 checkouts open (decision 0027).
 */
export const DEFAULT_MAX_CACHED_WORKFLOWS = 100;
