import fc from 'fast-check';
import {
  CUSTOMER_EMAIL_KINDS,
  EMAIL_RETRY,
  customerEmailFor,
  customerEmailSubject,
  emailRetryDelayMs,
  isSendableAddress,
  judgeSendFailure,
  mayOweCustomerEmail,
  statusAfterAttempt,
} from '../../../domain/customer-emails/customer-emails.js';

const KIND_OF = {
  'invoice.issued': 'invoice_issued',
  'invoice.installment_due': 'installment_due',
  'invoice.installment_overdue': 'installment_overdue',
  'payment.succeeded': 'payment_receipt',
} as const;
const OWING_TYPES = Object.keys(KIND_OF) as Array<keyof typeof KIND_OF>;
const OTHER_TYPES = [
  'payment.failed',
  'payment.expired',
  'payment.refunded',
  'invoice.paid',
  'invoice.voided',
  'refund.succeeded',
  'constructor',
  '__proto__',
  'toString',
];

const settings = fc.record({ receiptsEnabled: fc.boolean(), invoiceEmailsEnabled: fc.boolean() });
const address = fc.emailAddress().filter((a) => a.split('@')[1]!.includes('.'));

describe('which event owes its customer an email', () => {
  it('an owing event with its switch on and a sendable address queues its kind, to that address', () => {
    fc.assert(
      fc.property(fc.constantFrom(...OWING_TYPES), settings, address, (type, switches, email) => {
        const owed = customerEmailFor(type, switches, `  ${email} `);
        const kind = KIND_OF[type];
        const on = kind === 'payment_receipt' ? switches.receiptsEnabled : switches.invoiceEmailsEnabled;
        expect(owed).toEqual(on ? { kind, recipient: email } : null);
      }),
    );
  });

  it('no other event ever owes one, whatever the switches and the address', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.constantFrom(...OTHER_TYPES), fc.string()).filter((t) => !(t in KIND_OF)),
        settings,
        fc.option(address, { nil: null }),
        (type, switches, email) => {
          expect(customerEmailFor(type, switches, email)).toBeNull();
          expect(mayOweCustomerEmail(type)).toBe(false);
        },
      ),
    );
  });

  it('a customer without a sendable address gets nothing, even with every switch on', () => {
    const on = { receiptsEnabled: true, invoiceEmailsEnabled: true };
    fc.assert(
      fc.property(
        fc.constantFrom(...OWING_TYPES),
        fc.constantFrom(null, '', '   ', 'no-at-sign'),
        (type, email) => {
          expect(customerEmailFor(type, on, email)).toBeNull();
        },
      ),
    );
  });

  it('a recipient it accepts is one plain address: one @, a dotted domain, nothing that starts another', () => {
    const on = { receiptsEnabled: true, invoiceEmailsEnabled: true };
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          address,
          address.map((a) => `${a}, other@example.com`),
        ),
        (email) => {
          const owed = customerEmailFor('payment.succeeded', on, email);
          if (!owed) return;
          expect(owed.recipient.split('@')).toHaveLength(2);
          expect(owed.recipient.split('@')[1]).toMatch(/^[^.]+(\.[^.]+)+$/);
          expect(owed.recipient).not.toMatch(/[\s,;<>"()[\]\\\p{Cc}]/u);
          expect(isSendableAddress(owed.recipient)).toBe(true);
        },
      ),
    );
  });
});

describe('subjects', () => {
  const facts = fc.record({
    kind: fc.constantFrom(...CUSTOMER_EMAIL_KINDS),
    mode: fc.constantFrom('TEST' as const, 'LIVE' as const),
    appName: fc.string({ maxLength: 150 }),
    invoiceNumber: fc.option(fc.string({ maxLength: 40 }), { nil: null }),
    installment: fc.option(fc.integer({ min: 1, max: 120 }), { nil: null }),
    amountMinor: fc.option(fc.integer({ min: 1, max: 10 ** 12 }), { nil: null }),
    currency: fc.constantFrom('BDT', 'USD', 'JPY', 'XYZ'),
  });

  it('are one line of at most 200 characters, saying TEST first exactly in TEST mode', () => {
    fc.assert(
      fc.property(facts, (f) => {
        const subject = customerEmailSubject(f);
        expect(subject).not.toMatch(/\p{Cc}/u);
        expect(subject.length).toBeLessThanOrEqual(200);
        expect(subject.startsWith('[TEST] ')).toBe(f.mode === 'TEST');
      }),
    );
  });

  it('name the app and what the message is about', () => {
    fc.assert(
      fc.property(facts, fc.stringMatching(/^[A-Za-z]{1,12}( [A-Za-z]{1,12}){0,3}$/), (f, appName) => {
        const subject = customerEmailSubject({ ...f, appName, invoiceNumber: 'INV-2026-000042' });
        expect(subject).toContain(appName);
        if (f.kind !== 'payment_receipt') expect(subject).toContain('INV-2026-000042');
      }),
    );
    expect(
      customerEmailSubject({
        kind: 'payment_receipt',
        mode: 'LIVE',
        appName: 'Demo Store',
        amountMinor: 1234567,
        currency: 'BDT',
      }),
    ).toBe('Your receipt from Demo Store: 12,345.67 BDT');
    expect(
      customerEmailSubject({
        kind: 'installment_overdue',
        mode: 'TEST',
        appName: 'Demo\r\nBcc: x@example.com',
        invoiceNumber: 'TEST-INV-2026-000007',
        installment: 2,
      }),
    ).toBe('[TEST] Overdue: installment 2 of invoice TEST-INV-2026-000007 from Demo Bcc: x@example.com');
  });
});

describe('what a failed attempt means', () => {
  it('a 5xx reply (but 503) refuses the message for good; any other reply may pass later', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 200, max: 599 }),
        fc.option(fc.string(), { nil: null }),
        (code, errorCode) => {
          const permanent = code >= 500 && code !== 503;
          expect(judgeSendFailure({ responseCode: code, code: errorCode })).toBe(
            permanent ? 'PERMANENT' : 'TRANSIENT',
          );
        },
      ),
    );
  });

  it('without a reply, only a message refused before it reached a server is permanent', () => {
    for (const code of ['ESOCKET', 'ECONNECTION', 'ETIMEDOUT', 'EDNS', 'EAUTH', 'ETLS', null]) {
      expect(judgeSendFailure({ responseCode: null, code })).toBe('TRANSIENT');
    }
    expect(judgeSendFailure({ responseCode: null, code: 'EENVELOPE' })).toBe('PERMANENT');
  });

  it('moves the message as the log shows it', () => {
    expect(statusAfterAttempt('SENT')).toBe('SENT');
    expect(statusAfterAttempt('RETRY')).toBe('QUEUED');
    expect(statusAfterAttempt('REJECTED')).toBe('FAILED');
    expect(statusAfterAttempt('NO_TRANSPORT')).toBe('SKIPPED');
  });
});

describe('retrying', () => {
  it('waits 5 s, then doubles, never more than 10 minutes, never less than before', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), (failures) => {
        const wait = emailRetryDelayMs(failures);
        expect(wait).toBeGreaterThanOrEqual(EMAIL_RETRY.firstDelayMs);
        expect(wait).toBeLessThanOrEqual(EMAIL_RETRY.maxDelayMs);
        expect(emailRetryDelayMs(failures + 1)).toBeGreaterThanOrEqual(wait);
      }),
    );
    expect([1, 2, 3, 4].map(emailRetryDelayMs)).toEqual([5_000, 10_000, 20_000, 40_000]);
  });

  it('keeps trying for three days, however many attempts that takes', () => {
    let elapsed = 0;
    let attempts = 0;
    while (elapsed + emailRetryDelayMs(attempts + 1) <= EMAIL_RETRY.horizonMs) {
      attempts += 1;
      elapsed += emailRetryDelayMs(attempts);
    }
    // About one attempt every 10 minutes once backed off: far more than a fixed cap would allow.
    expect(attempts).toBeGreaterThan(400);
    expect(EMAIL_RETRY.horizonMs - elapsed).toBeLessThan(EMAIL_RETRY.maxDelayMs);
  });
});
