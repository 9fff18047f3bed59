import { safeReturnPath } from '../../../domain/operators/return-path.js';

const back = (value: unknown) => safeReturnPath(value, '/admin/payments', '/admin/payments');

describe('safeReturnPath', () => {
  it.each([
    ['/admin/payments/../..//evil.example'],
    ['/admin/payments/..%2f..%2f/evil.example'],
    ['/admin/payments/%2e%2e/%2e%2e//evil.example'],
    ['/admin/payments/%2E%2E/%2E%2E/%2Fevil.example'],
    ['//evil.example/admin/payments'],
    ['/\\evil.example/admin/payments'],
    ['/admin/payments/\\..\\..\\\\evil.example'],
    ['/admin/payments%2f..%2f..%2f%2fevil.example'],
    ['https://evil.example/admin/payments'],
    ['/admin/payments/\t/..//evil.example'],
    ['/admin/paymentsevil'],
    ['/admin/refunds'],
    ['/admin/payments/../refunds'],
    ['admin/payments'],
    ['/admin/payments/%zz'],
    [''],
    [undefined],
    [42],
  ])('refuses %p', (value) => {
    expect(back(value)).toBe('/admin/payments');
  });

  it('keeps a path under the area with its query, without an earlier flash', () => {
    expect(back('/admin/payments/pay_123?mode=LIVE&ok=done&sig=abc')).toBe(
      '/admin/payments/pay_123?mode=LIVE',
    );
    expect(back('/admin/payments')).toBe('/admin/payments');
  });

  it('never answers a path a browser reads as another host', () => {
    for (const value of [
      '/admin/payments/../..//evil.example',
      '/admin/payments/./..//x',
      '/admin/payments//x',
    ]) {
      const answer = back(value);
      expect(answer.startsWith('//')).toBe(false);
      expect(new URL(answer, 'https://pay.example').origin).toBe('https://pay.example');
    }
  });
});
