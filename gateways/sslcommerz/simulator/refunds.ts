import { fromDecimalString } from '../../../domain/shared/money.js';
import type { Simulator } from './context.js';
import type { SimRefund } from './state.js';
import { dhakaDateTime, newRefundRefId } from './wire.js';

const MAX_REFUND_TRANS_ID_LENGTH = 30;

type Answer = Record<string, unknown>;

function failed(bankTranId: string, tranId: string, errorReason: string): Answer {
  return {
    APIConnect: 'DONE',
    bank_tran_id: bankTranId,
    trans_id: tranId,
    refund_ref_id: '',
    status: 'failed',
    errorReason,
  };
}

export function initiateRefund(
  simulator: Simulator,
  storeId: string,
  params: Record<string, string>,
): Answer {
  const bankTranId = params.bank_tran_id ?? '';
  const transaction = simulator.state.transactionsByBankTranId.get(bankTranId);
  const refused = simulator.faults.for(transaction?.tranId ?? null).refundApiConnect;
  if (refused)
    return { APIConnect: refused, status: 'failed', errorReason: 'Refund API is not enabled for this IP' };

  const missing = ['refund_amount', 'refund_remarks', 'refund_trans_id'].find(
    (field) => !params[field]?.trim(),
  );
  if (missing) return failed(bankTranId, '', `${missing} is required`);
  if (!transaction || transaction.storeId !== storeId) return failed(bankTranId, '', 'Invalid bank_tran_id');
  if (transaction.status !== 'VALID') {
    return failed(bankTranId, transaction.tranId, 'Transaction is not eligible for refund');
  }
  const refundTransId = params.refund_trans_id as string;
  if (refundTransId.length > MAX_REFUND_TRANS_ID_LENGTH) {
    return failed(
      bankTranId,
      transaction.tranId,
      `refund_trans_id must be at most ${MAX_REFUND_TRANS_ID_LENGTH} characters`,
    );
  }
  if (simulator.state.hasRefundTransId(storeId, refundTransId)) {
    return failed(bankTranId, transaction.tranId, 'Duplicate refund_trans_id');
  }
  let amountMinor: number;
  try {
    amountMinor = fromDecimalString(params.refund_amount as string, transaction.amountCurrency);
  } catch {
    return failed(bankTranId, transaction.tranId, 'Invalid refund_amount');
  }
  if (amountMinor <= 0) return failed(bankTranId, transaction.tranId, 'Invalid refund_amount');
  if (transaction.refundedMinor + amountMinor > transaction.amountMinor) {
    return failed(bankTranId, transaction.tranId, 'Refund amount exceeds the refundable amount');
  }

  const initiatedAtMs = simulator.now();
  const refund: SimRefund = {
    refundRefId: newRefundRefId(),
    refundTransId,
    storeId,
    bankTranId,
    tranId: transaction.tranId,
    amountMinor,
    remarks: params.refund_remarks as string,
    initiatedAtMs,
    initiatedOn: dhakaDateTime(new Date(initiatedAtMs)),
    settlesAfterMs: simulator.faults.for(transaction.tranId).refundSettlesAfterMs ?? 0,
    cancelled: false,
  };
  transaction.refundedMinor += amountMinor;
  simulator.state.addRefund(refund);
  simulator.state.settlementFaults.bindOnProcessing(simulator.faults, {
    id: refund.refundRefId,
    faultKey: transaction.tranId,
    kind: 'refund',
  });
  return {
    APIConnect: 'DONE',
    bank_tran_id: bankTranId,
    trans_id: transaction.tranId,
    refund_ref_id: refund.refundRefId,
    status: 'success',
    errorReason: '',
  };
}

export function queryRefund(simulator: Simulator, storeId: string, refundRefId: string): Answer {
  const refund = simulator.state.refunds.get(refundRefId);
  if (!refund || refund.storeId !== storeId) {
    return {
      APIConnect: 'DONE',
      refund_ref_id: refundRefId,
      status: 'failed',
      errorReason: 'Invalid refund_ref_id',
    };
  }
  const now = simulator.now();
  const settlesAtMs = refund.initiatedAtMs + refund.settlesAfterMs;
  const status = refund.cancelled
    ? 'cancelled'
    : (simulator.faults.for(refund.tranId).refundQueryStatus ??
      (now < settlesAtMs ? 'processing' : 'refunded'));
  if (status === 'cancelled' && !refund.cancelled) {
    // A cancelled refund gives the amount back to what may still be refunded, once.
    refund.cancelled = true;
    const transaction = simulator.state.transactionsByBankTranId.get(refund.bankTranId);
    if (transaction) transaction.refundedMinor -= refund.amountMinor;
  }
  return {
    APIConnect: 'DONE',
    bank_tran_id: refund.bankTranId,
    tran_id: refund.tranId,
    refund_ref_id: refund.refundRefId,
    initiated_on: refund.initiatedOn,
    // Refunded before its settlement time only when a fault says so: then it was refunded just now.
    refunded_on: status === 'refunded' ? dhakaDateTime(new Date(Math.min(now, settlesAtMs))) : '',
    status,
    errorReason: status === 'cancelled' ? 'Refund cancelled by the bank' : '',
  };
}
