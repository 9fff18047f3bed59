import { ApplicationFailure } from '@temporalio/activity';
import type { EntityManager } from '@mikro-orm/postgresql';
import { findEventFor, eventsForSource } from '../../db/webhooks/events.js';
import {
  findPayoutById,
  movePayout,
  recordRailBalance,
  updatePayout,
  type Payout,
} from '../../db/payouts/payouts.js';
import {
  balanceCovers,
  beneficiaryRefusal,
  stepAfterRailWord,
  type PayoutStatus,
  type RailWord,
} from '../../domain/payouts/payouts.js';
import { railSwitchedOn } from '../../db/payouts/rail-switches.js';
import { linePayoutsBetween } from '../../db/payouts/payout-batches.js';
import { DEFAULT_PAYOUT_TIMINGS, type PayoutTimings } from '../../domain/payouts/payout-settings.js';
import { createPayoutRailRegistry, type PayoutRailRegistry } from '../../gateways/payouts/registry.js';
import { RailError, type PayoutRail, type RailTransferResult } from '../../gateways/payouts/rail.js';
import type { Orm } from '../../platform/orm/orm.js';
import { bookCommitted, bookOutcome } from './payout-bookkeeping.js';

export interface PayoutActivityDeps {
  orm: Orm;
  /** The payout rails, configured service-wide per mode; from the process's environment when left out. */
  payoutRails?: PayoutRailRegistry;
  payoutTimings?: PayoutTimings;
}

/** Where a payout stands, as the workflow needs it to decide what to wait for. */
export interface PayoutState {
  status: PayoutStatus;
  /** The end of the cancel window (ms since the epoch); null before it is scheduled. */
  sendAfterMs: number | null;
  approvalExpiresAtMs: number | null;
  /** How long to wait in the queue before asking the rail's balance again. */
  queueRecheckMs: number;
  /** Every event the payout owes its app so far, for the workflow to deliver (delivery is keyed by event). */
  eventIds: string[];
}

/** One line of a batch's chunk, as the chunk's workflow needs it to decide what to do next. */
export interface LinePayoutState {
  lineNumber: number;
  /** Null while the line's payout is not made yet. */
  payoutId: number | null;
  status: PayoutStatus | null;
  sendAfterMs: number | null;
  eventIds: string[];
}

/** What a step left the payout as. */
export interface PayoutStep {
  status: PayoutStatus;
  eventIds: string[];
}

const PAYOUT_MISSING = 'PAYOUT_MISSING';

export function createPayoutActivities(deps: PayoutActivityDeps) {
  const em = () => deps.orm.em.fork() as EntityManager;
  const rails = deps.payoutRails ?? createPayoutRailRegistry(process.env);
  const timings = deps.payoutTimings ?? DEFAULT_PAYOUT_TIMINGS;

  async function load(payoutId: number): Promise<Payout> {
    const payout = await findPayoutById(em(), payoutId);
    if (!payout) throw ApplicationFailure.nonRetryable(`payout ${payoutId} does not exist`, PAYOUT_MISSING);
    return payout;
  }

  function railOf(payout: Payout): PayoutRail {
    const rail = rails.rail(payout.rail, payout.mode);
    // Configuration, not the payout: retried until the rail is configured again.
    if (!rail) throw new Error(`payout rail ${payout.rail} is not configured for ${payout.mode}`);
    return rail;
  }

  async function eventIdsOf(payout: Payout): Promise<string[]> {
    return (await eventsForSource(em(), 'payout', payout.reference)).map((event) => event.id);
  }

  /** Moves the payout and books the outcome in one transaction; a move that lost its race changes nothing. */
  async function finish(
    payout: Payout,
    to: PayoutStatus,
    changes: Parameters<typeof movePayout>[3],
  ): Promise<PayoutStep> {
    const outcome = await em().transactional(async (tx) => {
      const moved = await movePayout(tx as EntityManager, payout.id, to, changes);
      if (!moved) return null;
      const eventId = await bookOutcome(tx as EntityManager, moved);
      return { status: moved.status, eventIds: eventId ? [eventId] : [] };
    });
    if (outcome) return outcome;
    const now = await load(payout.id);
    return { status: now.status, eventIds: await eventIdsOf(now) };
  }

  /** A rail's word on a transfer, as the domain reads it. */
  const wordOf = (result: RailTransferResult): RailWord =>
    result.status === 'FAILED'
      ? { status: 'FAILED', shortBalance: result.shortBalance ?? false }
      : { status: result.status };

  async function record(payout: Payout, result: RailTransferResult): Promise<PayoutStep> {
    const step = stepAfterRailWord(wordOf(result));
    if (step.kind === 'SEND') throw new Error('a NOT_FOUND answer is sent, never recorded');
    const rail = { railTransferId: result.railTransferId ?? payout.railTransferId };
    switch (step.status) {
      case 'SUCCEEDED':
        return finish(payout, 'SUCCEEDED', { ...rail, feeMinor: result.feeMinor ?? 0, settled: true });
      case 'PROCESSING':
        return finish(payout, 'PROCESSING', rail);
      case 'QUEUED':
        // Refused for the balance: nothing was sent; it waits for a top-up, still committed.
        return finish(payout, 'QUEUED', {});
      case 'FAILED':
        return finish(payout, 'FAILED', {
          ...rail,
          failureCode: result.reasonCode ?? 'RAIL_FAILED',
          failureReason: result.reason,
          settled: true,
        });
    }
  }

  /**
   * Asks the rail about the beneficiary once, before anything is sent: a wallet that does not
   * exist or is blocked fails the payout (the step it leaves); any other answer (a name that
   * differs, no check offered) is kept for the app and operators to see (null: go on).
   */
  async function checkBeneficiary(payout: Payout): Promise<PayoutStep | null> {
    const rail = railOf(payout);
    const check = rail.describe().beneficiaryCheck
      ? await rail.checkBeneficiary(payout.beneficiary)
      : { status: 'UNVERIFIABLE' as const, accountHolderName: null, kycStatus: null, raw: {} };
    const summary = {
      status: check.status,
      accountHolderName: check.accountHolderName,
      kycStatus: check.kycStatus,
    };
    const refusal = beneficiaryRefusal(check.status);
    if (refusal) {
      return finish(payout, 'FAILED', {
        beneficiaryCheck: summary,
        failureCode: refusal,
        failureReason: `The rail answered ${check.status} for the beneficiary`,
        settled: true,
      });
    }
    await updatePayout(em(), payout.id, { beneficiaryCheck: summary });
    return null;
  }

  return {
    /** The payout's row now: every wait in the workflow is decided on this, never on a message. */
    async payoutState(input: { payoutId: number }): Promise<PayoutState> {
      const payout = await load(input.payoutId);
      return {
        status: payout.status,
        sendAfterMs: payout.sendAfter?.getTime() ?? null,
        approvalExpiresAtMs: payout.approvalExpiresAt?.getTime() ?? null,
        queueRecheckMs: timings.queueRecheckMs,
        eventIds: await eventIdsOf(payout),
      };
    },

    /**
     * A chunk of a batch's lines as they stand, each with its payout's status and events, read in
     * one statement: every decision of the chunk's workflow is taken on this.
     */
    async linePayoutStates(input: {
      batchId: number;
      fromLine: number;
      toLine: number;
    }): Promise<{ lines: LinePayoutState[]; queueRecheckMs: number }> {
      const rows = await linePayoutsBetween(em(), input.batchId, input.fromLine, input.toLine);
      return {
        lines: rows.map((row) => ({
          lineNumber: row.lineNumber,
          payoutId: row.payoutId,
          status: row.status,
          sendAfterMs: row.sendAfter?.getTime() ?? null,
          eventIds: row.eventIds,
        })),
        queueRecheckMs: timings.queueRecheckMs,
      };
    },

    /** Cancels a payout nobody approved in time; one decided meanwhile is left as it is. */
    async expirePayoutApproval(input: { payoutId: number }): Promise<PayoutStep> {
      const payout = await load(input.payoutId);
      if (payout.status !== 'WAITING_APPROVAL' || (payout.approvalExpiresAt?.getTime() ?? 0) > Date.now()) {
        return { status: payout.status, eventIds: await eventIdsOf(payout) };
      }
      return finish(payout, 'CANCELLED', {
        cancelledBy: 'APPROVAL_EXPIRED',
        failureCode: 'APPROVAL_EXPIRED',
        failureReason: 'No approver decided within the approval window',
        settled: true,
      });
    },

    /**
     * Sends the payout once its window is over, exactly once. From SCHEDULED or QUEUED: the rail's
     * switch is read (one switched off holds the payout in the queue, unasked), then the
     * beneficiary is checked once (checkBeneficiary), then the rail's balance (a short one queues
     * the payout), then the payout is moved to SENDING and committed in the ledger in
     * one transaction, which an app's cancel racing it cannot also win.
     * From SENDING (this step's own retry after a lost or late answer, a crashed worker) the rail
     * is asked by our reference first, and sent to only when it holds nothing under it.
     */
    async dispatchPayout(input: { payoutId: number }): Promise<PayoutStep> {
      let payout = await load(input.payoutId);
      if (payout.status === 'SCHEDULED' || payout.status === 'QUEUED') {
        if (payout.sendAfter && payout.sendAfter.getTime() > Date.now()) {
          return { status: payout.status, eventIds: await eventIdsOf(payout) };
        }
        // The rail's switch, read with the row: while operators hold the rail off, nothing is
        // sent on it; the payout waits in the queue, and switching the rail on wakes it.
        if (!(await railSwitchedOn(em(), payout.rail, payout.mode))) {
          if (payout.status === 'SCHEDULED') return finish(payout, 'QUEUED', {});
          return { status: payout.status, eventIds: await eventIdsOf(payout) };
        }
        // Held before its beneficiary was checked (the rail was off then): checked now, once.
        if (!payout.beneficiaryCheck) {
          const refused = await checkBeneficiary(payout);
          if (refused) return refused;
          payout = await load(payout.id);
        }
        const balance = await railOf(payout).balance();
        await recordRailBalance(em(), {
          rail: payout.rail,
          mode: payout.mode,
          availableMinor: balance.availableMinor,
          currency: balance.currency,
          asOf: balance.asOf,
        });
        if (!balanceCovers(balance.availableMinor, payout.amountMinor)) {
          if (payout.status === 'SCHEDULED') return finish(payout, 'QUEUED', {});
          return { status: payout.status, eventIds: await eventIdsOf(payout) };
        }
        const sending = await em().transactional(async (tx) => {
          const moved = await movePayout(tx as EntityManager, payout.id, 'SENDING', {}, [
            'SCHEDULED',
            'QUEUED',
          ]);
          if (moved) await bookCommitted(tx as EntityManager, moved);
          return moved;
        });
        if (!sending) {
          const now = await load(payout.id);
          return { status: now.status, eventIds: await eventIdsOf(now) };
        }
        payout = sending;
      }
      if (payout.status !== 'SENDING' && payout.status !== 'PROCESSING') {
        return { status: payout.status, eventIds: await eventIdsOf(payout) };
      }
      const rail = railOf(payout);
      // Find before send, every time: the only proof that an earlier try sent nothing.
      const found = await rail.find(payout.reference);
      const step = stepAfterRailWord(wordOf(found));
      if (step.kind === 'RECORD') return record(payout, found);
      if (payout.status === 'PROCESSING') {
        // The rail took it once and now says it holds nothing: never sent again without a person.
        throw ApplicationFailure.retryable(
          `rail lost payout ${payout.reference} it had taken`,
          'PAYOUT_RAIL_LOST',
        );
      }
      let sent: RailTransferResult;
      try {
        sent = await rail.send({
          reference: payout.reference,
          amountMinor: payout.amountMinor,
          currency: 'BDT',
          beneficiary: payout.beneficiary,
          narrative: payout.narrative ?? payout.reference,
          ...(payout.beneficiary.type === 'BANK_ACCOUNT' && payout.beneficiary.method
            ? { method: payout.beneficiary.method }
            : {}),
        });
      } catch (error) {
        if (error instanceof RailError && error.code === 'RAIL_REJECTED') {
          return finish(payout, 'FAILED', {
            failureCode: 'RAIL_REJECTED',
            failureReason: error.message,
            settled: true,
          });
        }
        // A lost or late answer: this step is retried, and asks `find` before anything else.
        throw error;
      }
      return record(payout, sent);
    },

    /** Asks the rail again about a payout it holds as PROCESSING. */
    async confirmPayout(input: { payoutId: number }): Promise<PayoutStep> {
      const payout = await load(input.payoutId);
      if (payout.status !== 'PROCESSING')
        return { status: payout.status, eventIds: await eventIdsOf(payout) };
      const found = await railOf(payout).find(payout.reference);
      if (found.status === 'NOT_FOUND' || found.status === 'PROCESSING') {
        return { status: payout.status, eventIds: await eventIdsOf(payout) };
      }
      return record(payout, found);
    },

    /** The created event, for a workflow whose start delivers it. */
    async payoutCreatedEvent(input: { reference: string }): Promise<string | null> {
      return (await findEventFor(em(), 'payout', input.reference, 'payout.created'))?.id ?? null;
    },
  };
}
