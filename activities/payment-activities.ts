import { ApplicationFailure } from '@temporalio/activity';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Orm } from '../db/orm.js';
import type { Payment } from '../db/entities.js';
import {
  findPaymentById,
  flagPaymentForAttention,
  lockPayment,
  parkUnappliedFunds,
  transitionPayment,
} from '../db/payments.js';
import { postJournalEntries } from '../db/ledger.js';
import { takeUnappliedRefund, type TakenRefund } from '../db/refunds.js';
import { refundView } from '../db/refund-view.js';
import { newRefundReference } from '../domain/ids.js';
import { LATE_CAPTURE_REFUND_REASON } from '../domain/refunds.js';
import { OUTCOME_EVENT } from '../domain/payment-status.js';
import { applyPaymentToInvoice } from '../db/invoice-payments.js';
import type { InvoiceApplication } from '../domain/invoices.js';
import { startRefundWorkflow, type WorkflowStarter } from './refund-starts.js';
import { findEventFor, recordEvent } from '../db/events.js';
import { hasCustomerEmail, queueCustomerEmail } from '../db/customer-emails.js';
import { mayOweCustomerEmail } from '../domain/customer-emails.js';
import { checkoutUrlFor, paymentView } from '../db/payment-view.js';
import { judgeReport, type ConfirmationDecision } from '../domain/confirmation.js';
import { planOutcome, type Outcome } from '../domain/outcome.js';
import { captureEntries, unappliedCaptureEntries } from '../domain/ledger.js';
import { UNKNOWN_GATEWAY } from '../domain/ledger.js';
import { isCurrency, type Currency } from '../domain/money.js';
import type { PaymentStatus } from '../domain/payment-status.js';
import type { GatewayRegistry } from '../gateways/registry.js';
import { GatewayError, type CheckoutGateway, type NeutralCallback } from '../gateways/types.js';
import { GatewayCallbackSchema } from '../db/entities.js';
import { FAILURE_TYPES } from '../domain/failure-types.js';

export interface PaymentActivityDeps {
  orm: Orm;
  gateways: GatewayRegistry;
  publicUrl: string;
  /** Starts the late-capture refund's workflow once its refund is taken. */
  temporal: WorkflowStarter;
}

export type { Outcome };

export interface AppliedOutcome {
  status: PaymentStatus;
  /**
   * The event this outcome owes the app, also when an earlier try of the same step recorded it:
   * the caller starts its delivery, whose workflow id (the event id) makes that happen once.
   */
  eventId: string | null;
  /** The event owes the customer an email (a receipt): the caller starts its workflow. */
  emailQueued?: boolean;
  /** The invoice the payment paid: its events to deliver and its workflow to tell. Absent otherwise. */
  invoice?: InvoiceApplication | null;
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

  /** The payment's gateway with its app's credentials; null when none is chosen or configured. */
  async function gatewayOf(payment: Payment): Promise<CheckoutGateway | null> {
    return payment.gateway ? deps.gateways.forPayment({ ...payment, gateway: payment.gateway }) : null;
  }

  /** A callback as it was stored when received: what it claims, and the key to ask about. */
  async function storedCallback(payment: Payment, callbackId: number): Promise<NeutralCallback | null> {
    const row = await em().findOne(GatewayCallbackSchema, { id: callbackId }, { disableIdentityMap: true });
    if (!row || row.paymentId !== payment.id) return null;
    return {
      reference: payment.reference,
      claimedStatus: row.gatewayStatus,
      confirmationKey: row.validationId,
    };
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
      const gateway = await gatewayOf(payment);
      if (!gateway) {
        throw ApplicationFailure.nonRetryable(
          `${payment.gateway ?? 'no gateway'} is not configured for ${payment.mode}`,
          FAILURE_TYPES.gatewaySessionFailed,
        );
      }
      let session;
      try {
        session = await gateway.openSession({
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
          expiresAt: payment.expiresAt,
        });
      } catch (error) {
        if (error instanceof GatewayError && error.code === 'GATEWAY_REJECTED') {
          throw ApplicationFailure.nonRetryable(error.message, FAILURE_TYPES.gatewaySessionFailed);
        }
        throw error;
      }
      // One statement, atomic without a transaction around it.
      const moved = await transitionPayment(em(), {
        paymentId: payment.id,
        from: ['CREATED'],
        to: 'PENDING',
        reason: 'checkout opened',
        patch: { gatewaySessionKey: session.sessionKey, gatewayPageUrl: session.redirectUrl },
      });
      if (!moved) {
        const current = await loadPayment(payment.id);
        if (current.status === 'PENDING' && current.gatewayPageUrl) {
          return { status: 'PENDING', gatewayPageUrl: current.gatewayPageUrl };
        }
        throw ApplicationFailure.nonRetryable(`payment is ${current.status}`, FAILURE_TYPES.notPayable);
      }
      return { status: 'PENDING', gatewayPageUrl: session.redirectUrl };
    },

    /**
     * Asks the gateway's own authority what happened: about a stored callback (the gateway
     * completes the payment where it needs to, as bKash's execute), otherwise by our reference.
     * Reads only; decides nothing in the DB.
     */
    async confirmWithGateway(input: {
      paymentId: number;
      /** The stored callback to confirm; null to ask about the payment itself. */
      callbackId?: number | null;
    }): Promise<ConfirmationDecision> {
      const payment = await loadPayment(input.paymentId);
      const gateway = await gatewayOf(payment);
      if (!gateway) return { kind: 'UNCONFIRMED', reason: 'no gateway was chosen or it is not configured' };
      const expected = {
        reference: payment.reference,
        amountMinor: payment.amountMinor,
        currency: payment.currency,
      };
      try {
        const callback = input.callbackId ? await storedCallback(payment, input.callbackId) : null;
        const reported = callback
          ? await gateway.confirm(callback, payment.gatewaySessionKey)
          : await gateway.query(payment.reference, payment.gatewaySessionKey);
        return judgeReport(expected, reported);
      } catch (error) {
        if (error instanceof GatewayError && error.code === 'GATEWAY_REJECTED') {
          return { kind: 'UNCONFIRMED', reason: `gateway refused the check: ${error.message}` };
        }
        throw error;
      }
    },

    /**
     * Applies an outcome in ONE transaction: the status change, its ledger entry and its outbox
     * event, plus the callback's verdict, as `planOutcome` decides them. The row is locked, so a
     * retried or racing call sees the first one's result and changes nothing twice; it still
     * returns the event that result owes the app, so its delivery is never lost to a retry.
     */
    async applyOutcome(input: {
      paymentId: number;
      decision: Outcome;
      callbackId: number | null;
    }): Promise<AppliedOutcome> {
      const { applied, autoRefund } = await em().transactional((tx) => applyInTransaction(tx, input));
      // After the commit: a crash before this start leaves the refund for the sweeper to start.
      if (autoRefund) await startRefundWorkflow(deps.temporal, em(), autoRefund);
      return applied;
    },
  };

  /**
   * Applies an outcome in ONE transaction: the status change, its ledger entries and its outbox
   * event, plus the callback's verdict, as `planOutcome` decides them. The row is locked, so a
   * retried or racing call sees the first one's result and changes nothing twice; it still
   * returns the event that result owes the app, so its delivery is never lost to a retry. Money
   * captured after the payment closed is parked and, in the same transaction, taken for a full
   * refund (LATE_CAPTURE).
   */
  async function applyInTransaction(
    tx: EntityManager,
    input: { paymentId: number; decision: Outcome; callbackId: number | null },
  ): Promise<{ applied: AppliedOutcome; autoRefund: TakenRefund | null }> {
    const payment = await lockPayment(tx, input.paymentId);
    if (!payment)
      throw ApplicationFailure.nonRetryable(`payment ${input.paymentId} does not exist`, 'PAYMENT_MISSING');
    const { decision } = input;
    const plan = planOutcome(payment.status, decision);
    const captured = 'transaction' in decision ? decision.transaction : null;
    const entryInput = {
      paymentReference: payment.reference,
      appId: String(payment.appId),
      mode: payment.mode,
      gateway: payment.gateway ?? UNKNOWN_GATEWAY,
      feeMinor: captured?.feeMinor ?? null,
    };

    // The payment as this transaction leaves it, for the event's snapshot.
    let current = payment;
    if (plan.moveTo) {
      current =
        (await transitionPayment(tx, {
          paymentId: payment.id,
          from: [payment.status],
          to: plan.moveTo,
          reason: plan.reason,
          patch:
            plan.moveTo === 'SUCCEEDED' && captured
              ? {
                  gatewayTransactionId: captured.gatewayTransactionId,
                  gatewayValidationId: captured.validationId,
                  paymentMethod: captured.paymentMethod ?? null,
                  settledAt: new Date(),
                }
              : plan.moveTo === 'FAILED'
                ? { failureReason: plan.reason }
                : {},
        })) ?? current;
    }
    if (plan.attention) {
      current = (await flagPaymentForAttention(tx, payment.id, plan.attention)) ?? current;
    }
    if (plan.ledger === 'CAPTURE') {
      await postJournalEntries(
        tx,
        captureEntries({
          ...entryInput,
          currency: payment.currency as Currency,
          amountMinor: payment.amountMinor,
        }),
      );
    }
    let autoRefund: TakenRefund | null = null;
    const parkedCurrency = captured?.currency && isCurrency(captured.currency) ? captured.currency : null;
    if (plan.ledger === 'UNAPPLIED' && parkedCurrency && captured?.amountMinor && captured.amountMinor > 0) {
      const parked = await postJournalEntries(
        tx,
        unappliedCaptureEntries({
          ...entryInput,
          currency: parkedCurrency,
          amountMinor: captured.amountMinor,
        }),
      );
      if (parked) {
        current =
          (await parkUnappliedFunds(tx, payment.id, {
            amountMinor: captured.amountMinor,
            currency: parkedCurrency,
            gatewayTransactionId: captured.gatewayTransactionId,
          })) ?? current;
        if (plan.autoRefund) {
          const taken = await takeUnappliedRefund(
            tx,
            current,
            {
              reference: newRefundReference(),
              reason: LATE_CAPTURE_REFUND_REASON,
              metadata: {},
              idempotencyKey: null,
            },
            refundView,
          );
          if ('refund' in taken) autoRefund = taken;
        }
      }
    }

    let eventId: string | null = null;
    let emailQueued = false;
    if (plan.event && plan.moveTo) {
      const event = await recordEvent(tx, {
        appId: payment.appId,
        mode: payment.mode,
        type: plan.event,
        sourceType: 'payment',
        sourceId: payment.reference,
        data: paymentView(current, checkoutUrlFor(deps.publicUrl, payment.reference)),
      });
      eventId = event.eventId;
      // A receipt for the customer is queued with its event, or not at all.
      emailQueued = await queueCustomerEmail(
        tx,
        { ...event, type: plan.event, appId: payment.appId, mode: payment.mode },
        current.customerEmail,
        { amountMinor: current.amountMinor, currency: current.currency },
      );
    } else if (plan.event) {
      eventId = (await findEventFor(tx, 'payment', payment.reference, plan.event))?.id ?? null;
      emailQueued =
        eventId !== null && mayOweCustomerEmail(plan.event) && (await hasCustomerEmail(tx, eventId));
    }
    // A captured payment for an invoice pays its installments in this same transaction.
    const invoice =
      current.status === 'SUCCEEDED' && plan.event === OUTCOME_EVENT.SUCCEEDED && current.invoiceId
        ? await applyPaymentToInvoice(tx, current, deps.publicUrl)
        : null;
    if (input.callbackId !== null) {
      // The first try's verdict stands: a retried step must not relabel it a duplicate.
      await tx.execute(
        `update gateway_callbacks set outcome = ?, outcome_reason = ?, processed_at = ?, payment_id = ?
          where id = ? and processed_at is null`,
        [plan.verdict, plan.reason, new Date(), payment.id, input.callbackId],
      );
    }
    return {
      applied: {
        status: current.status,
        eventId,
        ...(emailQueued && { emailQueued }),
        ...(invoice && { invoice }),
      },
      autoRefund,
    };
  }
}
