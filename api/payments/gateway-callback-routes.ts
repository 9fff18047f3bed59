import Router from '@koa/router';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ApiError } from '../../domain/shared/errors.js';
import { receiveCallback } from './callbacks.js';
import { receiveDisputeNotice } from '../disputes/dispute-notices.js';
import type { RouteDeps } from '../deps.js';
import { sendData } from '../envelope.js';
import { readInbound } from './inbound.js';
import { rateLimit } from '../middleware/rate-limit.js';

export { MAX_INBOUND_BYTES as MAX_CALLBACK_BYTES } from './inbound.js';

/**
 * POST /api/v1/gateways/:gateway/ipn: a gateway's server-to-server notification (SSLCOMMERZ's
 * IPN, Stripe's signed webhook). It is stored, checked by the payment's gateway, and handed to the
 * payment's workflow, which confirms it with the gateway's own authority. 200 means "stored", not
 * "paid". A dispute notice is checked and recorded at once, as the gateway's API reports the
 * dispute (`receiveDisputeNotice`).
 */
export function gatewayCallbackRoutes(deps: RouteDeps): Router {
  const router = new Router();
  const limited = rateLimit(deps, { name: 'ipn', perMinute: deps.config.RATE_LIMIT_IPN_PER_MINUTE });
  router.post('/gateways/:gateway/ipn', limited, async (ctx) => {
    // Nothing is read, stored or counted for a gateway we do not speak.
    if (!deps.gateways.knows(ctx.params.gateway!)) throw new ApiError('GATEWAY_NOT_FOUND');
    const request = await readInbound(ctx, 'NOTIFICATION');
    const disputed = deps.gateways.identifyDispute(ctx.params.gateway!, request);
    if (disputed) {
      const outcome = await receiveDisputeNotice(deps, ctx.params.gateway!, request, disputed);
      if (!outcome.handled && 'parked' in outcome) {
        // Kept (committed) before the 2xx: a payment that takes the transaction gets the dispute.
        deps.logger.info(
          { gateway: ctx.params.gateway, dispute: outcome.parked.gatewayDisputeId },
          'dispute notice about no payment of ours kept',
        );
        return sendData(ctx, 200, { received: true, callbackId: null, parked: true });
      }
      if (!outcome.handled) {
        deps.logger.debug({ reason: outcome.reason }, 'dispute notice ignored');
        return sendData(ctx, 200, { received: true, callbackId: null, ignored: true });
      }
      return sendData(ctx, 200, {
        received: true,
        callbackId: null,
        dispute: { reference: outcome.dispute.reference, status: outcome.dispute.status },
        duplicate: !outcome.changed,
      });
    }
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
        ...(verdict.handOverNumber > 0 && { handOver: verdict.handOverNumber }),
      });
    }
    sendData(ctx, 200, { received: true, callbackId: verdict.callbackId, duplicate: verdict.duplicate });
  });
  return router;
}
