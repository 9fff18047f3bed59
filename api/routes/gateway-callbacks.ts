import Router from '@koa/router';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ApiError } from '../../domain/errors.js';
import { receiveCallback } from '../callbacks.js';
import type { RouteDeps } from '../deps.js';
import { sendData } from '../envelope.js';
import { readForm } from '../middleware/body.js';
import { rateLimit } from '../middleware/rate-limit.js';

/**
 * POST /api/v1/gateways/:gateway/ipn: the gateway's server-to-server notification. It is stored,
 * filtered by signature, and handed to the payment's workflow, which confirms it with the
 * gateway's validation API. Answering 200 means "stored", not "paid".
 */
/** A gateway's notification is a few hundred bytes; anything near this is not one. */
export const MAX_CALLBACK_BYTES = 16 * 1024;

export function gatewayCallbackRoutes(deps: RouteDeps): Router {
  const router = new Router();
  const limited = rateLimit(deps, { name: 'ipn', perMinute: deps.config.RATE_LIMIT_IPN_PER_MINUTE });
  router.post('/gateways/:gateway/ipn', limited, async (ctx) => {
    // Nothing is read, stored or counted for a gateway we do not speak.
    if (!deps.gateways.knows(ctx.params.gateway!)) throw new ApiError('GATEWAY_NOT_FOUND');
    const fields = await readForm(ctx, { limitBytes: MAX_CALLBACK_BYTES });
    const verdict = await receiveCallback(deps.orm.em.fork() as EntityManager, deps.gateways, deps.metrics, {
      gateway: ctx.params.gateway!,
      kind: 'IPN',
      fields,
    });
    if (!verdict.accepted) {
      deps.logger.warn(
        { reason: verdict.reason, callbackId: verdict.callbackId },
        'gateway callback rejected',
      );
      throw new ApiError('CALLBACK_REJECTED', `Callback rejected: ${verdict.reason}`);
    }
    if (verdict.handOver) {
      await deps.orchestrator.notifyCallback(verdict.payment, {
        callbackId: verdict.callbackId,
        validationId: verdict.parsed.validationId,
      });
    }
    sendData(ctx, 200, { received: true, callbackId: verdict.callbackId, duplicate: verdict.duplicate });
  });
  return router;
}
