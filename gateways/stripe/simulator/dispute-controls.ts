import type { Router } from '@koa/router';
import type { Context } from 'koa';
import type { z } from 'zod';
import { json } from '../../simulator-kit/control.js';
import type { Simulator } from './context.js';
import {
  closeDispute,
  closeDisputeSchema,
  disputeObject,
  DisputeRefused,
  openDispute,
  openDisputeSchema,
  submitEvidence,
} from './disputes.js';

type Parse = <T>(ctx: Context, schema: z.ZodType<T>) => Promise<T | undefined>;

/**
 * `/__simulator/disputes`: open a dispute on a payment (by PaymentIntent or client_reference_id),
 * submit evidence, close it won or lost. Each answers once its webhook is answered.
 */
export function registerDisputeControls(router: Router, simulator: Simulator, parse: Parse): void {
  const answer = async (
    ctx: Context,
    work: () => Promise<{ dispute: Parameters<typeof disputeObject>[1]; deliveries: unknown[] }>,
  ) => {
    try {
      const { dispute, deliveries } = await work();
      json(ctx, 200, { dispute: disputeObject(simulator, dispute), deliveries });
    } catch (error) {
      if (!(error instanceof DisputeRefused)) throw error;
      json(ctx, 409, { error: error.message });
    }
  };

  router.post('/__simulator/disputes', async (ctx) => {
    const body = await parse(ctx, openDisputeSchema);
    if (!body) return;
    await answer(ctx, () => openDispute(simulator, body));
  });

  router.get('/__simulator/disputes/:id', (ctx) => {
    const dispute = simulator.state.disputes.get(ctx.params.id ?? '');
    if (!dispute) return json(ctx, 404, { error: 'unknown dispute' });
    json(ctx, 200, disputeObject(simulator, dispute));
  });

  router.post('/__simulator/disputes/:id/evidence', async (ctx) => {
    await answer(ctx, () => submitEvidence(simulator, ctx.params.id ?? ''));
  });

  router.post('/__simulator/disputes/:id/close', async (ctx) => {
    const body = await parse(ctx, closeDisputeSchema);
    if (!body) return;
    await answer(ctx, () => closeDispute(simulator, ctx.params.id ?? '', body.status));
  });
}
