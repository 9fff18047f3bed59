import { ApplicationFailure, activityInfo } from '@temporalio/activity';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Orm } from '../../platform/orm/orm.js';
import type { Payment } from '../../platform/orm/entities.js';
import {
  findPaymentById,
  findPaymentWithCallback,
  findPaymentWithSettingsVersion,
  latestStoredClaim,
  flagPaymentForAttention,
  lockPayment,
  parkUnappliedFunds,
  transitionPayment,
} from '../../db/payments/payments.js';
import { postJournalEntries } from '../../db/ledger/ledger.js';
import { feeSchedulesOf } from '../../db/payments/fee-schedules.js';
import { captureFee, scheduleFor } from '../../domain/payments/fees.js';
import { takeUnappliedRefund, type TakenRefund } from '../../db/refunds/refunds.js';
import { refundView } from '../../db/refunds/refund-view.js';
import { newRefundReference } from '../../domain/shared/ids.js';
import { LATE_CAPTURE_REFUND_REASON } from '../../domain/refunds/refunds.js';
import { OUTCOME_EVENT } from '../../domain/payments/payment-status.js';
import { paymentMethodTypeOf } from '../../gateways/payment-method-types.js';
import { chargesFees } from '../../gateways/fees.js';
import { applyPaymentToInvoice } from '../../db/invoices/invoice-payments.js';
import type { InvoiceApplication } from '../../domain/invoices/invoices.js';
import { startRefundWorkflow } from '../refunds/refund-starts.js';
import type { WorkflowStarter } from '../../platform/temporal/starting.js';
import { wakeReconciliationsFor } from '../reconciliation/reconciliation-wakeups.js';
import { findEventFor, recordEvent } from '../../db/webhooks/events.js';
import { hasCustomerEmail } from '../../db/customer-emails/customer-emails.js';
import { queueCustomerEmail } from '../customer-emails/customer-email-queueing.js';
import { mayOweCustomerEmail } from '../../domain/customer-emails/customer-emails.js';
import { checkoutUrlFor, paymentView } from '../../db/payments/payment-view.js';
import {
  CONFIRMATION_PATIENCE_AFTER_DEADLINE_MS,
  judgeReport,
  type ConfirmationDecision,
} from '../../domain/payments/confirmation.js';
import { judgedWhenCurrent, verdictAction } from '../../domain/payments/callback-checks.js';
import { judgeCurrentCheck, lockCallbackChecks } from '../../db/payments/callback-checks.js';
import {
  closeAtExpiry,
  unsignedReturnKey,
  type ClaimedDecline,
} from '../../domain/payments/unsigned-returns.js';
import { closingNeedsGatewayAnswer } from '../../domain/payments/checkout-closing.js';
import { planOutcome, type Outcome } from '../../domain/payments/outcome.js';
import { captureEntries, unappliedCaptureEntries } from '../../domain/ledger/ledger.js';
import { UNKNOWN_GATEWAY } from '../../domain/ledger/ledger.js';
import { isCurrency, type Currency } from '../../domain/shared/money.js';
import type { PaymentStatus } from '../../domain/payments/payment-status.js';
import type { GatewayRegistry } from '../../gateways/registry.js';
import {
  ConfirmationNotThrough,
  GatewayError,
  type CheckoutGateway,
  type NeutralCallback,
} from '../../gateways/types.js';
import { FAILURE_TYPES } from '../../domain/shared/failure-types.js';
import { SESSION_OPENING_TRIES } from '../../domain/payments/checkout-failover.js';
import { beginOpening, finishOpening, recordOpened } from '../../db/payments/checkout-attempts.js';
import { recordSessionOpening } from '../../db/payments/gateway-breakers.js';
import { randomToken } from '../../domain/shared/ids.js';

/**
 * The opening this try belongs to: every try of one activity shares its key (the workflow run and
 * the activity's id), so one customer's click is one recorded opening however often it is tried.
 */
function currentOpening(paymentId: number): { key: string; lastTry: boolean } {
  try {
    const info = activityInfo();
    return {
      key: `${info.workflowExecution?.runId ?? paymentId}:${info.activityId}`,
      lastTry: info.attempt >= SESSION_OPENING_TRIES,
    };
  } catch {
    // Called outside an activity (a script): one opening, one try.
    return { key: `${paymentId}:${randomToken(12)}`, lastTry: true };
  }
}

export interface PaymentActivityDeps {
  orm: Orm;
  gateways: GatewayRegistry;
  publicUrl: string;
  /** The company's time zone (COMPANY_TIME_ZONE): an invoice's due dates are its days. */
  companyTimeZone?: string | undefined;
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
  /**
   * The callback is to be checked again under this hand-over number (it arrived again while this
   * check ran, and the gateway confirmed nothing): the workflow queues it at once. Absent otherwise.
   */
  checkAgain?: number;
  /**
   * This call wrote the event (no earlier try had): nothing can have begun delivering it yet, so
   * the caller need not ask. Absent when the event already existed or none is owed.
   */
  eventRecorded?: true;
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

  /**
   * The payment's gateway with its app's credentials; null when none is chosen or configured.
   * `current`: as the settings were last committed (a new session follows an operator's change),
   * at `committedVersion` when the caller read it with the payment.
   */
  async function gatewayOf(
    payment: Payment,
    settings: { current?: boolean; committedVersion?: number } = {},
  ): Promise<CheckoutGateway | null> {
    return payment.gateway
      ? deps.gateways.forPayment({ ...payment, gateway: payment.gateway }, settings)
      : null;
  }

  /**
   * The payment and, when one is named, its stored callback as it was received (what it claims,
   * and the key to ask about), read together.
   */
  async function paymentAndCallback(
    paymentId: number,
    callbackId: number | null | undefined,
  ): Promise<{ payment: Payment; callback: NeutralCallback | null }> {
    if (!callbackId) return { payment: await loadPayment(paymentId), callback: null };
    const found = await findPaymentWithCallback(em(), paymentId, callbackId);
    if (!found)
      throw ApplicationFailure.nonRetryable(`payment ${paymentId} does not exist`, 'PAYMENT_MISSING');
    const { payment, callback } = found;
    return {
      payment,
      callback: callback && {
        reference: payment.reference,
        claimedStatus: callback.gatewayStatus,
        confirmationKey: callback.validationId,
      },
    };
  }

  return {
    /**
     * Opens the gateway's hosted page for the customer and moves the payment to PENDING. Each
     * opening is recorded for operators (and for the checkout's failover), and its result moves
     * the gateway's circuit breaker.
     */
    async openGatewaySession(input: {
      paymentId: number;
    }): Promise<{ status: 'PENDING'; gatewayPageUrl: string; gateway?: string }> {
      const found = await findPaymentWithSettingsVersion(em(), input.paymentId);
      if (!found)
        throw ApplicationFailure.nonRetryable(`payment ${input.paymentId} does not exist`, 'PAYMENT_MISSING');
      const { payment, settingsVersion } = found;
      if (payment.status === 'PENDING' && payment.gatewayPageUrl) {
        return {
          status: 'PENDING',
          gatewayPageUrl: payment.gatewayPageUrl,
          ...(payment.gateway && { gateway: payment.gateway }),
        };
      }
      if (payment.status !== 'CREATED') {
        throw ApplicationFailure.nonRetryable(`payment is ${payment.status}`, FAILURE_TYPES.notPayable);
      }
      const opening = currentOpening(payment.id);
      const boundTo = payment.gateway ?? 'none';
      await beginOpening(em(), { paymentId: payment.id, gateway: boundTo, openingKey: opening.key });
      /** The opening failed for good: recorded, and the page offers what the checkout can. */
      const failed = async (reason: string) => {
        await finishOpening(em(), opening.key, 'FAILED', reason);
        return ApplicationFailure.nonRetryable(reason, FAILURE_TYPES.gatewaySessionFailed);
      };
      const gateway = await gatewayOf(payment, { current: true, committedVersion: settingsVersion });
      if (!gateway)
        throw await failed(`${payment.gateway ?? 'no gateway'} is not configured for ${payment.mode}`);
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
        const rejected = error instanceof GatewayError && error.code === 'GATEWAY_REJECTED';
        const reason = error instanceof Error ? error.message : String(error);
        if (!rejected && !opening.lastTry) {
          // Another try follows: the opening stays under way, with this try's words.
          await finishOpening(em(), opening.key, 'OPENING', reason);
          throw error;
        }
        await recordSessionOpening(em(), {
          gateway: boundTo,
          mode: payment.mode,
          ok: false,
          failureReason: reason,
        });
        if (rejected) throw await failed(reason);
        await finishOpening(em(), opening.key, 'FAILED', reason);
        throw error;
      }
      // One statement, atomic without a transaction around it. Guarded by the gateway the session
      // was opened with: a customer who chose another gateway meanwhile never gets this page.
      const moved = await transitionPayment(em(), {
        paymentId: payment.id,
        from: ['CREATED'],
        to: 'PENDING',
        reason: 'checkout opened',
        patch: { gatewaySessionKey: session.sessionKey, gatewayPageUrl: session.redirectUrl },
        gateway: boundTo,
      });
      if (!moved) {
        // The gateway answered, whatever became of the payment meanwhile.
        await recordSessionOpening(em(), { gateway: boundTo, mode: payment.mode, ok: true });
        const current = await loadPayment(payment.id);
        if (current.status === 'PENDING' && current.gatewayPageUrl) {
          await finishOpening(em(), opening.key, 'OPENED');
          return {
            status: 'PENDING',
            gatewayPageUrl: current.gatewayPageUrl,
            ...(current.gateway && { gateway: current.gateway }),
          };
        }
        if (current.status === 'CREATED') {
          throw await failed(`the customer chose ${current.gateway ?? 'another way to pay'} meanwhile`);
        }
        await finishOpening(em(), opening.key, 'FAILED', `payment is ${current.status}`);
        throw ApplicationFailure.nonRetryable(`payment is ${current.status}`, FAILURE_TYPES.notPayable);
      }
      // The opening's result and the gateway's breaker closing after its success, one write.
      await recordOpened(em(), { openingKey: opening.key, gateway: boundTo, mode: payment.mode });
      return { status: 'PENDING', gatewayPageUrl: session.redirectUrl, gateway: boundTo };
    },

    /**
     * The checkout's deadline as the payment's row holds it: the run waits for this one, not for
     * an instant its input carries (a workflow's input proves nothing).
     */
    async checkoutDeadline(input: { paymentId: number }): Promise<{ expiresAt: string }> {
      const payment = await loadPayment(input.paymentId);
      return { expiresAt: payment.expiresAt.toISOString() };
    },

    /**
     * Asks the gateway's own authority what happened: about a stored callback (the gateway
     * completes the payment where it needs to, as bKash's execute), otherwise by our reference.
     * Asked about the payment itself while the customer's return claiming success for our own
     * session is stored, it confirms that return: whatever became of the return's own check (its
     * hand-over lost to a crash, or queued behind the deadline), the last question before the
     * checkout closes completes a payment the customer approved. Reads only; decides nothing in
     * the DB.
     */
    async confirmWithGateway(input: {
      paymentId: number;
      /** The stored callback to confirm; null to ask about the payment itself. */
      callbackId?: number | null;
    }): Promise<ConfirmationDecision> {
      return askGateway(input);
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
      /** The check of the callback this outcome comes from (`CallbackNotice.handOver`); 0 if absent. */
      handOver?: number;
    }): Promise<AppliedOutcome> {
      const { decision, gatewayAsked } = await answerBeforeClosing(input);
      const { applied, autoRefund, captured } = await em().transactional((tx) =>
        applyInTransaction(tx, { ...input, decision }, gatewayAsked),
      );
      // After the commit: a crash before this start leaves the refund for the sweeper to start.
      if (autoRefund) await startRefundWorkflow(deps.temporal, em(), autoRefund);
      // A settlement day already reconciled may hold this payment's line: it matches again now.
      if (captured) await wakeReconciliationsFor(deps, { paymentId: input.paymentId });
      return applied;
    },
  };

  /**
   * The outcome to apply: a checkout closed on our own clock (deadline, cancel) whose row shows the
   * customer reached the gateway is closed only after asking the gateway, whatever the asking run
   * remembers (`closingNeedsGatewayAnswer`); money the gateway took is recorded as its answer says.
   * This is the only question asked before such a close: the run leaves it to this step.
   */
  async function answerBeforeClosing(input: {
    paymentId: number;
    decision: Outcome;
    callbackId: number | null;
  }): Promise<{ decision: Outcome; gatewayAsked: boolean }> {
    if (input.callbackId || (input.decision.kind !== 'EXPIRED' && input.decision.kind !== 'CANCELLED')) {
      return { decision: input.decision, gatewayAsked: false };
    }
    const payment = await loadPayment(input.paymentId);
    if (!closingNeedsGatewayAnswer(payment, input.decision, input.callbackId)) {
      return { decision: input.decision, gatewayAsked: false };
    }
    const answer = await askGateway({ paymentId: input.paymentId, callbackId: null }, payment);
    return { decision: answer.kind === 'UNCONFIRMED' ? input.decision : answer, gatewayAsked: true };
  }

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
    input: { paymentId: number; decision: Outcome; callbackId: number | null; handOver?: number },
    /** This step asked the gateway about the payment itself before closing it on our own clock. */
    gatewayAsked: boolean,
  ): Promise<{ applied: AppliedOutcome; autoRefund: TakenRefund | null; captured: boolean }> {
    const payment = await lockPayment(tx, input.paymentId);
    if (!payment)
      throw ApplicationFailure.nonRetryable(`payment ${input.paymentId} does not exist`, 'PAYMENT_MISSING');
    // The customer reached the gateway after this step read the row: the step is tried again, and
    // then asks before it closes anything.
    if (!gatewayAsked && closingNeedsGatewayAnswer(payment, input.decision, input.callbackId)) {
      throw ApplicationFailure.retryable(
        'the checkout reached the gateway meanwhile: it closes only with the gateway asked first',
        'CLOSING_UNASKED',
      );
    }
    const decision =
      input.decision.kind === 'EXPIRED' && input.callbackId === null && payment.status === 'PENDING'
        ? closeAtExpiry(input.decision, await claimedDeclineOf(tx, payment.id))
        : input.decision;
    const plan = planOutcome(payment.status, decision);
    const captured = 'transaction' in decision ? decision.transaction : null;
    const entryInput = {
      paymentReference: payment.reference,
      appId: String(payment.appId),
      mode: payment.mode,
      gateway: payment.gateway ?? UNKNOWN_GATEWAY,
    };
    // The gateway's own figure when it reports one, else its fee schedule's estimate.
    const feeOf = async (currency: Currency, amountMinor: number) => {
      const reportedFeeMinor = captured?.feeMinor ?? null;
      const charges = chargesFees(entryInput.gateway);
      const capture = {
        gateway: entryInput.gateway,
        mode: payment.mode,
        currency,
        method: captured?.paymentMethod ?? null,
      };
      const schedule =
        reportedFeeMinor === null && charges ? scheduleFor(await feeSchedulesOf(tx, capture), capture) : null;
      return captureFee({ chargesFees: charges, amountMinor, reportedFeeMinor, schedule });
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
                  paymentMethodType: paymentMethodTypeOf(payment.gateway, captured.paymentMethod ?? null),
                  payerAccount: captured.payerAccount ?? null,
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
    // This call posted the gateway's money to clearing (a retry that finds it posted did not).
    let capturedNow = false;
    if (plan.ledger === 'CAPTURE') {
      capturedNow = await postJournalEntries(
        tx,
        captureEntries({
          ...entryInput,
          currency: payment.currency as Currency,
          amountMinor: payment.amountMinor,
          feeMinor: await feeOf(payment.currency as Currency, payment.amountMinor),
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
          feeMinor: await feeOf(parkedCurrency, captured.amountMinor),
        }),
      );
      if (parked) {
        capturedNow = true;
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
    let eventRecorded = false;
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
      eventRecorded = event.created;
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
        ? await applyPaymentToInvoice(tx, current, deps.publicUrl, deps.companyTimeZone)
        : null;
    const checkAgain =
      input.callbackId === null
        ? null
        : await recordVerdict(tx, {
            callbackId: input.callbackId,
            paymentId: payment.id,
            verdict: plan.verdict,
            reason: plan.reason,
            handOver: input.handOver ?? 0,
          });
    return {
      applied: {
        status: current.status,
        eventId,
        ...(eventRecorded && { eventRecorded }),
        ...(emailQueued && { emailQueued }),
        ...(invoice && { invoice }),
        ...(checkAgain !== null && { checkAgain }),
      },
      autoRefund,
      captured: capturedNow,
    };
  }

  /**
   * What `confirmWithGateway` asks, also for the step that closes a checkout on our own clock.
   * `read`: the payment as the caller just read it, when asking about the payment itself.
   */
  async function askGateway(
    input: { paymentId: number; callbackId?: number | null },
    read?: Payment,
  ): Promise<ConfirmationDecision> {
    const { payment, callback: stored } =
      read && !input.callbackId
        ? { payment: read, callback: null }
        : await paymentAndCallback(input.paymentId, input.callbackId);
    const callback = input.callbackId ? stored : await claimedSuccessOf(payment);
    const gateway = await gatewayOf(payment);
    if (!gateway) return { kind: 'UNCONFIRMED', reason: 'no gateway was chosen or it is not configured' };
    const expected = {
      reference: payment.reference,
      amountMinor: payment.amountMinor,
      currency: payment.currency,
    };
    try {
      const reported = callback
        ? await gateway.confirm(callback, payment.gatewaySessionKey)
        : await gateway.query(payment.reference, payment.gatewaySessionKey);
      return judgeReport(expected, reported);
    } catch (error) {
      if (error instanceof GatewayError && error.code === 'GATEWAY_REJECTED') {
        return { kind: 'UNCONFIRMED', reason: `gateway refused the check: ${error.message}` };
      }
      // Made again (the activity retries) while the checkout's window lasts and for a while
      // after it, so one failed call at the deadline strands no approved payment; past that,
      // a confirming call that never gets through cannot hold the payment open for ever.
      if (
        error instanceof ConfirmationNotThrough &&
        Date.now() >= payment.expiresAt.getTime() + CONFIRMATION_PATIENCE_AFTER_DEADLINE_MS
      ) {
        return {
          kind: 'UNCONFIRMED',
          reason: `window closed before the gateway took it: ${error.message}`,
        };
      }
      throw error;
    }
  }

  /** The customer's stored return claiming success for our own session, as a callback to confirm. */
  async function claimedSuccessOf(payment: Payment): Promise<NeutralCallback | null> {
    if (payment.gatewaySessionKey === null) return null;
    const key = unsignedReturnKey({ paymentId: payment.id, outcome: 'SUCCEEDED', namesSession: true });
    const stored = await latestStoredClaim(em(), payment.id, [key]);
    return (
      stored && {
        reference: payment.reference,
        claimedStatus: stored.gatewayStatus,
        confirmationKey: stored.validationId,
      }
    );
  }

  /**
   * The latest return naming our own session that claimed the customer cancelled or failed, if
   * any was stored (whatever its check said: the gateway had not decided).
   */
  async function claimedDeclineOf(tx: EntityManager, paymentId: number): Promise<ClaimedDecline | null> {
    const declines: ClaimedDecline[] = ['CANCELLED', 'FAILED'];
    const keys = declines.map((outcome) => unsignedReturnKey({ paymentId, outcome, namesSession: true }));
    const latest = await latestStoredClaim(tx, paymentId, keys);
    return latest ? (declines[keys.indexOf(latest.dedupeKey)] ?? null) : null;
  }

  /**
   * Writes a check's verdict on its callback (`verdictAction`), the row locked so a repeat of the
   * callback arriving meanwhile is seen whole. The first try's verdict stands: a retried step must
   * not relabel it a duplicate. A check that ended UNCONFIRMED while the same callback arrived
   * again leaves the row waiting for the next check instead, or, inside the spacing of checks,
   * judged with that repeat remembered for the sweeper. Answers the hand-over number of a check
   * still due, or null.
   */
  async function recordVerdict(
    tx: EntityManager,
    input: { callbackId: number; paymentId: number; verdict: string; reason: string; handOver: number },
  ): Promise<number | null> {
    // A verdict that settles the callback needs only its check to be current: one statement.
    if (judgedWhenCurrent(input.verdict) && (await judgeCurrentCheck(tx, input))) return null;
    const row = await lockCallbackChecks(tx, input.callbackId);
    if (!row) return null;
    // Only a repeat's hand-over asks how long ago the check was handed over.
    const action = verdictAction(
      { ...row, secondsSinceHandOver: null },
      { verdict: input.verdict, handOver: input.handOver },
    );
    switch (action.kind) {
      case 'STALE':
        return action.pending;
      case 'JUDGE':
        await tx.execute(
          `update gateway_callbacks set outcome = ?, outcome_reason = ?, processed_at = now(), payment_id = ?,
                  returned_while_checking = ?
            where id = ?`,
          [input.verdict, input.reason, input.paymentId, action.keepReturn, input.callbackId],
        );
        return null;
      case 'CHECK_AGAIN':
        await tx.execute(
          `update gateway_callbacks set outcome = null, outcome_reason = ?, payment_id = ?, checks = ?,
                  returned_while_checking = false, handed_over_at = now(), hand_overs = hand_overs + 1,
                  next_check_at = now() + make_interval(secs => ?)
            where id = ?`,
          [
            `checked again: it arrived again while its check ended ${input.verdict} (${input.reason})`.slice(
              0,
              255,
            ),
            input.paymentId,
            action.handOver + 1,
            action.spacingSeconds,
            input.callbackId,
          ],
        );
        return action.handOver;
    }
  }
}
