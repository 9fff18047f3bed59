import { DisbursementFaultBook } from '../../../gateways/bkash/disbursement/simulator/faults.js';
import { DisbursementState } from '../../../gateways/bkash/disbursement/simulator/state.js';
import {
  organizationBalance,
  queryTransfer,
  transfer,
  verifyWallet,
} from '../../../gateways/bkash/disbursement/simulator/transfers.js';

/** The simulated disbursement account's own rules, without HTTP. */
describe('bKash disbursement simulator', () => {
  const make = () => ({
    state: new DisbursementState(),
    faults: new DisbursementFaultBook(),
    now: () => Date.parse('2027-02-02T04:00:00Z'),
  });
  const body = (invoice: string, amount = '100.00', msisdn = '01712345678') => ({
    amount,
    currency: 'BDT',
    merchantInvoiceNumber: invoice,
    receiverMSISDN: msisdn,
  });

  it('pays once per merchantInvoiceNumber and refuses a repeat with 2029', () => {
    const sim = make();
    const first = transfer(sim, body('po_a'));
    expect(first.answer).toMatchObject({
      statusCode: '0000',
      transactionStatus: 'Completed',
      amount: '100.00',
    });
    expect(transfer(sim, body('po_a')).answer).toMatchObject({ statusCode: '2029' });
    expect(sim.state.transfers.size).toBe(1);
    expect(sim.state.transfers.get('po_a')!.requests).toBe(2);
    expect(queryTransfer(sim, { merchantInvoiceNumber: 'po_a' })).toMatchObject({
      trxID: first.answer.trxID,
    });
    expect(queryTransfer(sim, { merchantInvoiceNumber: 'po_b' })).toMatchObject({ statusCode: '2033' });
  });

  it('refuses a transfer the balance cannot cover, and pays once topped up', () => {
    const sim = make();
    sim.state.balanceMinor = 5_000;
    expect(transfer(sim, body('po_c')).answer).toMatchObject({ statusCode: '2023' });
    sim.state.balanceMinor = 20_000;
    // The tariff's 1.00 % leaves the balance with the amount, and the answer carries it.
    expect(transfer(sim, body('po_c')).answer).toMatchObject({ statusCode: '0000', b2cFee: '1.00' });
    expect(organizationBalance(sim)).toMatchObject({ organizationBalance: [{ availableBalance: '99.00' }] });
  });

  it('applies the per-transaction and daily limits and the wallets’ states', () => {
    const sim = make();
    sim.faults.set({ perTransactionLimitMinor: 5_000 });
    expect(transfer(sim, body('po_d', '60.00')).answer).toMatchObject({ statusCode: '2081' });
    sim.faults.set({ dailyLimitMinor: 15_000 });
    expect(transfer(sim, body('po_e', '100.00')).answer).toMatchObject({ statusCode: '0000' });
    expect(transfer(sim, body('po_f', '60.00')).answer).toMatchObject({ statusCode: '2082' });
    sim.state.wallets.set('01812345678', { state: 'BLOCKED', name: 'X', kycStatus: 'FULL' });
    expect(transfer(sim, body('po_g', '1.00', '01812345678')).answer).toMatchObject({ statusCode: '2039' });
    expect(verifyWallet(sim, { receiverMSISDN: '01812345678' })).toMatchObject({ walletStatus: 'Blocked' });
    expect(transfer(sim, body('po_h', '1.00', '12345')).answer).toMatchObject({ statusCode: '2012' });
  });

  it('loses the answer of a transfer it made, once', () => {
    const sim = make();
    sim.faults.set({ transferAnswerLost: '504' });
    expect(transfer(sim, body('po_i')).answerLost).toBe('504');
    expect(sim.state.transfers.has('po_i')).toBe(true);
    expect(transfer(sim, body('po_j')).answerLost).toBeUndefined();
  });
});
