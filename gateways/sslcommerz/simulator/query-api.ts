import { toDecimalString } from '../../../domain/shared/money.js';
import type { Simulator } from './context.js';
import { authenticatedStore } from './context.js';
import { initiateRefund, queryRefund } from './refunds.js';
import type { SimSession, SimTransaction } from './state.js';
import { dhakaDateTime } from './wire.js';

/** The validation API and the parameter-dispatched merchantTransID API. */

type Answer = Record<string, unknown>;

const INVALID_REQUEST: Answer = { APIConnect: 'INVALID_REQUEST' };

/** A VALID payment reads as VALIDATED once anyone has validated it. */
function currentStatus(transaction: SimTransaction): string {
  return transaction.status === 'VALID' && transaction.validatedOn !== null
    ? 'VALIDATED'
    : transaction.status;
}

function transactionView(transaction: SimTransaction, status: string): Answer {
  return {
    ...transaction.record,
    status,
    validated_on: transaction.validatedOn ?? '',
    bank_gw: 'bKash',
  };
}

export function validate(simulator: Simulator, params: Record<string, string>): Answer {
  const storeId = authenticatedStore(simulator, params);
  if (storeId === null) return INVALID_REQUEST;
  const transaction = simulator.state.transactionsByValId.get(params.val_id ?? '');
  if (!transaction || transaction.storeId !== storeId) {
    return { APIConnect: 'DONE', status: 'INVALID_TRANSACTION' };
  }
  const status = currentStatus(transaction);
  transaction.validatedOn ??= dhakaDateTime(new Date());
  return {
    ...transactionView(transaction, status),
    emi_instalment: '0',
    emi_amount: '0.00',
    emi_description: '',
    emi_issuer: '',
    account_details: '',
    discount_amount: '0.00',
    discount_percentage: '0',
    discount_remarks: '',
    APIConnect: 'DONE',
    gw_version: '',
  };
}

function sessionView(session: SimSession): Answer {
  if (session.transaction) {
    return {
      APIConnect: 'DONE',
      sessionkey: session.sessionkey,
      ...transactionView(session.transaction, currentStatus(session.transaction)),
    };
  }
  return {
    APIConnect: 'DONE',
    status: 'PENDING',
    sessionkey: session.sessionkey,
    tran_id: session.tranId,
    val_id: '',
    amount: toDecimalString(session.amountMinor, session.currency),
    currency: session.currency,
    bank_tran_id: '',
  };
}

function querySessionKey(simulator: Simulator, storeId: string, sessionkey: string): Answer {
  const session = simulator.state.sessions.get(sessionkey.toUpperCase());
  if (!session || session.storeId !== storeId) {
    return { APIConnect: 'DONE', status: 'INVALID_TRANSACTION', sessionkey };
  }
  return sessionView(session);
}

function queryTranId(simulator: Simulator, storeId: string, tranId: string): Answer {
  const element = simulator.state
    .transactionsFor(storeId, tranId)
    .map((transaction) => transactionView(transaction, currentStatus(transaction)));
  return { APIConnect: 'DONE', no_of_trans_found: element.length, element };
}

type Operation = 'refundQuery' | 'refund' | 'sessionkey' | 'tranId';

/** One URL serves several operations; the parameters sent choose one, in this order. */
function operationOf(params: Record<string, string>): Operation | null {
  if (params.refund_ref_id) return 'refundQuery';
  if (params.bank_tran_id) return 'refund';
  if (params.sessionkey) return 'sessionkey';
  if (params.tran_id) return 'tranId';
  return null;
}

/** Refund initiation and the refund status query, which an outage of the refund API takes away. */
export function isRefundCall(params: Record<string, string>): boolean {
  const operation = operationOf(params);
  return operation === 'refund' || operation === 'refundQuery';
}

export function merchantTransIdApi(simulator: Simulator, params: Record<string, string>): Answer {
  const storeId = authenticatedStore(simulator, params);
  if (storeId === null) return INVALID_REQUEST;
  switch (operationOf(params)) {
    case 'refundQuery':
      return queryRefund(simulator, storeId, params.refund_ref_id as string);
    case 'refund':
      return initiateRefund(simulator, storeId, params);
    case 'sessionkey':
      return querySessionKey(simulator, storeId, params.sessionkey as string);
    case 'tranId':
      return queryTranId(simulator, storeId, params.tran_id as string);
    default:
      return INVALID_REQUEST;
  }
}
