import type { EntityManager } from '@mikro-orm/postgresql';
import {
  DisputeMismatch,
  paymentByGatewayTransaction,
  recordDispute,
  type RecordedDispute,
} from '../../db/disputes/disputes.js';
import { parkDisputeNotice, type ParkedDisputeNotice } from '../../db/disputes/parked-dispute-notices.js';
import { ApiError } from '../../domain/shared/errors.js';
import { MODES } from '../../domain/shared/mode.js';
import { isCurrency } from '../../domain/shared/money.js';
import { GatewayError, type InboundRequest } from '../../gateways/types.js';
import type { RouteDeps } from '../deps.js';

export type DisputeNoticeOutcome =
  | { handled: true; dispute: RecordedDispute['dispute']; changed: boolean }
  /** About a transaction no payment of ours has (yet), signed by one of our accounts: kept. */
  | { handled: false; parked: ParkedDisputeNotice }
  /** A gateway that reports no disputes: answered 2xx, nothing stored. */
  | { handled: false; reason: string };

/**
 * A gateway's notice of a dispute (Stripe's `charge.dispute.*`). It names a transaction; the
 * payment that transaction paid gives the app whose secret must have signed it. A signed notice
 * only names the dispute: the gateway's API is asked what the dispute is, and that answer is
 * recorded (`recordDispute`: the row, its ledger entries and events, in one transaction). Then
 * the events' deliveries start; if that fails the sweeper starts them. A forged notice is refused
 * (400); when the gateway cannot be asked, 503 makes it send the notice again, as it does for
 * days.
 */
export async function receiveDisputeNotice(
  deps: RouteDeps,
  gateway: string,
  request: InboundRequest,
  claim: { gatewayTransactionId: string },
): Promise<DisputeNoticeOutcome> {
  const em = deps.orm.em.fork() as EntityManager;
  const payment = await paymentByGatewayTransaction(em, gateway, claim.gatewayTransactionId);
  if (!payment) return { handled: false, parked: await parkNotice(deps, em, gateway, request, claim) };
  const client = await deps.gateways.forPayment(payment);
  if (!client?.disputes) return { handled: false, reason: 'NO_DISPUTES_AT_GATEWAY' };
  const notice = client.disputes.verifyNotice(request);
  if (!notice.accepted) throw new ApiError('CALLBACK_REJECTED', `Callback rejected: ${notice.reason}`);
  const atGateway = await client.disputes.retrieve(notice.gatewayDisputeId).catch((error: unknown) => {
    deps.logger.warn({ err: error, gateway, dispute: notice.gatewayDisputeId }, 'dispute retrieve failed');
    if (error instanceof GatewayError && error.code === 'GATEWAY_REJECTED') {
      throw new ApiError('CALLBACK_REJECTED', 'Callback rejected: the gateway knows no such dispute');
    }
    throw new ApiError(
      'SERVICE_UNAVAILABLE',
      'The gateway could not be asked about the dispute; send it again',
    );
  });
  if (atGateway.gatewayTransactionId !== claim.gatewayTransactionId || !isCurrency(atGateway.currency)) {
    throw new ApiError('CALLBACK_REJECTED', 'Callback rejected: the dispute belongs to another payment');
  }
  let recorded: RecordedDispute;
  try {
    recorded = await em.transactional((tx) =>
      recordDispute(tx as EntityManager, {
        paymentId: payment.id,
        gateway,
        gatewayDisputeId: atGateway.gatewayDisputeId,
        amountMinor: atGateway.amountMinor,
        currency: atGateway.currency as never,
        reason: atGateway.reason,
        status: atGateway.status,
        feeMinor: atGateway.feeMinor,
      }),
    );
  } catch (error) {
    if (error instanceof DisputeMismatch)
      throw new ApiError('CALLBACK_REJECTED', `Callback rejected: ${error.message}`);
    throw error;
  }
  if (recorded.events.length) {
    await deps.orchestrator.startDeliveries(recorded.events).catch((error: unknown) => {
      // Committed: the sweeper starts deliveries nobody started.
      deps.logger.warn(
        { err: error, dispute: recorded.dispute.reference },
        'dispute event delivery not started',
      );
    });
  }
  return { handled: true, dispute: recorded.dispute, changed: recorded.changed };
}

/**
 * A notice about a transaction no payment of ours has: a payment may take it later (its
 * confirmation still on its way), or never (a charge made outside the service). It is kept, and
 * answered 2xx only once kept, if the webhook secret of one of our accounts for the gateway (the
 * service's or an app's own, either mode) signed it; anything else is refused (400), so a forged
 * notice stores nothing. A payment that takes the transaction later gets the dispute as the
 * gateway's API then reports it (workflows/disputes/dispute-recheck.ts); finance sees what still waits.
 */
async function parkNotice(
  deps: RouteDeps,
  em: EntityManager,
  gateway: string,
  request: InboundRequest,
  claim: { gatewayTransactionId: string },
): Promise<ParkedDisputeNotice> {
  for (const mode of MODES) {
    for (const account of await deps.gateways.accounts(gateway, mode)) {
      for (const client of account.clients) {
        const notice = client.disputes?.verifyNotice(request);
        if (!notice?.accepted) continue;
        const snapshot = notice.snapshot;
        if (snapshot?.gatewayTransactionId && snapshot.gatewayTransactionId !== claim.gatewayTransactionId) {
          throw new ApiError('CALLBACK_REJECTED', 'Callback rejected: the notice names two transactions');
        }
        return parkDisputeNotice(em, {
          gateway,
          mode,
          accountKey: account.key,
          gatewayDisputeId: notice.gatewayDisputeId,
          gatewayTransactionId: claim.gatewayTransactionId,
          eventId: snapshot?.eventId ?? null,
          eventType: snapshot?.eventType ?? 'dispute',
          amountMinor: snapshot?.amountMinor ?? null,
          currency: snapshot?.currency ?? null,
          reason: snapshot?.reason ?? null,
          gatewayStatus: snapshot?.gatewayStatus ?? null,
        });
      }
    }
  }
  throw new ApiError('CALLBACK_REJECTED', 'Callback rejected: no account of ours signed this dispute notice');
}
