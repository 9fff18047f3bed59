import { throttledVerification } from '../../../api/admin/ledger/service.js';
import { createOrm, type Orm } from '../../../platform/orm/orm.js';
import { startStack, type Stack } from '../../helpers/stack.js';
import { requireEnv, testEnv } from '../../helpers/test-env.js';

/**
 * A full verification reads the whole ledger: an operator (or a script with their session) cannot
 * run it back to back, on any API process, nor by starting the ledger's workflow on Temporal. The
 * JSON API answers 429 with when to ask again; the dashboard shows the last result instead of
 * running another.
 */
describe('ledger verification throttle', () => {
  let stack: Stack;
  /** Another API process's own connections to the same database. */
  let otherProcess: Orm;
  /** The API's clock runs this far ahead. */
  let aheadMs = 0;

  const clearGate = () => stack.em().execute('delete from ledger_verify_gate');

  beforeAll(async () => {
    stack = await startStack({ worker: false, clock: () => new Date(Date.now() + aheadMs) });
    otherProcess = await createOrm({ databaseUrl: requireEnv(testEnv.databaseUrl), poolMax: 2 });
    // Suites share the database: this one starts with no verification in the interval.
    await clearGate();
  });
  afterAll(async () => {
    // The last start was taken on a clock moved ahead: the suites after this one are not held by it.
    await clearGate();
    await otherProcess?.close();
    await stack?.close();
  });

  it('runs once, then answers 429 LEDGER_VERIFICATION_THROTTLED with Retry-After; the page shows the last result', async () => {
    const finance = await stack.createOperator('FINANCE');
    const session = await stack.adminLogin(finance.email, finance.password);

    const first = await session.call('GET', '/api/v1/admin/ledger/verification');
    expect(first.status).toBe(200);
    expect(first.body.data).toMatchObject({ ok: expect.any(Boolean), checks: expect.any(Array) });

    const again = await session.call('GET', '/api/v1/admin/ledger/verification');
    expect(again.status).toBe(429);
    expect(again.body.meta.errorCode).toBe('LEDGER_VERIFICATION_THROTTLED');
    const retryAfter = Number(again.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(200);
    expect(retryAfter).toBeLessThanOrEqual(300);
    expect(again.body.meta.details).toEqual({ retryAfterSeconds: retryAfter });

    // Another operator is held by the same deployment-wide gate…
    const other = await stack.createOperator('FINANCE');
    const otherSession = await stack.adminLogin(other.email, other.password);
    expect((await otherSession.call('GET', '/api/v1/admin/ledger/verification')).status).toBe(429);
    // …and so is another API process (a replica): the gate is PostgreSQL's, not a process's.
    const replica = await throttledVerification({ orm: otherProcess, clock: stack.deps.clock });
    expect(replica).toMatchObject({ ran: false, last: { ok: first.body.data.ok } });

    const page = await session.call('GET', '/admin/ledger');
    expect(page.status).toBe(200);
    const body = String(page.body);
    expect(body).toContain('data-testid="ledger-verification"');
    expect(body).toContain(`data-ok="${String(first.body.data.ok)}"`);
    expect(body).toContain('data-testid="ledger-verification-throttled"');

    // Once the interval has passed, it runs again.
    aheadMs += 5 * 60_000 + 1_000;
    const later = await session.call('GET', '/api/v1/admin/ledger/verification');
    expect(later.status).toBe(200);
    expect(Date.parse(later.body.data.checkedAt)).toBeGreaterThanOrEqual(
      Date.parse(first.body.data.checkedAt),
    );
  });
});
