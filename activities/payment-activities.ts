import { ApplicationFailure } from '@temporalio/activity';
import type { EntityManager } from '@mikro-orm/postgresql';
import { LockMode } from '@mikro-orm/core';
import type { Orm } from '../db/orm.js';
import { GatewayCallbackSchema, PaymentSchema, type Payment } from '../db/entities.js';
import { findPaymentById, transitionPayment } from '../db/payments.js';
import { postJournalEntry } from '../db/ledger.js';
import { recordEvent } from '../db/events.js';
import { checkoutUrlFor, paymentView } from '../db/payment-view.js';
import { judgeAttempts, judgeCapture, type ConfirmationDecision } from '../domain/confirmation.js';
import { captureEntry, unappliedCaptureEntry } from '../domain/ledger.js';
import { isCurrency, type Currency } from '../domain/money.js';
import { OUTCOME_EVENT, statusesLeadingTo, type PaymentStatus } from '../domain/payment-status.js';
import type { GatewayRegistry } from '../gateways/registry.js';
import { GatewayError, type Gateway } from '../gateways/types.js';
import { FAILURE_TYPES } from '../workflows/messages.js';

export interface PaymentActivityDeps {
  orm: Orm;
  gateways: GatewayRegistry;
  publicUrl: string;
}

/** Outcomes the workflow can apply: a gateway decision, or closing on our own clock. */
export type Outcome = ConfirmationDecision | { kind: 'EXPIRED'; reason: string };

export interface AppliedOutcome {
  status: PaymentStatus;
  /** Set only when this call made the change, so the caller delivers its event exactly once. */
  eventId: string | null;
}

export function createPaymentActivities(deps: PaymentActivityDeps) {
  const em = () => deps.orm.em.fork() as EntityManager;
  const callbackUrl = (reference: string) => `${checkoutUrlFor(deps.publicUrl, reference)}/return`;

  async function loadPayment(paymentId: number): Promise<Payment> {
    const payment = await findPaymentById(em(), paymentId);
    if (!payment)
      throw ApplicationFailure.nonRetryable(`payment ${paymentId} does not exist`, 'PAYMENT_MISSING');
    return payment;
  }

  function gatewayFor(payment: Payment): Gateway {
    const gateway = deps.gateways.get(payment.gateway, payment.mode);
    if (!gateway) {
      throw ApplicationFailure.nonRetryable(
        `${payment.gateway} is not configured for ${payment.mode}`,
        FAILURE_TYPES.gatewaySessionFailed,
      );
    }
    return gateway;
  }

  return {
    /** Opens the gateway's hosted page for the customer and moves the payment to PENDING. */
    async openGatewaySession(input: {
      paymentId: number;
    }): Promise<{ status: 'PENDING'; gatewayPageUrl: string }> {
      const payment = await loadPayment(input.paymentId);
      if (payment.status === 'PENDING' && payment.gatewayPageUrl) {
        return { status: 'PENDING', gatewayPageUrl: payment.gatewayPageUrl };
      }
      if (payment.status !== 'CREATED') {
        throw ApplicationFailure.nonRetryable(`payment is ${payment.status}`, FAILURE_TYPES.notPayable);
      }
      let session;
      try {
        session = await gatewayFor(payment).initiateSession({
          reference: payment.reference,
          amountMinor: payment.amountMinor,
          currency: payment.currency as Currency,
          productName: payment.productName ?? 'Payment',
          customer: {
            name: payment.customerName,
            email: payment.customerEmail,
            phone: payment.customerPhone,
          },
          successUrl: callbackUrl(payment.reference),
          failUrl: callbackUrl(payment.reference),
          cancelUrl: callbackUrl(payment.reference),
          ipnUrl: `${deps.publicUrl.replace(/\/$/, '')}/api/v1/gateways/${payment.gateway}/ipn`,
        });
      } catch (error) {
        if (error instanceof GatewayError && error.code === 'GATEWAY_REJECTED') {
          throw ApplicationFailure.nonRetryable(error.message, FAILURE_TYPES.gatewaySessionFailed);
        }
        throw error;
      }
      const moved = await em().transactional((tx) =>
        transitionPayment(tx, {
          paymentId: payment.id,
          from: ['CREATED'],
          to: 'PENDING',
          reason: 'checkout opened',
          patch: { gatewaySessionKey: session.sessionKey, gatewayPageUrl: session.gatewayPageUrl },
        }),
      );
      if (!moved) {
        const current = await loadPayment(payment.id);
        if (current.status === 'PENDING' && current.gatewayPageUrl) {
          return { status: 'PENDING', gatewayPageUrl: current.gatewayPageUrl };
        }
        throw ApplicationFailure.nonRetryable(`payment is ${current.status}`, FAILURE_TYPES.notPayable);
      }
      return { status: 'PENDING', gatewayPageUrl: session.gatewayPageUrl };
    },

    /**
     * Asks the gateway's own API what happened: the validation API for a callback's val_id,
     * otherwise the transaction query by our reference. Reads only; decides nothing in the DB.
     */
    async confirmWithGateway(input: {
      paymentId: number;
      validationId: string | null;
    }): Promise<ConfirmationDecision> {
      const payment = await loadPayment(input.paymentId);
      const gateway = gatewayFor(payment);
      const expected = {
        reference: payment.reference,
        amountMinor: payment.amountMinor,
        currency: payment.currency,
      };
      try {
        if (input.validationId) return judgeCapture(expected, await gateway.validate(input.validationId));
        return judgeAttempts(expected, await gateway.queryByReference(payment.reference));
      } catch (error) {
        if (error instanceof GatewayError && error.code === 'GATEWAY_REJECTED') {
          return { kind: 'UNCONFIRMED', reason: `gateway refused the check: ${error.message}` };
        }
        throw error;
      }
    },

    /**
     * Applies an outcome in ONE transaction: the status change, its ledger entry and its outbox
     * event, plus the callback's verdict. Guarded by the current status, so it is idempotent.
     */
    async applyOutcome(input: {
      paymentId: number;
      decision: Outcome;
      callbackId: number | null;
    }): Promise<AppliedOutcome> {
      return em().transactional(async (tx) => {
        const payment = await tx.findOneOrFail(
          PaymentSchema,
          { id: input.paymentId },
          { lockMode: LockMode.PESSIMISTIC_WRITE },
        );
        const { decision } = input;
        let eventType: string | null = null;
        let verdict: string = decision.kind;
        const reason = 'reason' in decision ? decision.reason : 'confirmed by the gateway';

        // Money the gateway captured that this payment cannot keep: flagged and parked in the
        // ledger for an operator to refund.
        const flagCapture = async (why: string) => {
          if (!('transaction' in decision)) return;
          const captured = decision.transaction;
          const currency = captured.currency && isCurrency(captured.currency) ? captured.currency : null;
          await tx.nativeUpdate(
            PaymentSchema,
            { id: payment.id },
            { attentionReason: why, updatedAt: new Date() },
          );
          if (currency && captured.amountMinor && captured.amountMinor > 0) {
            await postJournalEntry(
              tx,
              unappliedCaptureEntry({
                paymentReference: payment.reference,
                appId: String(payment.appId),
                mode: payment.mode,
                gateway: payment.gateway,
                currency,
                amountMinor: captured.amountMinor,
              }),
            );
          }
        };

        switch (decision.kind) {
          case 'SUCCEEDED': {
            const moved = await transitionPayment(tx, {
              paymentId: payment.id,
              from: statusesLeadingTo('SUCCEEDED'),
              to: 'SUCCEEDED',
              reason,
              patch: {
                gatewayTransactionId: decision.transaction.gatewayTransactionId,
                gatewayValidationId: decision.transaction.validationId,
                settledAt: new Date(),
              },
            });
            if (moved) {
              await postJournalEntry(
                tx,
                captureEntry({
                  paymentReference: payment.reference,
                  appId: String(payment.appId),
                  mode: payment.mode,
                  gateway: payment.gateway,
                  currency: payment.currency as Currency,
                  amountMinor: payment.amountMinor,
                }),
              );
              eventType = OUTCOME_EVENT.SUCCEEDED;
            } else if (['SUCCEEDED', 'PARTIALLY_REFUNDED', 'REFUNDED'].includes(payment.status)) {
              verdict = 'DUPLICATE';
            } else {
              verdict = 'CAPTURED_AFTER_CLOSE';
              await flagCapture(
                `CAPTURED_AFTER_CLOSE: gateway confirmed payment after it was ${payment.status}`,
              );
            }
            break;
          }
          case 'CAPTURED_MISMATCH': {
            const moved = await transitionPayment(tx, {
              paymentId: payment.id,
              from: statusesLeadingTo('FAILED'),
              to: 'FAILED',
              reason: decision.reason,
              patch: { failureReason: decision.reason },
            });
            await flagCapture(decision.reason);
            if (moved) eventType = OUTCOME_EVENT.FAILED;
            break;
          }
          case 'FAILED':
          case 'CANCELLED':
          case 'EXPIRED': {
            const moved = await transitionPayment(tx, {
              paymentId: payment.id,
              from: statusesLeadingTo(decision.kind),
              to: decision.kind,
              reason: decision.reason,
              patch: decision.kind === 'FAILED' ? { failureReason: decision.reason } : {},
            });
            if (moved) eventType = OUTCOME_EVENT[decision.kind];
            else verdict = 'NO_CHANGE';
            break;
          }
          case 'UNCONFIRMED':
            break;
        }

        let eventId: string | null = null;
        const current = await tx.findOneOrFail(
          PaymentSchema,
          { id: payment.id },
          { disableIdentityMap: true },
        );
        if (eventType) {
          const event = await recordEvent(tx, {
            appId: payment.appId,
            mode: payment.mode,
            type: eventType,
            sourceType: 'payment',
            sourceId: payment.reference,
            data: paymentView(current, checkoutUrlFor(deps.publicUrl, payment.reference)),
          });
          eventId = event.eventId;
        }
        if (input.callbackId !== null) {
          await tx.nativeUpdate(
            GatewayCallbackSchema,
            { id: input.callbackId },
            { outcome: verdict, outcomeReason: reason, processedAt: new Date(), paymentId: payment.id },
          );
        }
        return { status: current.status, eventId };
      });
    },
  };
}
