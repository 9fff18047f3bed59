import { signInAs } from '../../helpers/apps-admin.js';
import { startStack, type Stack } from '../../helpers/stack.js';

/** A dashboard form's `returnTo` sends the operator back only to a page of its own area. */
describe('dashboard form redirects', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ worker: false });
  });
  afterAll(() => stack.close());

  it.each([
    ['/admin/payments/../..//evil.example', '/admin/refunds?status=PENDING_APPROVAL'],
    ['/admin/refunds/../..//evil.example', '/admin/refunds?status=PENDING_APPROVAL'],
    ['/admin/refunds/%2e%2e/%2e%2e//evil.example', '/admin/refunds?status=PENDING_APPROVAL'],
    ['/admin/refunds/..%2f..%2f%2fevil.example', '/admin/refunds?status=PENDING_APPROVAL'],
    ['/\\evil.example', '/admin/refunds?status=PENDING_APPROVAL'],
    ['https://evil.example/admin/refunds', '/admin/refunds?status=PENDING_APPROVAL'],
    ['/admin/refunds?status=REJECTED', '/admin/refunds?status=REJECTED'],
  ])('returnTo %p lands on %p', async (returnTo, landing) => {
    const admin = await signInAs(stack, 'ADMIN');
    const response = await stack.api('POST', '/admin/refunds/rf_00000000000000000000/reject', {
      rawBody: new URLSearchParams({ _csrf: admin.csrfToken, returnTo, comment: 'no' }).toString(),
      headers: { cookie: admin.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(response.status).toBe(302);
    const location = response.headers.get('location')!;
    expect(location.startsWith(landing)).toBe(true);
    expect(new URL(location, 'https://pay.example').origin).toBe('https://pay.example');
    // The refusal still reaches the operator, as the flash of the page they land on.
    expect(new URL(location, 'https://pay.example').searchParams.get('error')).toEqual(expect.any(String));
  });
});
