import fc from 'fast-check';
import { toDecimalString } from '../../../domain/shared/money.js';
import { callbackUrlFor, parseBkashReturn } from '../../../gateways/bkash/callback.js';
import {
  amountMinorOf,
  BkashRefusal,
  decodePaymentKey,
  encodePaymentKey,
  failureOf,
  outcomeOf,
  isRepeatRefusal,
  refundOutcomeOf,
  refundRefusal,
  toRefundResult,
  toRefundV2Result,
  toTransaction,
} from '../../../gateways/bkash/mapping.js';
import {
  envelopeSchema,
  ERROR_CODES,
  PATHS,
  refundStatusV2Schema,
  TRANSACTION_STATUS,
} from '../../../gateways/bkash/protocol.js';
import type { RefundEntry } from '../../../gateways/bkash/protocol.js';
import { lostRefundIn, refundById } from '../../../gateways/bkash/refund-list.js';
import type { InboundRequest } from '../../../gateways/types.js';

const OUTCOMES = ['SUCCEEDED', 'FAILED', 'CANCELLED', 'PENDING', 'EXPIRED', 'UNKNOWN'];

function browserReturn(query: Record<string, string>): InboundRequest {
  return { kind: 'BROWSER_RETURN', query, form: {}, headers: {}, rawBody: '' };
}

/** Shaped like a real execute answer. */
const EXECUTED = {
  paymentID: 'TR0011ON1565154754797',
  trxID: 'BFD90JRLST',
  transactionStatus: 'Completed',
  amount: '500',
  currency: 'BDT',
  intent: 'sale',
  paymentExecuteTime: '2024-07-25T19:36:02:160 GMT+0600',
  merchantInvoiceNumber: 'pay_123',
  payerReference: '01770618575',
  customerMsisdn: '01770618575',
  statusCode: '0000',
  statusMessage: 'Successful',
};

describe('bKash transaction status', () => {
  it('reads every documented status', () => {
    expect(outcomeOf(TRANSACTION_STATUS.COMPLETED)).toBe('SUCCEEDED');
    expect(outcomeOf(TRANSACTION_STATUS.INITIATED)).toBe('PENDING');
    expect(outcomeOf(TRANSACTION_STATUS.AUTHORIZED)).toBe('PENDING');
    expect(outcomeOf(TRANSACTION_STATUS.CANCELLED)).toBe('CANCELLED');
    expect(outcomeOf(TRANSACTION_STATUS.FAILED)).toBe('FAILED');
    expect(outcomeOf(TRANSACTION_STATUS.EXPIRED)).toBe('EXPIRED');
  });

  it('is total, and only Completed succeeds', () => {
    fc.assert(
      fc.property(fc.string(), (status) => {
        const outcome = outcomeOf(status);
        expect(OUTCOMES).toContain(outcome);
        expect(outcome === 'SUCCEEDED').toBe(status === 'Completed');
      }),
    );
  });
});

describe('bKash amounts', () => {
  it('round-trips every amount in minor units through the decimal string', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500_000_00 }), (minor) => {
        expect(amountMinorOf(toDecimalString(minor, 'BDT'), 'BDT')).toBe(minor);
      }),
    );
  });

  it('reads whole taka written without decimals, as bKash echoes "500"', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500_000 }), (taka) => {
        expect(amountMinorOf(String(taka), 'BDT')).toBe(taka * 100);
      }),
    );
  });

  it('reports an amount it cannot read exactly, or in another currency, as unknown', () => {
    expect(amountMinorOf('500.505', 'BDT')).toBeNull();
    expect(amountMinorOf('5e2', 'BDT')).toBeNull();
    expect(amountMinorOf('500', 'USD')).toBeNull();
    expect(amountMinorOf('500', undefined)).toBeNull();
    expect(amountMinorOf(undefined, 'BDT')).toBeNull();
  });
});

describe('bKash payment answers', () => {
  it('maps an executed payment to a neutral transaction', () => {
    const transaction = toTransaction(EXECUTED);
    expect(transaction).toMatchObject({
      outcome: 'SUCCEEDED',
      gatewayStatus: 'Completed',
      reference: 'pay_123',
      amountMinor: 500_00,
      currency: 'BDT',
      validationId: 'TR0011ON1565154754797',
      gatewayTransactionId: 'BFD90JRLST',
      riskLevel: null,
      feeMinor: null,
    });
  });

  it('has no transaction id before execution and no reference when bKash names none', () => {
    const { trxID: _trxID, merchantInvoiceNumber: _invoice, ...initiated } = EXECUTED;
    const transaction = toTransaction({ ...initiated, transactionStatus: 'Initiated' });
    expect(transaction.outcome).toBe('PENDING');
    expect(transaction.gatewayTransactionId).toBeNull();
    expect(transaction.reference).toBe('');
  });
});

describe('bKash errors', () => {
  it('reads the status envelope and the older errorCode', () => {
    expect(failureOf({ statusCode: '0000', statusMessage: 'Successful' })).toBeNull();
    expect(failureOf({})).toBeNull();
    expect(failureOf({ statusCode: '2056', statusMessage: 'Invalid Payment State' })).toEqual({
      code: '2056',
      message: 'Invalid Payment State',
    });
    expect(failureOf({ errorCode: '2023', errorMessage: 'Insufficient Balance' })).toEqual({
      code: '2023',
      message: 'Insufficient Balance',
    });
  });

  it('calls maintenance and system errors unavailable, every other code a rejection', () => {
    for (const code of Object.values(ERROR_CODES)) {
      const error = new BkashRefusal({ code, message: '' }, 'execute');
      const expected = code === '503' || code === '9999' ? 'GATEWAY_UNAVAILABLE' : 'GATEWAY_REJECTED';
      expect(error.code).toBe(expected);
      // Without bKash's words, the documented text for the code stands in.
      expect(error.message).toMatch(new RegExp(`^bKash ${code}: \\S`));
      expect(error.details).toEqual({ operation: 'execute', bkashCode: code });
    }
  });

  it('reads a repeated or already reversed refund as one already submitted', () => {
    for (const code of [ERROR_CODES.DUPLICATE, ERROR_CODES.ALREADY_REVERSED]) {
      expect(refundRefusal({ code, message: '' })).toMatchObject({
        status: 'PROCESSING',
        alreadySubmitted: true,
        gatewayRefundId: null,
      });
    }
    const overRefund = refundRefusal({ code: ERROR_CODES.REVERSAL_EXCEEDS_ORIGINAL, message: '' });
    expect(overRefund.status).toBe('FAILED');
    expect(overRefund.alreadySubmitted).toBeUndefined();
    expect(overRefund.reason).toContain('2026');
  });

  it('reads a completed refund as done', () => {
    const result = toRefundResult({
      originalTrxID: 'BFD90JRLST',
      refundTrxID: 'BFD90JRMVH',
      transactionStatus: 'Completed',
      amount: '25.50',
      currency: 'BDT',
    });
    expect(result).toMatchObject({ status: 'SUCCEEDED', gatewayRefundId: 'BFD90JRMVH', reason: null });
  });
});

describe("bKash's current refund API", () => {
  it('lives at the API host root, not under the versioned checkout base', () => {
    expect(PATHS.refundV2).toBe('/v2/tokenized-checkout/refund/payment/transaction');
    expect(PATHS.refundStatusV2).toBe('/v2/tokenized-checkout/refund/payment/status');
    expect(PATHS.refund).toBe('/v1.2.0-beta/tokenized/checkout/payment/refund');
  });

  it("reads its errors' externalCode and English words as bKash's refusal", () => {
    const answer = envelopeSchema.parse({
      internalCode: 'refund_amount_exceed_payment_amount',
      externalCode: '2072',
      errorMessageEn: 'Refund amount not valid',
      errorMessageBn: null,
    });
    expect(failureOf(answer)).toEqual({ code: '2072', message: 'Refund amount not valid' });
    const refusal = new BkashRefusal(failureOf(answer)!, 'refund');
    expect(refusal).toMatchObject({
      code: 'GATEWAY_REJECTED',
      message: 'bKash 2072: Refund amount not valid',
    });
    expect(isRepeatRefusal({ code: '2072', message: '' })).toBe(false);
    expect(isRepeatRefusal({ code: ERROR_CODES.DUPLICATE, message: '' })).toBe(true);
  });

  it("parses the status list as bKash's documentation shows it", () => {
    const parsed = refundStatusV2Schema.parse({
      originalTrxId: 'BFD90JRLST',
      originalTrxAmount: '4.59',
      originalTrxCompletedTime: '2024-07-25T19:35:17:574 GMT+0600',
      refundTransactions: [
        { refundTrxId: 'BFD90JRMH9', refundTransactionStatus: 'Completed', refundAmount: '1.00' },
        { refundTrxId: 'BFD90JRMK7', refundTransactionStatus: 'Completed', refundAmount: 2 },
      ],
    });
    expect(parsed.refundTransactions?.map((entry) => entry.refundAmount)).toEqual(['1.00', '2']);
    expect(refundStatusV2Schema.parse({ originalTrxId: 'BFD90JRLST' }).refundTransactions).toBeUndefined();
  });

  it('reads Completed as done, Failed as over, any other word as a refund still moving', () => {
    expect(refundOutcomeOf('Completed')).toBe('SUCCEEDED');
    expect(refundOutcomeOf('Failed')).toBe('FAILED');
    for (const word of ['Initiated', 'Pending', 'completed', ''])
      expect(refundOutcomeOf(word)).toBe('PROCESSING');
    expect(
      toRefundV2Result({
        originalTrxId: 'BFD90JRLST',
        refundTrxId: 'BFD90JRMH9',
        refundTransactionStatus: 'Completed',
        refundAmount: '50.00',
      }),
    ).toMatchObject({ status: 'SUCCEEDED', gatewayRefundId: 'BFD90JRMH9', reason: null });
  });
});

describe('which refund of the status list is ours', () => {
  const entry = (refundTrxId: string, refundAmount: string, sku?: string): RefundEntry => ({
    refundTrxId,
    refundTransactionStatus: 'Completed',
    refundAmount,
    ...(sku !== undefined && { sku }),
  });

  it('reads a refund by its own refundTrxId, whatever else is listed', () => {
    const list = [entry('AAAAAAAAA1', '30.00'), entry('AAAAAAAAA2', '30.00'), entry('AAAAAAAAA3', '40.00')];
    expect(refundById(list, 'AAAAAAAAA2')).toBe(list[1]);
    expect(refundById(list, 'AAAAAAAAA9')).toBeNull();
    expect(refundById([], 'AAAAAAAAA1')).toBeNull();
  });

  it('takes the one refund of our amount when bKash lists no sku', () => {
    const list = [entry('AAAAAAAAA1', '30.00'), entry('AAAAAAAAA2', '50.5')];
    expect(lostRefundIn(list, { sku: 'rf_1', amountMinor: 50_50 })).toEqual({
      kind: 'FOUND',
      entry: list[1],
    });
    expect(lostRefundIn(list, { sku: 'rf_1', amountMinor: 10_00 })).toEqual({ kind: 'NONE' });
    expect(lostRefundIn([], { sku: 'rf_1', amountMinor: 10_00 })).toEqual({ kind: 'NONE' });
  });

  it('takes none when two refunds share our amount', () => {
    const list = [entry('AAAAAAAAA1', '30.00'), entry('AAAAAAAAA2', '30.00')];
    expect(lostRefundIn(list, { sku: 'rf_1', amountMinor: 30_00 })).toEqual({
      kind: 'AMBIGUOUS',
      candidates: 2,
    });
  });

  it('when bKash lists sku, goes by our reference alone: another reference is never ours', () => {
    const list = [entry('AAAAAAAAA1', '30.00', 'rf_other'), entry('AAAAAAAAA2', '30.00', 'rf_ours')];
    expect(lostRefundIn(list, { sku: 'rf_ours', amountMinor: 30_00 })).toEqual({
      kind: 'FOUND',
      entry: list[1],
    });
    expect(lostRefundIn([list[0]!], { sku: 'rf_ours', amountMinor: 30_00 })).toEqual({ kind: 'NONE' });
    // Our reference with another amount is not this refund.
    expect(lostRefundIn(list, { sku: 'rf_ours', amountMinor: 20_00 })).toEqual({ kind: 'NONE' });
  });

  it('never picks a refund of another amount, nor one under another sku (property)', () => {
    const amount = fc.integer({ min: 1, max: 1_000_000 });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(amount, fc.option(fc.constantFrom('rf_a', 'rf_b')))),
        amount,
        (rows, ours) => {
          const list = rows.map(([minor, sku], i) =>
            entry(`T${String(i).padStart(9, '0')}`, toDecimalString(minor, 'BDT'), sku ?? undefined),
          );
          const search = lostRefundIn(list, { sku: 'rf_a', amountMinor: ours });
          if (search.kind !== 'FOUND') return;
          expect(search.entry.refundAmount).toBe(toDecimalString(ours, 'BDT'));
          const skus = list.some((row) => row.sku !== undefined);
          if (skus) expect(search.entry.sku).toBe('rf_a');
          const rivals = list.filter(
            (row) => row.refundAmount === search.entry.refundAmount && (!skus || row.sku === 'rf_a'),
          );
          expect(rivals).toHaveLength(1);
        },
      ),
    );
  });
});

describe('bKash payment key for refunds', () => {
  const id = fc.stringMatching(/^[A-Za-z0-9]{1,30}$/);

  it('round-trips paymentID and trxID', () => {
    fc.assert(
      fc.property(id, id, (paymentId, trxId) => {
        expect(decodePaymentKey(encodePaymentKey({ paymentId, trxId }))).toEqual({ paymentId, trxId });
      }),
    );
  });

  it('refuses anything that is not exactly two ids', () => {
    for (const value of ['BFD90JRLST', ':BFD90JRLST', 'TR0011:', 'a:b:c', '']) {
      expect(decodePaymentKey(value)).toBeNull();
    }
  });
});

describe('bKash browser callback', () => {
  const valid = { reference: 'pay_123', paymentID: 'TR0011ON1565154754797', status: 'success' };

  it('accepts success, failure and cancel with our reference and the paymentID to confirm', () => {
    const claimed = { success: 'SUCCEEDED', failure: 'FAILED', cancel: 'CANCELLED' } as const;
    for (const status of ['success', 'failure', 'cancel'] as const) {
      expect(parseBkashReturn(browserReturn({ ...valid, status }))).toEqual({
        accepted: true,
        callback: {
          reference: 'pay_123',
          claimedStatus: status,
          confirmationKey: 'TR0011ON1565154754797',
          unsignedOutcome: claimed[status],
        },
      });
    }
  });

  it('ignores the signature it cannot verify', () => {
    fc.assert(
      fc.property(fc.string(), (signature) => {
        const withSignature = { ...valid, signature, apiVersion: '1.2.0-beta/' };
        expect(parseBkashReturn(browserReturn(withSignature))).toEqual(
          parseBkashReturn(browserReturn(valid)),
        );
      }),
    );
  });

  it('refuses any other status', () => {
    fc.assert(
      fc.property(
        fc.string().filter((status) => !['success', 'failure', 'cancel'].includes(status.trim())),
        (status) => {
          expect(parseBkashReturn(browserReturn({ ...valid, status })).accepted).toBe(false);
        },
      ),
    );
  });

  it('refuses a callback without paymentID or reference, and any server notification', () => {
    const { reference: _reference, ...noReference } = valid;
    const { paymentID: _paymentID, ...noPaymentId } = valid;
    expect(parseBkashReturn(browserReturn(noReference))).toMatchObject({ accepted: false });
    expect(parseBkashReturn(browserReturn(noPaymentId))).toMatchObject({ accepted: false });
    expect(parseBkashReturn(browserReturn({ ...valid, paymentID: 'TR<script>' }))).toMatchObject({
      accepted: false,
    });
    expect(parseBkashReturn({ ...browserReturn(valid), kind: 'NOTIFICATION' })).toMatchObject({
      accepted: false,
    });
  });

  it('puts our reference into the callback URL, keeping its own query', () => {
    const url = new URL(callbackUrlFor('https://pay.example/return/bkash?lang=bn', 'pay 7&co'));
    expect(url.searchParams.get('lang')).toBe('bn');
    expect(url.searchParams.get('reference')).toBe('pay 7&co');
  });
});
