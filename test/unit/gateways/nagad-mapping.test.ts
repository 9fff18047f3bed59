import fc from 'fast-check';
import { errorFromBody, orderIdFor, referenceFor, toTransaction } from '../../../gateways/nagad/mapping.js';
import {
  dhakaDateTime,
  outcomeOf,
  parseDhakaDateTime,
  verifyAnswerSchema,
} from '../../../gateways/nagad/protocol.js';

/** A verify answer shaped like the real published one. */
const VERIFY_ANSWER = {
  merchantId: '683002007104225',
  orderId: 'pay0123456789abcdefghjk',
  paymentRefId: 'MDQxMjEzMjQ0ODI1Ni42ODMwMDIwMDcxMDQyMjUuVEVTVDE2MTgyMTI2ODg1NDU2',
  amount: '50.55',
  clientMobileNo: '017****8036',
  merchantMobileNo: '01711428036',
  orderDateTime: '2021-04-12 13:24:48.0',
  issuerPaymentDateTime: '2021-04-12 13:25:32.0',
  issuerPaymentRefNo: '000046HC',
  additionalMerchantInfo: null,
  status: 'Success',
  statusCode: '000',
  cancelIssuerDateTime: null,
  cancelIssuerRefNo: null,
};

describe('Nagad mapping', () => {
  it('turns our references into letters-and-digits orderIds and back', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9a-hjkmnp-tv-z]{20}$/), (token) => {
        const reference = `pay_${token}`;
        const orderId = orderIdFor(reference);
        expect(orderId).toMatch(/^[a-z0-9]+$/);
        expect(referenceFor(orderId)).toBe(reference);
      }),
    );
    expect(referenceFor('TEST16182126885456')).toBeNull();
    expect(() => orderIdFor('order-7')).toThrow(RangeError);
  });

  it('writes and reads Bangladesh time as YYYYMMDDHHmmss', () => {
    expect(dhakaDateTime(new Date('2021-04-12T07:24:48Z'))).toBe('20210412132448');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_102_444_800 }), (seconds) => {
        const date = new Date(seconds * 1000);
        expect(parseDhakaDateTime(dhakaDateTime(date))?.getTime()).toBe(date.getTime());
      }),
    );
    expect(parseDhakaDateTime('20210231120000')).toBeNull();
    expect(parseDhakaDateTime('2021-04-12')).toBeNull();
  });

  it('reads verify statuses, unknown ones as UNKNOWN', () => {
    expect(['Success', 'Aborted', 'Failed', 'Pending', 'Cancelled'].map(outcomeOf)).toEqual([
      'SUCCEEDED',
      'CANCELLED',
      'FAILED',
      'PENDING',
      'UNKNOWN',
    ]);
  });

  it('maps a real verify answer to a neutral transaction', () => {
    const transaction = toTransaction(verifyAnswerSchema.parse(VERIFY_ANSWER), VERIFY_ANSWER);
    expect(transaction).toEqual({
      outcome: 'SUCCEEDED',
      gatewayStatus: 'Success',
      reference: 'pay_0123456789abcdefghjk',
      amountMinor: 5055,
      currency: 'BDT',
      validationId: VERIFY_ANSWER.paymentRefId,
      gatewayTransactionId: '000046HC',
      paymentMethod: 'Nagad',
      riskLevel: null,
      feeMinor: null,
      // Nagad masks the paying wallet (017****8036): it names nobody a refund could go back to.
      payerAccount: null,
      raw: VERIFY_ANSWER,
    });
  });

  it('reports an amount it cannot read exactly as unknown', () => {
    for (const amount of ['50.555', 'fifty', '', null]) {
      const answer = verifyAnswerSchema.parse({ ...VERIFY_ANSWER, amount });
      expect(toTransaction(answer, {}).amountMinor).toBeNull();
    }
    expect(toTransaction(verifyAnswerSchema.parse({ ...VERIFY_ANSWER, amount: 50.5 }), {}).amountMinor).toBe(
      5050,
    );
  });

  it('reads an error body as a rejection, unless the HTTP status says Nagad is struggling', () => {
    const body = { reason: 'INVALID_SIGNATURE', message: 'Invalid signature' };
    expect(errorFromBody(body, 400, 'initialize').code).toBe('GATEWAY_REJECTED');
    expect(errorFromBody(body, 200, 'initialize').code).toBe('GATEWAY_REJECTED');
    expect(errorFromBody(body, 503, 'verify').code).toBe('GATEWAY_UNAVAILABLE');
    expect(errorFromBody(body, 429, 'verify').code).toBe('GATEWAY_UNAVAILABLE');
  });
});
