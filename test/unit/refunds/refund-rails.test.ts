import {
  expectedArrival,
  nextBankingDayEnd,
  payoutDueOnRecord,
  paysOutByDestination,
  routeRefund,
} from '../../../domain/refunds/refund-rails.js';

describe('refund rails', () => {
  it('routes a refund by what its gateway can do and what the requester gave', () => {
    const ask = { gatewayRefunds: 'MANUAL' as const, hasDestination: false, manualConfirmation: false };
    expect(routeRefund(ask)).toEqual({ code: 'REFUND_DESTINATION_REQUIRED' });
    expect(routeRefund({ ...ask, hasDestination: true })).toEqual({ route: 'PAYOUT' });
    expect(routeRefund({ ...ask, manualConfirmation: true })).toEqual({ route: 'FINANCE' });
    expect(routeRefund({ ...ask, hasDestination: true, manualConfirmation: true })).toEqual({
      code: 'REFUND_DESTINATION_CONFLICT',
    });
    expect(routeRefund({ ...ask, gatewayRefunds: 'API' })).toEqual({ route: 'GATEWAY' });
    expect(routeRefund({ ...ask, gatewayRefunds: 'API', hasDestination: true })).toEqual({
      route: 'GATEWAY',
    });
  });

  it('pays out a gateway refund only past its window, and only with a destination', () => {
    const base = { gatewayRefunds: 'API' as const, hasDestination: true, refundWindowClosed: false };
    expect(paysOutByDestination(base)).toBe(false);
    expect(paysOutByDestination({ ...base, refundWindowClosed: true })).toBe(true);
    expect(paysOutByDestination({ ...base, refundWindowClosed: true, hasDestination: false })).toBe(false);
    expect(paysOutByDestination({ ...base, gatewayRefunds: 'MANUAL' })).toBe(true);
  });

  it('expects a wallet within minutes and a bank account by the next banking day, skipping the weekend', () => {
    const thursdayEvening = new Date('2027-02-04T14:00:00Z'); // 20:00 Thursday in Dhaka
    expect(nextBankingDayEnd(thursdayEvening).toISOString()).toBe('2027-02-07T11:00:00.000Z'); // Sunday 17:00
    const mondayMorning = new Date('2027-02-08T03:00:00Z');
    expect(nextBankingDayEnd(mondayMorning).toISOString()).toBe('2027-02-09T11:00:00.000Z');
    expect(expectedArrival('PAYOUT', { type: 'NAGAD_WALLET' }, mondayMorning)).toMatchObject({
      window: 'MINUTES',
      by: '2027-02-08T03:30:00.000Z',
    });
    expect(expectedArrival('PAYOUT', { type: 'BANK_ACCOUNT' }, thursdayEvening)).toMatchObject({
      window: 'NEXT_BANKING_DAY',
      by: '2027-02-07T11:00:00.000Z',
    });
    expect(expectedArrival('FINANCE', null, mondayMorning)).toMatchObject({ window: 'FINANCE', by: null });
    expect(expectedArrival('GATEWAY', null, mondayMorning)).toMatchObject({ window: 'GATEWAY', by: null });
  });

  it('pays a refund out only on its recorded route or its gateway recorded refusal past the window', () => {
    type Answer = Parameters<typeof payoutDueOnRecord>[0]['firstFinalAnswer'];
    const refused: Answer = { outcome: 'FAILED', refundWindowClosed: true };
    const due = (route: 'GATEWAY' | 'PAYOUT' | null, answer: Answer, hasDestination = true) =>
      payoutDueOnRecord({ route, hasDestination, firstFinalAnswer: answer });
    expect(due('PAYOUT', null)).toBe(true);
    expect(due('GATEWAY', refused)).toBe(true);
    expect(due(null, refused)).toBe(true);
    // Still held by the gateway, refunded by it, or refused for another reason: never paid out.
    expect(due('GATEWAY', null)).toBe(false);
    expect(due('GATEWAY', { outcome: 'SUCCEEDED', refundWindowClosed: false })).toBe(false);
    expect(due('GATEWAY', { outcome: 'FAILED', refundWindowClosed: false })).toBe(false);
    // Nowhere to pay it to.
    expect(due('PAYOUT', null, false)).toBe(false);
    expect(due('GATEWAY', refused, false)).toBe(false);
  });
});
