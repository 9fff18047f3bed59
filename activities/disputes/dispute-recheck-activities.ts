import { ApplicationFailure, log } from '@temporalio/activity';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  disputeToRecheck,
  DisputeMismatch,
  markDisputeChecked,
  paymentByGatewayTransaction,
  quietOpenDisputes,
  recordDispute,
  type RecordedDisputeEvent,
} from '../../db/disputes/disputes.js';
import {
  findParkedDisputeNotice,
  markDisputeNoticeApplied,
  markDisputeNoticeChecked,
  waitingDisputeNoticeIds,
} from '../../db/disputes/parked-dispute-notices.js';
import type { Orm } from '../../platform/orm/orm.js';
import type { DisputeStatus } from '../../domain/disputes/disputes.js';
import { isCurrency, type Currency } from '../../domain/shared/money.js';
import { GATEWAY_MODULES } from '../../gateways/catalogue.js';
import type { GatewayRegistry } from '../../gateways/registry.js';
import { GatewayError, type GatewayDispute } from '../../gateways/types.js';
import { startFirstDeliveries } from '../webhooks/webhook-starts.js';
import type { WorkflowStarter } from '../../platform/temporal/starting.js';

/**
 * Open disputes asked about again at their gateway (workflows/disputes/dispute-recheck.ts): a gateway's
 * closing notice can be lost (an outage of ours longer than its retries, an endpoint
 * misconfigured for a while), and a dispute must not stay open for good because of it. What the
 * gateway's API says is recorded exactly as a notice would have it (`recordDispute`).
 */

export interface DisputeRecheckActivityDeps {
  orm: Orm;
  gateways: GatewayRegistry;
  temporal: WorkflowStarter;
}

export interface DisputeRecheck {
  disputeId: number;
  /** The status after asking (unchanged when the gateway says what we hold). */
  status: DisputeStatus;
  changed: boolean;
}

/** Gateways whose disputes are asked about through their API (those that notify them: Stripe). */
const GATEWAYS_WITH_DISPUTE_API = GATEWAY_MODULES.filter((module) => module.identifyDispute).map(
  (module) => module.name,
);

/** Starts the deliveries of the dispute events a step wrote; the sweeper starts any left unstarted. */
export function startDisputeDeliveries(temporal: WorkflowStarter, events: readonly RecordedDisputeEvent[]) {
  return startFirstDeliveries(temporal, events, (event, error) =>
    log.warn('dispute event delivery not started', { event: event.id, error }),
  );
}

export function createDisputeRecheckActivities(deps: DisputeRecheckActivityDeps) {
  const em = () => deps.orm.em.fork() as EntityManager;

  return {
    /** Kept dispute notices still waiting for a payment to take their transaction, a page at a time. */
    async waitingDisputeNotices(input: { afterId: number; limit: number }): Promise<number[]> {
      return waitingDisputeNoticeIds(em(), input);
    },

    /**
     * A kept notice whose transaction a payment now has becomes that payment's dispute, as the
     * gateway's API reports it (through the payment's own credentials), with its entries and
     * webhooks; the notice is marked applied in the same transaction. Still no payment: it waits.
     */
    async applyDisputeNotice(input: {
      noticeId: number;
    }): Promise<{ applied: boolean; disputeReference?: string }> {
      const notice = await findParkedDisputeNotice(em(), input.noticeId);
      if (!notice)
        throw ApplicationFailure.nonRetryable(
          `no dispute notice ${input.noticeId}`,
          'DISPUTE_NOTICE_NOT_FOUND',
        );
      if (notice.appliedAt) return { applied: true, disputeReference: notice.disputeReference ?? undefined };
      const payment = await paymentByGatewayTransaction(em(), notice.gateway, notice.gatewayTransactionId);
      if (!payment) {
        await markDisputeNoticeChecked(em(), notice.id);
        return { applied: false };
      }
      const refuse = async (message: string) => {
        await markDisputeNoticeChecked(em(), notice.id);
        return ApplicationFailure.nonRetryable(message, 'DISPUTE_NOTICE_REFUSED', { notice: notice.id });
      };
      const client = await deps.gateways.forPayment(payment);
      if (!client?.disputes)
        throw await refuse(`${notice.gateway} reports no disputes for this payment's app`);
      let atGateway: GatewayDispute;
      try {
        atGateway = await client.disputes.retrieve(notice.gatewayDisputeId);
      } catch (error) {
        if (error instanceof GatewayError && error.code === 'GATEWAY_REJECTED') {
          throw await refuse(
            `${notice.gateway} knows no dispute ${notice.gatewayDisputeId} for ${payment.reference}`,
          );
        }
        throw error;
      }
      if (atGateway.gatewayTransactionId !== notice.gatewayTransactionId || !isCurrency(atGateway.currency)) {
        throw await refuse(`dispute ${notice.gatewayDisputeId} belongs to another payment`);
      }
      try {
        const recorded = await em().transactional(async (tx) => {
          const result = await recordDispute(tx as EntityManager, {
            paymentId: payment.id,
            gateway: notice.gateway,
            gatewayDisputeId: atGateway.gatewayDisputeId,
            amountMinor: atGateway.amountMinor,
            currency: atGateway.currency as Currency,
            reason: atGateway.reason,
            status: atGateway.status,
            feeMinor: atGateway.feeMinor,
          });
          await markDisputeChecked(tx as EntityManager, result.dispute.id);
          await markDisputeNoticeApplied(tx as EntityManager, notice.id, result.dispute.id);
          return result;
        });
        await startDisputeDeliveries(deps.temporal, recorded.events);
        return { applied: true, disputeReference: recorded.dispute.reference };
      } catch (error) {
        if (error instanceof DisputeMismatch) throw await refuse(error.message);
        throw error;
      }
    },

    /** Open disputes nothing was heard of for `quietSeconds`, a page at a time by id. */
    async quietOpenDisputes(input: {
      quietSeconds: number;
      afterId: number;
      limit: number;
    }): Promise<number[]> {
      return quietOpenDisputes(em(), {
        gateways: GATEWAYS_WITH_DISPUTE_API,
        quietSince: new Date(Date.now() - input.quietSeconds * 1000),
        afterId: input.afterId,
        limit: input.limit,
      });
    },

    /**
     * Asks the gateway about one dispute and records its answer (a closed dispute: its reversal
     * or loss, its webhook). A dispute the gateway disowns (another payment's, no such dispute)
     * is marked asked and refused without retries: asking again soon would say the same.
     */
    async recheckDispute(input: { disputeId: number }): Promise<DisputeRecheck> {
      const found = await disputeToRecheck(em(), input.disputeId);
      if (!found) throw ApplicationFailure.nonRetryable(`no dispute ${input.disputeId}`, 'DISPUTE_NOT_FOUND');
      const { dispute, gatewayTransactionId } = found;
      if (dispute.status !== 'OPEN') return { disputeId: dispute.id, status: dispute.status, changed: false };
      const refuse = async (message: string) => {
        await markDisputeChecked(em(), dispute.id);
        return ApplicationFailure.nonRetryable(message, 'DISPUTE_RECHECK_REFUSED', {
          dispute: dispute.reference,
        });
      };
      const client = await deps.gateways.forPayment(dispute);
      if (!client?.disputes)
        throw await refuse(`${dispute.gateway} reports no disputes for this payment's app`);
      let atGateway: GatewayDispute;
      try {
        atGateway = await client.disputes.retrieve(dispute.gatewayDisputeId);
      } catch (error) {
        if (error instanceof GatewayError && error.code === 'GATEWAY_REJECTED') {
          throw await refuse(
            `${dispute.gateway} knows no dispute ${dispute.gatewayDisputeId}: ${error.message}`,
          );
        }
        throw error; // away or garbled: retried, and the next run asks again
      }
      if (atGateway.gatewayTransactionId !== gatewayTransactionId || !isCurrency(atGateway.currency)) {
        throw await refuse(`dispute ${dispute.gatewayDisputeId} belongs to another payment`);
      }
      try {
        const recorded = await em().transactional(async (tx) => {
          const result = await recordDispute(tx as EntityManager, {
            paymentId: dispute.paymentId,
            gateway: dispute.gateway,
            gatewayDisputeId: dispute.gatewayDisputeId,
            amountMinor: atGateway.amountMinor,
            currency: atGateway.currency as Currency,
            reason: atGateway.reason,
            status: atGateway.status,
            feeMinor: atGateway.feeMinor,
          });
          await markDisputeChecked(tx as EntityManager, dispute.id);
          return result;
        });
        await startDisputeDeliveries(deps.temporal, recorded.events);
        return { disputeId: dispute.id, status: recorded.dispute.status, changed: recorded.changed };
      } catch (error) {
        if (error instanceof DisputeMismatch) throw await refuse(error.message);
        throw error;
      }
    },
  };
}
