import fc from 'fast-check';
import { emailContent } from '../../../platform/email/content.js';
import { renderHtml, renderText } from '../../../platform/email/layout.js';

/** A notice's event data as the invoice workflow records it: the invoice with its installment. */
function installmentNotice(overrides: Record<string, unknown> = {}) {
  const installments = [1, 2, 3].map((sequence) => ({
    sequence,
    amountMinor: 200000,
    dueDate: `2030-0${sequence}-28`,
    paidMinor: sequence === 1 ? 200000 : sequence === 2 ? 50000 : 0,
    state: sequence === 1 ? 'PAID' : 'DUE',
    paidAt: null,
  }));
  return {
    reference: 'inv_00000000000000000000',
    number: 'INV-2030-000042',
    currency: 'BDT',
    dueDate: '2030-01-28',
    customer: { customerReference: 'c-1', name: 'Ayesha', email: 'ayesha@example.com' },
    totals: { totalMinor: 600000, outstandingMinor: 350000 },
    installments,
    installment: installments[1],
    payableUrl: 'https://pay.example.com/pay/abc',
    ...overrides,
  };
}

const ESCAPED: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const escaped = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPED[c]!);

describe("what a customer's email says", () => {
  it('an installment reminder names the installment, what is left of it, its due day and the payable link', () => {
    const content = emailContent({
      kind: 'installment_due',
      data: installmentNotice(),
      appName: 'Dhaka Books',
      paidInvoice: null,
      timeZone: 'Asia/Dhaka',
    });
    const text = renderText(content, { name: 'Dhaka Books', color: null }, 'LIVE');
    expect(content.heading).toBe('Installment 2 is due on 28 February 2030');
    expect(text).toContain('installment 2 of invoice INV-2030-000042 from Dhaka Books, 1,500.00 BDT');
    expect(text).toContain('2 of 3');
    expect(text).toContain('Still to pay on the invoice: 3,500.00 BDT');
    expect(text).toContain('Pay now: https://pay.example.com/pay/abc');
    expect(text).not.toContain('TEST mode');
  });

  it('an overdue notice says so, and a TEST-mode message says it is a rehearsal', () => {
    const content = emailContent({
      kind: 'installment_overdue',
      data: installmentNotice(),
      appName: 'Dhaka Books',
      paidInvoice: null,
      timeZone: 'Asia/Dhaka',
    });
    expect(content.heading).toBe('Installment 2 is overdue');
    const html = renderHtml(content, { name: 'Dhaka Books', color: '#123456' }, 'TEST');
    expect(html).toContain('was due on 28 February 2030 and has not been paid yet');
    expect(html).toContain('TEST mode');
    expect(html).toContain('background:#123456');
  });

  /** A receipt's event: a payment of 500.00 BDT settled at `settledAt`. */
  const settledPayment = (settledAt: string, productName: string | null) => ({
    reference: 'pay_00000000000000000000',
    amountMinor: 50000,
    currency: 'BDT',
    customerName: null,
    productName,
    settledAt,
    updatedAt: settledAt,
  });

  it('a receipt for a payment that paid an invoice says what is still to pay on it', () => {
    const content = emailContent({
      kind: 'payment_receipt',
      data: settledPayment('2030-02-20T04:00:00.000Z', 'Installment 2'),
      appName: 'Dhaka Books',
      paidInvoice: { number: 'INV-2030-000042', outstandingMinor: 350000 },
      timeZone: 'Asia/Dhaka',
    });
    const text = renderText(content, { name: 'Dhaka Books', color: null }, 'LIVE');
    expect(text).toContain('Hello,');
    expect(text).toContain('Paid:                        20 February 2030 at 10:00 (Asia/Dhaka)');
    expect(text).toContain('Still to pay on the invoice: 3,500.00 BDT');
  });

  it("a receipt says when it was paid in the company's time zone, named", () => {
    const paidAt = (timeZone: string) =>
      renderText(
        emailContent({
          kind: 'payment_receipt',
          data: settledPayment('2030-02-19T23:30:00.000Z', null),
          appName: 'Dhaka Books',
          paidInvoice: null,
          timeZone,
        }),
        { name: 'Dhaka Books', color: null },
        'LIVE',
      );
    expect(paidAt('Asia/Dhaka')).toContain('20 February 2030 at 05:30 (Asia/Dhaka)');
    expect(paidAt('Europe/London')).toContain('19 February 2030 at 23:30 (Europe/London)');
  });

  it('whatever the app and the customer are called, their names add no markup to the HTML', () => {
    const render = (appName: string, customerName: string, color: string) =>
      renderHtml(
        emailContent({
          kind: 'installment_due',
          data: installmentNotice({ customer: { name: customerName }, number: appName }),
          appName,
          paidInvoice: null,
          timeZone: 'Asia/Dhaka',
        }),
        { name: appName, color },
        'LIVE',
      );
    const markup = (html: string) => (html.match(/[<>"]/g) ?? []).length;
    const plain = markup(render('Dhaka Books', 'Ayesha', '#123456'));
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), (appName, customerName, color) => {
        const html = render(appName, customerName, color);
        expect(markup(html)).toBe(plain);
        expect(html).toContain(escaped(appName));
        // Only a plain #rrggbb colour reaches a style attribute.
        if (!/^#[0-9a-fA-F]{6}$/.test(color)) expect(html).toContain('background:#0f766e');
      }),
    );
  });

  it('only an http(s) payable link becomes a button', () => {
    const content = emailContent({
      kind: 'invoice_issued',
      data: installmentNotice({ payableUrl: 'javascript:alert(1)' }),
      appName: 'Dhaka Books',
      paidInvoice: null,
      timeZone: 'Asia/Dhaka',
    });
    expect(renderHtml(content, { name: 'Dhaka Books', color: null }, 'LIVE')).not.toContain(
      'href="javascript:',
    );
  });
});
