import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  getExternalWorkflowHandle,
  patched,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { InvoiceApplication } from '../../domain/invoices/invoices.js';
import { isCheckoutOpen, type PaymentStatus } from '../../domain/payments/payment-status.js';
import { nextPendingCheckAt } from '../../domain/payments/pending-checks.js';
import { FAILURE_TYPES } from '../../domain/shared/failure-types.js';
import {
  cancelCheckoutUpdate,
  checkoutStateQuery,
  gatewayCallbackSignal,
  openCheckoutUpdate,
} from './messages.js';
import { invoicePaymentSignal } from '../invoices/messages.js';
import { searchAttributes } from '../../platform/temporal/search-attributes.js';
import type {
  CallbackNotice,
  CheckoutState,
  PaymentWorkflowInput,
} from '../../domain/payments/payment-workflow-contract.js';
import { startCustomerEmail, startDelivery } from '../webhooks/delivery.js';
import {
  askGateway,
  firstWebhookAttempt,
  openCheckout,
  recordTransition,
  settleCallback,
} from './payment-options.js';

/**
 * One workflow per payment (`payment-<reference>`), started by the customer's first click on the
 * hosted checkout, or by the sweeper when nobody clicked before the deadline (it then only
 * expires the payment). It owns the checkout's progress:
 * CREATED -> PENDING when the customer opens checkout, then an outcome decided only by the
 * gateway's own API, or EXPIRED at the deadline after one last question to the gateway.
 * Every state change is an activity writing one database transaction.
 */
export async function paymentWorkflow(input: PaymentWorkflowInput): Promise<CheckoutState> {
  /**
   * A click's gateway session and the payment's deadline are both read by local activities. When
   * the session opened first, its answer to the click was recorded before the wait's timer; on
   * replay both results come back from their markers in one activation, where the timer came
   * first, and the run failed as nondeterministic. Runs started since wait for the session before
   * each wait, so the click's answer always precedes the timer; runs started before keep their
   * order (docs/workflow-versioning.md).
   */
  const sessionBeforeWait = patched('session-opened-before-wait');
  const state: CheckoutState = { status: 'CREATED', gatewayPageUrl: null };
  const callbacks: CallbackNotice[] = [];
  let cancelRequested = false;
  let openingSession: Promise<CheckoutState> | null = null;
  let deadline = Date.parse(input.expiresAt);
  /**
   * The customer's first click started this workflow and opened the gateway's checkout: the
   * questions while it waits count from then (workflow time), so the wait planned at the start
   * already ends at the first of them and a paid payment costs no timer more.
   */
  const startedAt = Date.now();
  let pendingChecks = 0;
  /** A click is refused once the checkout has closed or its deadline has passed (workflow time). */
  const refuseClosedCheckout = (alsoWhenCancelling: boolean) => {
    if (!isCheckoutOpen(state.status) || (alsoWhenCancelling && cancelRequested) || Date.now() >= deadline) {
      throw ApplicationFailure.nonRetryable(`payment is ${state.status}`, FAILURE_TYPES.notPayable);
    }
  };

  const setStatus = (status: PaymentStatus) => {
    if (state.status === status) return;
    state.status = status;
    upsertSearchAttributes([{ key: searchAttributes.PaymentStatus, value: status }]);
  };

  const finish = async (result: {
    status: PaymentStatus;
    eventId: string | null;
    emailQueued?: boolean;
    invoice?: InvoiceApplication | null;
  }) => {
    setStatus(result.status);
    if (result.eventId) await deliver(result.eventId);
    await emailCustomer(result);
    await tellInvoice(input.reference, result.invoice);
  };

  setHandler(checkoutStateQuery, () => state);

  setHandler(
    openCheckoutUpdate,
    async () => {
      if (state.status === 'PENDING' && state.gatewayPageUrl) return state;
      // Concurrent clicks share one gateway session.
      openingSession ??= openCheckout
        .openGatewaySession({ paymentId: input.paymentId })
        .then((opened) => {
          state.gatewayPageUrl = opened.gatewayPageUrl;
          if (opened.gateway) state.gateway = opened.gateway;
          setStatus(opened.status);
          return { ...state };
        })
        .catch((error: unknown) => {
          // The activity's own failure, however deep the SDK wrapped it (a local activity's is
          // one level further down than a regular one's).
          let cause: unknown = error;
          while (cause instanceof Error && !(cause instanceof ApplicationFailure) && cause.cause)
            cause = cause.cause;
          const type = cause instanceof ApplicationFailure ? cause.type : null;
          const message = cause instanceof Error ? cause.message : 'gateway session failed';
          throw ApplicationFailure.nonRetryable(message, type ?? FAILURE_TYPES.gatewaySessionFailed);
        })
        .finally(() => {
          openingSession = null;
        });
      return openingSession;
    },
    { validator: () => refuseClosedCheckout(true) },
  );

  setHandler(
    cancelCheckoutUpdate,
    async () => {
      cancelRequested = true;
      await condition(() => !isCheckoutOpen(state.status));
      return state;
    },
    { validator: () => refuseClosedCheckout(false) },
  );

  // A callback re-sent to us (the gateway retrying, or the API re-signalling a stored callback
  // it could not hand over) is confirmed once per check: a callback the gateway did not confirm
  // may be handed over again under the next number (bounded per stored row). Notices recorded
  // before checks were numbered carry none: they are check 0, as they always were.
  const seenCallbacks = new Set<string>();
  const queueCallback = (notice: CallbackNotice) => {
    const key = `${notice.callbackId}:${notice.handOver ?? 0}`;
    if (seenCallbacks.has(key)) return;
    seenCallbacks.add(key);
    callbacks.push(notice);
  };
  setHandler(gatewayCallbackSignal, queueCallback);

  const processCallback = async (notice: CallbackNotice) => {
    const settled = await settleCallback.settleCallback({
      paymentId: input.paymentId,
      callbackId: notice.callbackId,
      ...(notice.handOver && { handOver: notice.handOver }),
    });
    setStatus(settled.status);
    // The same callback arrived again while this check ran and the gateway confirmed nothing:
    // it is checked again at once, so the customer's real return is not lost behind a forged one.
    if (settled.checkAgain !== undefined) queueCallback({ ...notice, handOver: settled.checkAgain });
    if (settled.eventId && !settled.webhookFinal) {
      await startDelivery(settled.eventId, { firstAttemptMade: true });
    }
    await emailCustomer(settled);
    await tellInvoice(input.reference, settled.invoice);
  };

  /**
   * Closes the checkout on our own clock. `applyOutcome` asks the gateway first whenever the
   * payment's row shows the customer reached it, and records the gateway's answer instead when
   * it has one: a paid payment is never expired, and the customer waiting on a cancel costs one
   * question to the gateway, not two.
   */
  const closeOnOurClock = async (fallback: 'EXPIRED' | 'CANCELLED', reason: string) => {
    await condition(() => openingSession === null);
    await finish(
      await recordTransition.applyOutcome({
        paymentId: input.paymentId,
        decision: { kind: fallback, reason },
        callbackId: null,
      }),
    );
  };

  /**
   * While the customer is at the gateway and nothing came back, ask it (domain/payments/pending-checks.ts).
   * Only money taken ends the checkout early: a declined attempt may be followed by another on
   * the same gateway page, so failures wait for the question at the window's end.
   */
  const checkWhilePending = async () => {
    pendingChecks += 1;
    // A checkout whose session did not open has nobody at the gateway to ask about.
    if (state.status !== 'PENDING') return;
    // Retried like every question to the gateway: an outage delays the answer, and once the
    // window has closed an answer that never got through is UNCONFIRMED, so the close follows.
    const decision = await askGateway.confirmWithGateway({ paymentId: input.paymentId, callbackId: null });
    if (decision.kind === 'SUCCEEDED' || decision.kind === 'CAPTURED_MISMATCH') {
      await finish(
        await recordTransition.applyOutcome({ paymentId: input.paymentId, decision, callbackId: null }),
      );
    }
  };
  const nextCheckAt = () => (input.checksWhilePending ? nextPendingCheckAt(startedAt, pendingChecks) : null);

  // The deadline is the payment row's: a run started with an earlier one must not expire the
  // checkout early. Until it is read, a click is judged by the input's: at most it opens a session.
  deadline = Date.parse((await recordTransition.checkoutDeadline({ paymentId: input.paymentId })).expiresAt);

  while (isCheckoutOpen(state.status)) {
    if (sessionBeforeWait) await condition(() => openingSession === null);
    const remaining = deadline - Date.now();
    const checkAt = nextCheckAt();
    const wait = checkAt === null ? remaining : Math.min(remaining, Math.max(checkAt - Date.now(), 1_000));
    const woke = remaining > 0 && (await condition(() => callbacks.length > 0 || cancelRequested, wait));
    if (!woke && checkAt !== null && Date.now() < deadline) {
      await checkWhilePending();
    } else if (!woke) {
      await closeOnOurClock('EXPIRED', 'checkout window ended without a confirmed payment');
    } else if (callbacks.length > 0) {
      await processCallback(callbacks.shift()!);
    } else if (cancelRequested) {
      await closeOnOurClock('CANCELLED', 'customer cancelled at checkout');
    }
  }

  // Callbacks that arrive after the outcome still get confirmed: money captured for a closed
  // payment is recorded and flagged for operators, never silently kept.
  while (callbacks.length > 0) await processCallback(callbacks.shift()!);
  await condition(allHandlersFinished);
  return state;
}

/**
 * A payment that paid an invoice: its events are delivered and the invoice's workflow is told by
 * message. One not running (ended, or not started yet) reads the invoice when it starts.
 */
async function tellInvoice(paymentReference: string, invoice: InvoiceApplication | null | undefined) {
  if (!invoice) return;
  for (const eventId of invoice.eventIds) await startDelivery(eventId);
  try {
    await getExternalWorkflowHandle(invoice.workflowId).signal(invoicePaymentSignal, { paymentReference });
  } catch {
    // Not running: nothing to wake.
  }
}

/** The customer's receipt, when the outcome's transaction queued one. */
async function emailCustomer(outcome: { eventId: string | null; emailQueued?: boolean }): Promise<void> {
  if (outcome.eventId && outcome.emailQueued) await startCustomerEmail(outcome.eventId);
}

async function deliver(eventId: string): Promise<void> {
  // An attempt that fails hands the event to the delivery workflow, like one that did not land.
  const first = await firstWebhookAttempt.attemptWebhookDelivery({ eventId, attempt: 1 }).catch(() => null);
  if (first?.final) return;
  await startDelivery(eventId, { firstAttemptMade: true });
}
