import type { EntityManager } from '@mikro-orm/postgresql';
import { postJournalEntry } from '../../../db/ledger/ledger.js';
import { settlementEntry } from '../../../domain/ledger/ledger.js';
import { signInAs } from '../../helpers/apps-admin.js';
import { scratchDatabase } from '../../helpers/scratch-database.js';
import { startStack, type Stack } from '../../helpers/stack.js';

/**
 * Finance configures what each gateway charges (the fee booked when a gateway does not price a
 * capture itself) and names the bank account each gateway settles to: through the admin API and the
 * dashboard, FINANCE and ADMIN only, every change audited.
 */
describe('gateway fee schedules and settlement bank accounts', () => {
  let stack: Stack;
  let scratch: Awaited<ReturnType<typeof scratchDatabase>>;
  // Rates and bank accounts change here, and a settlement is posted with no line: a database of its own.
  beforeAll(async () => {
    scratch = await scratchDatabase();
    stack = await startStack({ worker: false, databaseUrl: scratch.url });
  });
  afterAll(async () => {
    await stack?.close();
    await scratch?.drop();
  });

  const audit = (action: string) =>
    stack
      .em()
      .execute<Array<{ actor_label: string; target_id: string; before: unknown; after: unknown }>>(
        'select actor_label, target_id, before, after from audit_log where action = ? order by id',
        [action],
      );

  it('lists the published defaults, sets, changes and removes a rate, each change audited', async () => {
    const finance = await signInAs(stack, 'FINANCE');
    const listed = await finance.call('GET', '/api/v1/admin/fee-schedules');
    expect(listed.status).toBe(200);
    const rates = (listed.body.data.items as Array<Record<string, unknown>>).map((s) => [
      s.gateway,
      s.mode,
      s.currency,
      s.method,
      s.rate,
    ]);
    expect(rates).toEqual(
      expect.arrayContaining([
        ['bkash', 'LIVE', 'BDT', null, '1.85 %'],
        ['nagad', 'LIVE', 'BDT', null, '1.5 %'],
        ['sslcommerz', 'LIVE', 'BDT', null, '2.5 %'],
        ['stripe', 'LIVE', 'USD', null, '2.9 % + 0.30'],
        ['bkash', 'TEST', 'BDT', null, '1.85 %'],
      ]),
    );

    const body = {
      gateway: 'sslcommerz',
      mode: 'LIVE',
      currency: 'BDT',
      method: 'VISA-Dutch Bangla',
      percentBasisPoints: 230,
      fixedMinor: 0,
    };
    const created = await finance.call('PUT', '/api/v1/admin/fee-schedules', { body });
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({ ...body, rate: '2.3 %', updatedBy: expect.any(String) });
    // The same key (methods compare without case) changes the rate rather than adding a row.
    const changed = await finance.call('PUT', '/api/v1/admin/fee-schedules', {
      body: { ...body, method: 'visa-dutch bangla', percentBasisPoints: 210, fixedMinor: 500 },
    });
    expect(changed.status).toBe(200);
    expect(changed.body.data).toMatchObject({ id: created.body.data.id, rate: '2.1 % + 5.00' });
    expect(await audit('fee_schedule.created')).toEqual([
      expect.objectContaining({ target_id: String(created.body.data.id), before: null }),
    ]);
    expect(await audit('fee_schedule.updated')).toEqual([
      expect.objectContaining({
        before: expect.objectContaining({ percentBasisPoints: 230, fixedMinor: 0 }),
        after: expect.objectContaining({ percentBasisPoints: 210, fixedMinor: 500 }),
      }),
    ]);

    const removed = await finance.call('DELETE', `/api/v1/admin/fee-schedules/${created.body.data.id}`);
    expect(removed.status).toBe(200);
    const again = await finance.call('DELETE', `/api/v1/admin/fee-schedules/${created.body.data.id}`);
    expect(again.status).toBe(404);
    expect(again.body.meta.errorCode).toBe('FEE_SCHEDULE_NOT_FOUND');
    expect(await audit('fee_schedule.deleted')).toHaveLength(1);
  });

  it.each([
    ['a percentage above 100 %', { percentBasisPoints: 10_001 }, 'percentBasisPoints'],
    ['a fractional basis point', { percentBasisPoints: 1.5 }, 'percentBasisPoints'],
    ['a negative fixed amount', { fixedMinor: -1 }, 'fixedMinor'],
    ['money paid outside a gateway', { gateway: 'manual' }, 'gateway'],
    ['a blank method', { method: '  ' }, 'method'],
    ['an unknown currency', { currency: 'XYZ' }, 'currency'],
  ])('refuses %s with the field named, and changes nothing', async (_name, change, field) => {
    const admin = await signInAs(stack, 'ADMIN');
    const before = await stack.em().execute('select * from gateway_fee_schedules order by id');
    const response = await admin.call('PUT', '/api/v1/admin/fee-schedules', {
      body: {
        gateway: 'bkash',
        mode: 'TEST',
        currency: 'BDT',
        percentBasisPoints: 100,
        fixedMinor: 0,
        ...change,
      },
    });
    expect(response.status).toBe(400);
    expect(response.body.meta.errorCode).toBe('VALIDATION_ERROR');
    expect(response.body.meta.details).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    expect(await stack.em().execute('select * from gateway_fee_schedules order by id')).toEqual(before);
  });

  it('lets only FINANCE and ADMIN read or change the rates', async () => {
    const body = { gateway: 'nagad', mode: 'TEST', currency: 'BDT', percentBasisPoints: 99, fixedMinor: 0 };
    for (const role of ['DEVELOPER', 'SUPPORT', 'VIEWER'] as const) {
      const session = await signInAs(stack, role);
      const put = await session.call('PUT', '/api/v1/admin/fee-schedules', { body });
      expect({ role, status: put.status, code: put.body.meta.errorCode }).toEqual({
        role,
        status: 403,
        code: 'FORBIDDEN',
      });
      expect((await session.call('GET', '/api/v1/admin/fee-schedules')).status).toBe(403);
    }
  });

  it('names the bank account a gateway settles to, shown on its BANK account in the ledger', async () => {
    // A settlement has opened nagad's LIVE bank account.
    const em = stack.em() as EntityManager;
    await em.transactional((tx) =>
      postJournalEntry(
        tx as EntityManager,
        settlementEntry({
          gateway: 'nagad',
          mode: 'LIVE',
          currency: 'BDT',
          lineKey: 'b'.repeat(64),
          netMinor: 9850,
        })!,
      ),
    );
    const finance = await signInAs(stack, 'FINANCE');
    const before = await finance.call('GET', '/api/v1/admin/settlement-bank-accounts');
    expect(before.body.data.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          gateway: 'nagad',
          mode: 'LIVE',
          name: 'Nagad settlement account (LIVE)',
          named: false,
        }),
      ]),
    );
    const named = await finance.call('PUT', '/api/v1/admin/settlement-bank-accounts/nagad/LIVE', {
      body: { name: 'City Bank Gulshan ••4410' },
    });
    expect(named.status).toBe(200);
    expect(named.body.data).toMatchObject({ name: 'City Bank Gulshan ••4410', named: true });
    expect(await audit('settlement_bank_account.named')).toEqual([
      expect.objectContaining({
        target_id: 'nagad:LIVE',
        before: null,
        after: { name: 'City Bank Gulshan ••4410' },
      }),
    ]);
    const unknown = await finance.call('PUT', '/api/v1/admin/settlement-bank-accounts/paypal/LIVE', {
      body: { name: 'x' },
    });
    expect(unknown.body.meta.errorCode).toBe('GATEWAY_NOT_FOUND');

    const accounts = await finance.call('GET', '/api/v1/admin/ledger/accounts?mode=LIVE&type=BANK');
    expect(accounts.body.data.items).toEqual([
      expect.objectContaining({
        code: 'bank:nagad:LIVE:BDT',
        bankAccountName: 'City Bank Gulshan ••4410',
        balanceMinor: 9850,
      }),
    ]);
    const page = await stack.api('GET', '/admin/ledger?mode=LIVE&type=BANK', {
      headers: { cookie: finance.cookie },
    });
    expect(page.status).toBe(200);
    expect(String(page.body)).toContain('City Bank Gulshan ••4410');
  });

  it('the dashboard page shows the rates and saves a rate typed as a percentage and an amount', async () => {
    const finance = await signInAs(stack, 'FINANCE');
    const form = (where: string, fields: Record<string, string>) =>
      stack.api('POST', where, {
        rawBody: new URLSearchParams({ _csrf: finance.csrfToken, ...fields }).toString(),
        headers: { cookie: finance.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      });
    const page = async () => {
      const response = await stack.api('GET', '/admin/ledger/fees', { headers: { cookie: finance.cookie } });
      expect(response.status).toBe(200);
      return String(response.body);
    };
    expect(await page()).toContain('data-testid="fee-schedule-form"');

    const saved = await form('/admin/ledger/fees', {
      gateway: 'stripe',
      mode: 'LIVE',
      currency: 'EUR',
      method: '',
      percent: '1.5',
      fixed: '0.25',
    });
    expect(saved.status).toBe(302);
    const [stored] = await stack
      .em()
      .execute<
        Array<{ id: string; method: string | null; percent_basis_points: number; fixed_minor: string }>
      >(
        "select id, method, percent_basis_points, fixed_minor from gateway_fee_schedules where gateway = 'stripe' and mode = 'LIVE' and currency = 'EUR'",
      );
    expect(stored).toMatchObject({ method: null, percent_basis_points: 150, fixed_minor: '25' });
    expect(await page()).toContain('1.5 % + 0.25');

    const refused = await form('/admin/ledger/fees', {
      gateway: 'stripe',
      mode: 'LIVE',
      currency: 'EUR',
      method: '',
      percent: 'lots',
      fixed: '',
    });
    expect(refused.status).toBe(400);
    expect(String(refused.body)).toContain('percent');
    expect(String(refused.body)).toContain('value="lots"');

    const removed = await form(`/admin/ledger/fees/${stored!.id}/delete`, {});
    expect(removed.status).toBe(302);
    expect(await page()).not.toContain('1.5 % + 0.25');
  });
});
