import { toDecimalString } from '../../domain/shared/money.js';
import type { RefundRequest, RefundResult } from '../types.js';
import { GatewayError } from '../types.js';
import type { BkashApi } from './api.js';
import type { BkashFailure, PaymentKey } from './mapping.js';
import {
  BkashRefusal,
  failedRefund,
  isRepeatRefusal,
  refundRefusal,
  toRefundResult,
  toRefundV2Result,
} from './mapping.js';
import { CURRENCY } from './protocol.js';
import type { RefundApi } from './protocol.js';
import { lostRefundIn, refundById } from './refund-list.js';

/**
 * Refunds through either of bKash's refund APIs. Both keep our refund reference as `sku`, so a
 * repeat of ours is refused as a duplicate rather than refunded twice.
 */
export interface BkashRefunds {
  refund(key: PaymentKey, request: RefundRequest): Promise<RefundResult>;
  /** Where a refund stands; `gatewayRefundId` is bKash's refundTrxId for it. */
  query(key: PaymentKey, gatewayRefundId: string): Promise<RefundResult>;
}

function present(value: string | null | undefined): string | null {
  return value === null || value === undefined || value.trim() === '' ? null : value.trim();
}

const reasonOf = (request: RefundRequest) => present(request.remarks) ?? 'Refund';

/** bKash refused: its answer, unless the call may be retried (maintenance, a system error). */
function refusalOf(error: unknown): BkashFailure {
  if (error instanceof BkashRefusal && error.code === 'GATEWAY_REJECTED') return error.failure;
  throw error;
}

/**
 * The older `payment/refund`: its status names the payment and answers its latest refund only, so
 * a refund is recognised there only while it is the latest. An empty `gatewayRefundId` (a refund
 * whose answer was lost) accepts whichever that is.
 */
function olderRefunds(api: BkashApi): BkashRefunds {
  return {
    async refund(key, request) {
      try {
        return toRefundResult(
          await api.refund({
            paymentID: key.paymentId,
            trxID: key.trxId,
            amount: toDecimalString(request.amountMinor, CURRENCY),
            sku: request.refundReference,
            reason: reasonOf(request),
          }),
        );
      } catch (error) {
        return refundRefusal(refusalOf(error));
      }
    },

    async query(key, gatewayRefundId) {
      let result: RefundResult;
      try {
        result = toRefundResult(await api.refundStatus(key.paymentId, key.trxId));
      } catch (error) {
        return failedRefund(refusalOf(error));
      }
      const wanted = present(gatewayRefundId);
      if (wanted !== null && result.gatewayRefundId !== wanted) {
        throw new GatewayError(
          'GATEWAY_PROTOCOL_ERROR',
          `bKash's refund status reports refund ${result.gatewayRefundId ?? 'none'}, not ${wanted}`,
          { operation: 'refund status', paymentID: key.paymentId },
        );
      }
      return result;
    },
  };
}

/**
 * The current refund API: a refund per call, and a status listing every refund of the
 * transaction, in which a refund is read by its own refundTrxId.
 */
function currentRefunds(api: BkashApi): BkashRefunds {
  /**
   * Every refund of the transaction. A refusal here says nothing about a refund bKash already
   * gave us an id for (it made it): it is asked again later, never read as the refund failing.
   */
  const listed = async (key: PaymentKey) => {
    try {
      return (await api.refundStatusV2(key.paymentId, key.trxId)).refundTransactions ?? [];
    } catch (error) {
      if (!(error instanceof BkashRefusal) || error.code !== 'GATEWAY_REJECTED') throw error;
      throw new GatewayError('GATEWAY_PROTOCOL_ERROR', `bKash's refund status failed: ${error.message}`, {
        operation: 'refund status',
        paymentID: key.paymentId,
        bkashCode: error.failure.code,
      });
    }
  };

  /**
   * bKash refused a refund as one it holds already: an earlier try of ours whose answer was lost.
   * Ours is looked for in the status list; when it cannot be told apart, finance says which.
   */
  const earlierTry = async (
    key: PaymentKey,
    request: RefundRequest,
    failure: BkashFailure,
  ): Promise<RefundResult> => {
    const search = lostRefundIn(await listed(key), {
      sku: request.refundReference,
      amountMinor: request.amountMinor,
    });
    if (search.kind === 'FOUND') return { ...toRefundV2Result(search.entry), alreadySubmitted: true };
    const held = refundRefusal(failure);
    const why =
      search.kind === 'AMBIGUOUS'
        ? `${search.candidates} refunds of this amount are listed and none is known to be ours`
        : 'no refund of this amount is listed';
    return { ...held, reason: `${held.reason ?? ''}; ${why}` };
  };

  return {
    async refund(key, request) {
      try {
        return toRefundV2Result(
          await api.refundV2({
            paymentId: key.paymentId,
            trxId: key.trxId,
            refundAmount: toDecimalString(request.amountMinor, CURRENCY),
            sku: request.refundReference,
            reason: reasonOf(request),
          }),
        );
      } catch (error) {
        const failure = refusalOf(error);
        return isRepeatRefusal(failure) ? earlierTry(key, request, failure) : failedRefund(failure);
      }
    },

    async query(key, gatewayRefundId) {
      const wanted = present(gatewayRefundId);
      if (wanted === null) {
        throw new GatewayError(
          'GATEWAY_PROTOCOL_ERROR',
          "a bKash refund is asked about by bKash's refundTrxId",
          {
            operation: 'refund status',
            paymentID: key.paymentId,
          },
        );
      }
      const entry = refundById(await listed(key), wanted);
      if (entry === null) {
        // bKash gave us this id for a refund it made: a list without it is not the final word.
        throw new GatewayError(
          'GATEWAY_PROTOCOL_ERROR',
          `bKash's refund status does not list refund ${wanted}`,
          {
            operation: 'refund status',
            paymentID: key.paymentId,
          },
        );
      }
      return toRefundV2Result(entry);
    },
  };
}

export function bkashRefunds(api: BkashApi, version: RefundApi): BkashRefunds {
  return version === 'v1' ? olderRefunds(api) : currentRefunds(api);
}
