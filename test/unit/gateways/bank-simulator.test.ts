import { writePaymentFile } from '../../../gateways/bank/payment-file.js';
import type { PaymentFile } from '../../../gateways/bank/payment-file.js';
import { createBankSimulator } from '../../../gateways/bank/simulator/app.js';
import { Bank } from '../../../gateways/bank/simulator/bank.js';
import { faultPanelHtml } from '../../../gateways/simulator-kit/fault-panel.js';
import { close, listen } from '../../helpers/local-server.js';

/** The simulated bank keeps what it took across a restart, and its pages show its files escaped. */

const ORIGINATOR = { companyId: 'OIPAYTEST', accountNumber: '1234567890123' };
const LOGIN = { username: 'u', password: 'p' };

function file(reference: string, accountName = 'Rahima Khatun'): string {
  const payment: PaymentFile = {
    ...ORIGINATOR,
    debitAccountNumber: ORIGINATOR.accountNumber,
    fileReference: 'F1',
    createdAt: new Date('2026-11-27T10:00:00Z'),
    lines: [
      {
        reference,
        accountNumber: '1001001001',
        accountName,
        routingNumber: '010261234',
        amountMinor: 10_000,
        narrative: 'x',
        method: 'BEFTN',
      },
    ],
  };
  return writePaymentFile(payment);
}

const make = () =>
  createBankSimulator({ publicUrl: 'http://localhost:8081/bank', login: LOGIN, originator: ORIGINATOR });

describe('the bank simulator', () => {
  it('restores its files, outbox, balance, sessions and faults from what it saved', () => {
    const first = make();
    const bank = new Bank(first.book, ORIGINATOR, () => Date.UTC(2026, 10, 27));
    expect(bank.receive('OIPAY_po_a_1.txt', file('po_a'), {}).outcome).toBe('TAKEN');
    bank.clearingSession();
    first.faultPanel.arm('holdAcks', undefined, null);
    const saved = first.persisted.save();

    const second = make();
    // The host writes `saved` through v8's serializer (kept apart from this test's realm); the parts come back in place.
    second.persisted.restore(saved);
    expect(second.book.files.get('OIPAY_po_a_1.txt')?.lines[0]?.state).toBe('SETTLED');
    expect(second.book.balanceMinor).toBe(first.book.balanceMinor);
    expect(second.book.session).toBe(1);
    expect([...second.book.outbox.keys()]).toEqual(['ACK_OIPAY_po_a_1_1.txt']);
    expect(second.faultPanel.armed().map((fault) => fault.name)).toEqual(['holdAcks']);
    expect(
      new Bank(second.book, ORIGINATOR, Date.now).receive('OIPAY_po_a_1.txt', file('po_a'), {}).outcome,
    ).toBe('DUPLICATE');
  });

  it('refuses a file naming another company, and one that is not a payment file', () => {
    const sim = make();
    const bank = new Bank(sim.book, { ...ORIGINATOR, companyId: 'OTHER' }, Date.now);
    expect(bank.receive('a.txt', file('po_a'), {}).outcome).toBe('MALFORMED');
    expect(bank.receive('b.txt', 'hello', {}).outcome).toBe('MALFORMED');
  });

  it('lists its files on a page with every value escaped, and offers its faults and actions as forms', async () => {
    const sim = make();
    const served = await listen(sim.app.callback());
    try {
      const auth = { authorization: `Basic ${Buffer.from('u:p').toString('base64')}` };
      const upload = await fetch(`${served.url}/h2h/files/OIPAY_po_a_1.txt`, {
        method: 'POST',
        headers: auth,
        body: file('po_a', "O'Brien & Sons"),
      });
      expect(upload.status).toBe(201);
      const page = await (await fetch(`${served.url}/__simulator/files`)).text();
      expect(page).toContain('O&#39;Brien &amp; Sons');
      expect(page).toContain('OIPAY_po_a_1.txt');
      const panel = faultPanelHtml(sim.faultPanel, '/bank');
      for (const title of [
        'Upload answer lost',
        'Slow upload answer',
        'Duplicate acknowledgement',
        'Short balance',
        'Return a settled transfer',
        'Hold the next BEFTN clearing session',
      ]) {
        expect(panel).toContain(title);
      }
      const unauthorised = await fetch(`${served.url}/h2h/balance`);
      expect(unauthorised.status).toBe(401);
    } finally {
      await close(served.server);
    }
  });
});
