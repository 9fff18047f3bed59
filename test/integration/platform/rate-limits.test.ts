import { startStack, type Stack } from '../../helpers/stack.js';

/**
 * Per-IP limits on the routes anyone can call, counted in PostgreSQL: two API processes on one
 * database share them.
 */
describe('rate limits on unauthenticated routes', () => {
  let first: Stack;
  let second: Stack;
  const limits = {
    RATE_LIMIT_IPN_PER_MINUTE: '3',
    RATE_LIMIT_CHECKOUT_PER_MINUTE: '3',
    RATE_LIMIT_SIGN_IN_PER_MINUTE: '3',
  };

  beforeAll(async () => {
    first = await startStack({ worker: false, configOverrides: limits });
    second = await startStack({ worker: false, configOverrides: limits });
    // The counters live in the database the suites of one Jest worker share: an earlier suite's
    // sign-ins from this address in the last minute would count here.
    await first.em().getConnection().execute('delete from rate_limits');
  });
  afterAll(async () => {
    await first.close();
    await second.close();
  });

  const expectLimited = (response: { status: number; headers: Headers; body: any }) => {
    expect(response.status).toBe(429);
    expect(response.body.meta).toMatchObject({ success: false, errorCode: 'RATE_LIMITED' });
    const retryAfter = Number(response.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
  };

  it('checkout: the limit holds across two API processes', async () => {
    const page = '/checkout/pay_00000000000000000000';
    const answers = [
      await first.api('GET', page),
      await second.api('GET', page),
      await first.api('GET', page),
    ];
    expect(answers.map((a) => a.status)).toEqual([404, 404, 404]);
    expectLimited(await second.api('GET', page));
    expectLimited(await first.api('GET', '/api/v1/checkout/pay_00000000000000000000'));
  });

  it('gateway notifications', async () => {
    const ipn = () =>
      first.api('POST', '/api/v1/gateways/sslcommerz/ipn', {
        rawBody: 'tran_id=pay_00000000000000000000&status=VALID',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
    for (let i = 0; i < 3; i++) expect((await ipn()).status).toBe(400);
    expectLimited(await ipn());
  });

  it('sign-in, through the JSON API and the page alike', async () => {
    const signIn = (stack: Stack) =>
      stack.api('POST', '/api/v1/admin/session', {
        body: { email: 'nobody@ops.example', password: 'wrong' },
      });
    expect((await signIn(first)).status).toBe(401);
    expect((await signIn(second)).status).toBe(401);
    expect((await signIn(first)).status).toBe(401);
    expectLimited(await signIn(second));
    const page = await first.api('POST', '/admin/login', {
      rawBody: 'email=nobody%40ops.example&password=wrong',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: first.apiUrl },
    });
    expect(page.status).toBe(429);
  });
});
