import { OPERATOR_TAGS } from './tags.js';
import { integer, record, ref, text, withExamples, type Json } from './json-schema.js';
import { errorResponse, ok } from './responses.js';

/**
 * The probes an orchestrator or load balancer asks: at the service's root, not under /api/v1, so
 * each path names its own server. Neither needs credentials nor counts against a limit.
 */
export const healthSchemas = (): Record<string, Json> => ({
  ReadinessCheck: withExamples(
    record(
      {
        status: { type: 'string', enum: ['ok', 'failed'] },
        latencyMs: { ...integer, minimum: 0, description: 'How long the dependency took to answer' },
        reason: { ...text, description: 'Why the check failed: the error, or no answer within the timeout' },
      },
      ['reason'],
    ),
    { status: 'ok', latencyMs: 2 },
  ),
  Liveness: record({ status: { type: 'string', const: 'ok' } }),
  Readiness: withExamples(
    record({
      status: { type: 'string', const: 'ready' },
      checks: record({ postgresql: ref('ReadinessCheck'), temporal: ref('ReadinessCheck') }),
    }),
    {
      status: 'ready',
      checks: { postgresql: { status: 'ok', latencyMs: 2 }, temporal: { status: 'ok', latencyMs: 4 } },
    },
  ),
});

const probe = (root: string, operation: Json): Json => ({
  get: {
    tags: [OPERATOR_TAGS.health.name],
    security: [],
    // On the operation, not the path item: tools read a path item's keys as its methods.
    servers: [{ url: root, description: 'The service itself: probes sit beside /api/v1, not under it' }],
    ...operation,
  },
});

export const healthPaths = (publicUrl: string): Record<string, Json> => {
  const root = publicUrl.replace(/\/$/, '');
  const alive = ok('The process answers', ref('Liveness'));
  return {
    '/health/live': probe(root, {
      operationId: 'healthLive',
      summary: 'Liveness: the process answers',
      description:
        'Asks nothing of PostgreSQL or Temporal, so a dependency outage never restarts the API. `GET /health` answers the same.',
      responses: { 200: alive },
    }),
    '/health/ready': probe(root, {
      operationId: 'healthReady',
      summary: 'Readiness: PostgreSQL and Temporal answer',
      description:
        "Asks PostgreSQL (`select 1` on the pool) and Temporal (GetSystemInfo on the process's connection) at once, each within PROBE_TIMEOUT_MS; concurrent probes share one round of checks. From SIGTERM on it answers 503 with status `draining` while requests in flight finish.",
      responses: {
        200: ok('PostgreSQL and Temporal answered', ref('Readiness')),
        503: errorResponse(
          'NOT_READY: `details.failed` names the dependencies that failed and `details.checks` why; or `details.status` is `draining`',
        ),
      },
    }),
  };
};
