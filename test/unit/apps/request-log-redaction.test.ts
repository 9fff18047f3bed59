import {
  boundedBody,
  isRedactedField,
  loggedRequestBody,
  redactQuery,
  redactText,
  REDACTED,
} from '../../../domain/apps/request-log-redaction.js';
import { parseStatusFilter, requestLogCutoff } from '../../../domain/apps/request-log.js';
import type { PayoutBeneficiary } from '../../../domain/payouts/beneficiary.js';
import { beneficiaryView } from '../../../db/payouts/payout-view.js';

/**
 * What the request log keeps of a body: secrets, card numbers and customers' contact details are
 * gone before anything is stored, and a large body is cut with a marker.
 */
describe('request log redaction', () => {
  it('withholds fields named like secrets and customer contact details, wherever they sit', () => {
    for (const field of [
      'secret',
      'signingSecret',
      'api_key',
      'X-Api-Key',
      'password',
      'accessToken',
      'customerEmail',
      'customer_phone',
      'customerName',
      'cardholderName',
      'address',
    ]) {
      expect([field, isRedactedField(field, null)]).toEqual([field, true]);
    }
    expect(isRedactedField('name', 'customer')).toBe(true);
    for (const field of ['productName', 'name', 'amountMinor', 'reference', 'monkey', 'keys_total_count']) {
      // `keys_total_count` holds the word `keys`, not `key`: only whole words count.
      expect([field, isRedactedField(field, null)]).toEqual([field, false]);
    }
  });

  it('redacts nested bodies, emails in free text and Luhn-valid card numbers, and keeps the rest', () => {
    const body = {
      amountMinor: 10000,
      customerReference: 'cust_1',
      productName: 'Pro plan',
      customer: { name: 'Rahim Uddin', email: 'rahim@example.com', phone: '+8801712345678' },
      metadata: { note: 'call rahim@example.com, card 4111 1111 1111 1111', order: '1234567890123' },
      items: [{ secret: 'whsec_abc' }],
      gone: null,
    };
    const kept = boundedBody(body) as any;
    expect(kept).toEqual({
      amountMinor: 10000,
      customerReference: 'cust_1',
      productName: 'Pro plan',
      customer: { name: REDACTED, email: REDACTED, phone: REDACTED },
      metadata: { note: `call ${REDACTED}, card ${REDACTED}`, order: '1234567890123' },
      items: [{ secret: REDACTED }],
      gone: null,
    });
    expect(JSON.stringify(kept)).not.toMatch(/rahim|4111|whsec|8801/i);
    expect(redactText('4242424242424242')).toBe(REDACTED);
    expect(boundedBody({ n: 4242424242424242 })).toEqual({ n: REDACTED });
  });

  it('cuts a body past the bound into text with a marker, and keeps a body that is not JSON as cleaned text', () => {
    const big = boundedBody({ description: 'x'.repeat(10_000) }, 100) as string;
    expect(typeof big).toBe('string');
    expect(big.startsWith('{"description":"xxx')).toBe(true);
    expect(big).toMatch(/…\[truncated: 10018 characters in all\]$/);
    expect(loggedRequestBody('not json, mail me at a@b.co')).toBe(`not json, mail me at ${REDACTED}`);
    expect(loggedRequestBody('')).toBeNull();
    // What PostgreSQL cannot store (a refused body may hold it) is replaced, never a failed batch.
    expect(boundedBody({ 'a\u0000': 'x\u0000\ud800' })).toEqual({ 'a\uFFFD': 'x\uFFFD\uFFFD' });
    expect(loggedRequestBody('{"broken": "\u0000')).toBe('{"broken": "\uFFFD');
    expect(loggedRequestBody(undefined)).toBeNull();
  });

  it("masks payout and refund beneficiaries' wallet and account numbers as the API's answers mask them", () => {
    const wallet = { type: 'BKASH_WALLET', walletNumber: '01712345678', name: 'Rahima Khatun' };
    const bank = {
      type: 'BANK_ACCOUNT',
      accountNumber: '1234567890123',
      accountName: 'Karim Traders',
      routingNumber: '090261234',
      bankName: 'Example Bank',
    };
    const kept = boundedBody({
      beneficiary: wallet,
      destination: bank,
      lines: [{ lineReference: 'l1', beneficiary: { type: 'NAGAD_WALLET', walletNumber: '01812345678' } }],
    }) as any;
    // The same text a payout's or a refund's answer shows, so an entry reads like its answer.
    expect(kept.beneficiary).toEqual(beneficiaryView(wallet as PayoutBeneficiary));
    expect(kept.destination).toEqual(beneficiaryView(bank as PayoutBeneficiary));
    expect(kept.beneficiary.walletNumber).toBe('•••••••5678');
    expect(kept.destination.accountNumber).toBe('•••••••••0123');
    expect(kept.lines[0].beneficiary.walletNumber).toBe('•••••••5678');
    expect(JSON.stringify(kept)).not.toMatch(/01712345678|1234567890123|01812345678/);
    // An answer already masked is kept as it is; a number that is not text is withheld whole.
    expect(boundedBody({ beneficiary: beneficiaryView(wallet as PayoutBeneficiary) })).toEqual({
      beneficiary: beneficiaryView(wallet as PayoutBeneficiary),
    });
    expect(boundedBody({ wallet_number: 1712345678, accountNumber: null })).toEqual({
      wallet_number: REDACTED,
      accountNumber: null,
    });
    expect(loggedRequestBody('{"destination":{"type":"NAGAD_WALLET","walletNumber":"01912345678"}}')).toEqual(
      {
        destination: { type: 'NAGAD_WALLET', walletNumber: '•••••••5678' },
      },
    );
  });

  it('redacts query parameters by name and value', () => {
    expect(redactQuery('status=4xx&customerEmail=a%40b.co&api_key=k&q=x%40y.org')).toBe(
      `status=4xx&customerEmail=${encodeURIComponent(REDACTED)}&api_key=${encodeURIComponent(REDACTED)}&q=${encodeURIComponent(REDACTED)}`,
    );
    expect(redactQuery('')).toBeNull();
  });

  it('reads a status filter as one status or a class, and a week back as the cutoff', () => {
    expect(parseStatusFilter('4xx')).toEqual({ from: 400, below: 500 });
    expect(parseStatusFilter('201')).toEqual({ status: 201 });
    expect(parseStatusFilter('6xx')).toBeNull();
    expect(parseStatusFilter('40')).toBeNull();
    expect(requestLogCutoff(new Date('2026-11-27T00:00:00Z')).toISOString()).toBe('2026-11-20T00:00:00.000Z');
  });
  it('decides by each name once and by its holder each time, and keeps a field named __proto__ as a field', () => {
    // The same name under another holder: `name` is the customer's only inside `customer`.
    for (let i = 0; i < 3; i++) {
      expect(boundedBody({ product: { name: 'Pro plan' }, customer: { name: 'Rahim' } })).toEqual({
        product: { name: 'Pro plan' },
        customer: { name: REDACTED },
      });
    }
    const parsed = JSON.parse('{"__proto__": {"email": "a@b.co"}, "x": 1}') as object;
    const kept = boundedBody(parsed) as Record<string, unknown>;
    expect(Object.getPrototypeOf(kept)).toBe(Object.prototype);
    expect(JSON.stringify(kept)).toBe('{"__proto__":{"email":"[redacted]"},"x":1}');
    // Text without an @ or 13 digits passes untouched; with them, cleaned as before.
    expect(redactText('pay_0123456789abcdefghij 2026-11-27')).toBe('pay_0123456789abcdefghij 2026-11-27');
    expect(redactText('card 4111-1111-1111-1111, mail a@b.co')).toBe(`card ${REDACTED}, mail ${REDACTED}`);
    expect(redactText('ref 4111111111111112')).toBe('ref 4111111111111112');
    expect(redactText('nul\u0000 and \uD800 half')).toBe('nul\uFFFD and \uFFFD half');
    // An integer of a card's length that passes Luhn is withheld; amounts and ids are kept.
    expect(boundedBody({ count: 1, n: 4111111111111111, amountMinor: 125000, id: 999999999999 })).toEqual({
      count: 1,
      n: REDACTED,
      amountMinor: 125000,
      id: 999999999999,
    });
  });
});
