import Router from '@koa/router';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ApiError } from '../../domain/errors.js';
import { receiveCallback } from '../callbacks.js';
import type { RouteDeps } from '../deps.js';
import { sendData } from '../envelope.js';
import { readInbound } from '../inbound.js';
import { rateLimit } from '../middleware/rate-limit.js';

export { MAX_INBOUND_BYTES as MAX_CALLBACK_BYTES } from '../inbound.js';

/**
 * POST /api/v1/gateways/:gateway/ipn: a gateway's server-to-server notification (SSLCOMMERZ's
 * IPN, Stripe's signed webhook). It is stored, checked by the payment's gateway, and handed to the
 * payment's workflow, which confirms it with the gateway's own authority. 200 means "stored", not
 * "paid".
 */
export function gatewayCallbackRoutes(deps: RouteDeps): Router {
  const router = new Router();
  const limited = rateLimit(deps, { name: 'ipn', perMinute: deps.config.RATE_LIMIT_IPN_PER_MINUTE });
  router.post('/gateways/:gateway/ipn', limited, async (ctx) => {
    // Nothing is read, stored or counted for a gateway we do not speak.
    if (!deps.gateways.knows(ctx.params.gateway!)) throw new ApiError('GATEWAY_NOT_FOUND');
    const request = await readInbound(ctx, 'NOTIFICATION');
    if (deps.gateways.ignores(ctx.params.gateway!, request)) {
      return sendData(ctx, 200, { received: true, callbackId: null, ignored: true });
    }
    const verdict = await receiveCallback(deps.orm.em.fork() as EntityManager, deps.gateways, deps.metrics, {
      gateway: ctx.params.gateway!,
      kind: 'IPN',
      request,
    });
    if (!verdict.accepted) {
      // A notification about no payment of ours is counted by the metrics, not logged one by one.
      const log = verdict.reason === 'UNKNOWN_PAYMENT' ? deps.logger.debug : deps.logger.warn;
      log.call(
        deps.logger,
        { reason: verdict.reason, detail: verdict.detail, callbackId: verdict.callbackId },
        'gateway callback rejected',
      );
      if (verdict.acknowledge) {
        return sendData(ctx, 200, { received: true, callbackId: verdict.callbackId, ignored: true });
      }
      throw new ApiError('CALLBACK_REJECTED', `Callback rejected: ${verdict.reason}`);
    }
    if (verdict.handOver) {
      await deps.orchestrator.notifyCallback(verdict.payment, {
        callbackId: verdict.callbackId,
        confirmationKey: verdict.callback.confirmationKey,
      });
    }
    sendData(ctx, 200, { received: true, callbackId: verdict.callbackId, duplicate: verdict.duplicate });
  });
  return router;
}
