import { verifyLedger } from '../../../db/ledger/ledger-verify.js';
import { bkashB2cFeeMinor } from '../../../gateways/bkash/disbursement/simulator/tariff.js';
import { dhakaDayOf } from '../../../gateways/simulator-kit/statements.js';
import { BANK_CHARGES_MINOR } from '../../../gateways/bank/simulator/tariff.js';
import { nagadDisbursementFeeMinor } from '../../../gateways/nagad/disbursement/simulator/tariff.js';
import { scratchDatabase } from '../../helpers/scratch-database.js';
import { eventually, startStack, type Credentials, type Stack } from '../../helpers/stack.js';

/**
 * Payouts against the bKash disbursement simulator's own B2C statement: finance uploads the
 * statement the simulator serves for a day; a day the rail agrees with has no exception, and each
 * way the statement is made to disagree (through the simulator's statement faults) raises its
 * exception, which finance resolves under the same two-person rules as money in. The fee the rail
 * charged is booked with each payout (RAIL_FEES), and the ledger verifies clean throughout.
 */

type Session = Awaited<ReturnType<Stack['adminLogin']>>;

describe("payouts reconciled against the rail's statement", () => {
  let stack: Stack;
  let scratch: Awaited<ReturnType<typeof scratchDatabase>>;
  let creds: Credentials;
  const people: Record<'uploader' | 'other' | 'admin', { id: number; session: Session }> = {} as never;
  let walletSeq = 0;
  const nextWallet = () => `0172${String(1_000_000 + walletSeq++).slice(-7)}`;

  const sim = <T = unknown>(method: string, route: string, body?: unknown) =>
    stack.gatewaySimulators.control<T>('bkash-disbursement', method, route, body);

  beforeAll(async () => {
    scratch = await scratchDatabase();
    stack = await startStack({
      databaseUrl: scratch.url,
      configOverrides: {
        PAYOUT_CANCEL_WINDOW_SECONDS: '0',
        RECON_TEST_ROUNDING_TOLERANCE_MINOR: 'BDT:100,1',
      },
    });
    creds = (await stack.registerApp()).test;
    for (const [name, role] of [
      ['uploader', 'FINANCE'],
      ['other', 'FINANCE'],
      ['admin', 'ADMIN'],
    ] as const) {
      const operator = await stack.createOperator(role);
      people[name] = { id: operator.id, session: await stack.adminLogin(operator.email, operator.password) };
    }
  }, 90_000);
  afterAll(async () => {
    await stack?.close();
    await scratch?.drop();
  });
  afterEach(() => sim('DELETE', '/__simulator/statement-faults'));

  async function paidPayout(amountMinor: number, walletNumber = nextWallet()): Promise<string> {
    const created = await stack.api('POST', '/api/v1/payouts', {
      creds,
      body: {
        amountMinor,
        beneficiary: { type: 'BKASH_WALLET', walletNumber, name: 'Rahima Khatun' },
        narrative: 'Cashback',
      },
    });
    expect(created.status).toBe(201);
    return settled(created.body.data.reference as string, 'SUCCEEDED');
  }

  async function settled(reference: string, status: string): Promise<string> {
    await eventually(
      async () => {
        const read = await stack.api('GET', `/api/v1/payouts/${reference}`, { creds });
        return read.body.data.status === status ? true : null;
      },
      30_000,
      `payout ${reference} ${status}`,
    );
    return reference;
  }

  /** The simulator's statement of `day`, as finance would download it from the portal. */
  async function statementOf(day: string, mount = 'bkash-disbursement'): Promise<string> {
    const response = await fetch(`${stack.gatewaySimulators.url}/${mount}/__simulator/statement?date=${day}`);
    expect(response.status).toBe(200);
    return response.text();
  }

  async function upload(session: Session, day: string, content: string, rail = 'bkash') {
    const form = new FormData();
    form.set('rail', rail);
    form.set('mode', 'TEST');
    form.set('statementDate', day);
    form.set('file', new Blob([content]), `${rail}-statement-${day}.csv`);
    const response = await fetch(`${stack.apiUrl}/api/v1/admin/settlements/rail-statements`, {
      method: 'POST',
      headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken },
      body: form,
    });
    return { status: response.status, body: (await response.json()) as any };
  }

  const runOf = async (day: string, rail = 'bkash') => {
    const [run] = await stack.em().execute<
      Array<{
        id: string;
        line_count: number;
        matched_count: number;
        open_exception_count: number;
        matched_ms: string | null;
      }>
    >(
      `select id, line_count, matched_count, open_exception_count,
                coalesce(extract(epoch from last_matched_at) * 1000, 0) as matched_ms from recon_runs
          where gateway = ? and mode = 'TEST' and settlement_date = ?::date`,
      [`payout-${rail}`, day],
    );
    return run ?? null;
  };

  const exceptionsOf = async (day: string, rail = 'bkash') =>
    stack.em().execute<
      Array<{
        reference: string;
        kind: string;
        status: string;
        expected_minor: string | null;
        actual_minor: string | null;
        payout_reference: string | null;
      }>
    >(
      `select e.reference, e.kind, e.status, e.expected_minor, e.actual_minor, p.reference as payout_reference
           from recon_exceptions e join recon_runs r on r.id = e.run_id left join payouts p on p.id = e.payout_id
          where r.gateway = ? and r.mode = 'TEST' and r.settlement_date = ?::date order by e.id`,
      [`payout-${rail}`, day],
    );

  /** Uploads the day's statement and waits until the day was matched after it. */
  async function reconcile(session: Session, day: string, content: string, rail = 'bkash') {
    const before = Number((await runOf(day, rail))?.matched_ms ?? 0);
    const uploaded = await upload(session, day, content, rail);
    expect([201, 200]).toContain(uploaded.status);
    await eventually(
      async () => {
        const run = await runOf(day, rail);
        return run && Number(run.matched_ms ?? 0) > before ? run : null;
      },
      30_000,
      `payout-${rail} ${day} matched`,
    );
    return uploaded.body.data;
  }

  const railFees = async () => {
    const [row] = await stack.em().execute<Array<{ balance: string | null }>>(
      `select sum(p.amount_minor) as balance from postings p join ledger_accounts a on a.id = p.account_id
          where a.code = 'rail_fees:bkash:TEST:BDT'`,
    );
    return Number(row?.balance ?? 0);
  };

  const expectLedgerClean = async () => {
    const breaches = (await verifyLedger(stack.em())).filter((check) => check.breaches.length > 0);
    expect(breaches).toEqual([]);
  };

  it('a day the rail agrees with reconciles with no exception, and each payout booked its fee to RAIL_FEES', async () => {
    const feesBefore = await railFees();
    const references = [await paidPayout(150_000), await paidPayout(20_050)];
    const day = dhakaDayOf(Date.now());
    expect(await railFees()).toBe(feesBefore + bkashB2cFeeMinor(150_000) + bkashB2cFeeMinor(20_050));

    const statement = await statementOf(day);
    for (const reference of references) expect(statement).toContain(reference);
    const imported = await reconcile(people.uploader.session, day, statement);
    expect(imported).toMatchObject({ created: true, rail: 'bkash', statementDate: day });
    expect(imported.reconciliations).toEqual([`recon-payout-bkash-TEST-${day}`]);

    const run = (await runOf(day))!;
    expect(run.open_exception_count).toBe(0);
    expect(run.matched_count).toBe(run.line_count);
    expect(await exceptionsOf(day)).toEqual([]);
    await expectLedgerClean();
  }, 120_000);

  it('each way the statement disagrees raises its exception', async () => {
    const short = await paidPayout(30_000);
    const feeOff = await paidPayout(40_000);
    const twice = await paidPayout(50_000);
    // A payout that failed (a blocked wallet) that the rail's statement says it sent anyway.
    const blocked = nextWallet();
    await sim('PUT', '/__simulator/wallets', { msisdn: blocked, state: 'BLOCKED' });
    const failed = (
      await stack.api('POST', '/api/v1/payouts', {
        creds,
        body: {
          amountMinor: 12_000,
          beneficiary: { type: 'BKASH_WALLET', walletNumber: blocked, name: null },
        },
      })
    ).body.data.reference as string;
    await settled(failed, 'FAILED');
    const day = dhakaDayOf(Date.now());
    await sim('PUT', '/__simulator/statement-faults', {
      amountDeltaMinor: { [short]: -1_000 },
      feeDeltaMinor: { [feeOff]: 60 },
      duplicate: [twice],
      extra: [
        { reference: failed, amountMinor: 12_000, feeMinor: 120 },
        { reference: 'po_notoursatall0000000', amountMinor: 5_000, feeMinor: 50 },
      ],
    });
    await reconcile(people.uploader.session, day, await statementOf(day));

    const found = await exceptionsOf(day);
    const kindOf = (payout: string | null) =>
      found.filter((e) => e.payout_reference === payout).map((e) => e.kind);
    expect(kindOf(short)).toEqual(['RAIL_AMOUNT_MISMATCH']);
    expect(found.find((e) => e.payout_reference === short)).toMatchObject({
      expected_minor: '30000',
      actual_minor: '29000',
    });
    expect(kindOf(feeOff)).toEqual(['RAIL_FEE_MISMATCH']);
    expect(kindOf(twice)).toEqual(['RAIL_DUPLICATE_LINE']);
    expect(kindOf(failed)).toEqual(['RAIL_UNEXPECTED_TRANSFER']);
    expect(kindOf(null)).toEqual(['RAIL_UNEXPECTED_TRANSFER']);
    expect(found).toHaveLength(5);
    // The rail's day reads as any reconciliation day, in the admin API and on its dashboard page.
    const runId = (await runOf(day))!.id;
    for (const path of [
      `/api/v1/admin/reconciliation/runs/${runId}`,
      `/api/v1/admin/reconciliation/runs/${runId}/exceptions`,
      `/admin/reconciliation/runs/${runId}`,
    ]) {
      const read = await people.other.session.call('GET', path);
      expect([path, read.status]).toEqual([path, 200]);
    }

    // The fee within the rounding tolerance is accepted by another operator at once, and posts once.
    const feeException = found.find((e) => e.kind === 'RAIL_FEE_MISMATCH')!;
    const feesBefore = await railFees();
    const accepted = await people.other.session.call(
      'POST',
      `/api/v1/admin/reconciliation/exceptions/${feeException.reference}/resolve`,
      { body: { action: 'ACCEPT_FEE_DIFFERENCE', note: 'bKash charged 0.60 more' } },
    );
    expect(accepted.status).toBe(200);
    expect(accepted.body.data).toMatchObject({ status: 'RESOLVED', action: 'ACCEPT_FEE_DIFFERENCE' });
    expect(await railFees()).toBe(feesBefore + 60);

    // Money the ledger did not know left the rail: beyond the tolerance, and proposed by the
    // statement's uploader, it waits; the uploader cannot approve it, another operator does.
    const unexpected = found.find((e) => e.payout_reference === failed)!;
    const proposed = await people.uploader.session.call(
      'POST',
      `/api/v1/admin/reconciliation/exceptions/${unexpected.reference}/resolve`,
      { body: { action: 'POST_ADJUSTMENT', note: 'bKash paid a payout it declined; claim filed' } },
    );
    expect(proposed.status).toBe(202);
    expect(proposed.body.data.proposal).toMatchObject({ postingMinor: -12_120 });
    const bySelf = await people.uploader.session.call(
      'POST',
      `/api/v1/admin/reconciliation/exceptions/${unexpected.reference}/approve`,
      { body: { note: 'mine' } },
    );
    expect([bySelf.status, bySelf.body.meta.errorCode]).toEqual([403, 'RECON_SECOND_OPERATOR_REQUIRED']);
    const approved = await people.admin.session.call(
      'POST',
      `/api/v1/admin/reconciliation/exceptions/${unexpected.reference}/approve`,
      { body: { note: 'checked with bKash' } },
    );
    expect(approved.status).toBe(200);
    expect(approved.body.data).toMatchObject({ status: 'RESOLVED', action: 'POST_ADJUSTMENT' });
    const entries = await stack
      .em()
      .execute<Array<{ kind: string; source_id: string }>>(
        `select kind, source_id from journal_entries where source_type = 'recon_exception' and source_id in (?, ?) order by id`,
        [feeException.reference, unexpected.reference],
      );
    expect(entries).toEqual([
      { kind: 'RAIL_FEE_ADJUSTMENT', source_id: feeException.reference },
      { kind: 'RAIL_ADJUSTMENT', source_id: unexpected.reference },
    ]);

    // Matching the day again (the same statement re-exported) keeps what finance resolved.
    await reconcile(people.other.session, day, `${await statementOf(day)}\r\n`);
    const again = await exceptionsOf(day);
    expect(
      again
        .filter((e) => e.status === 'RESOLVED')
        .map((e) => e.kind)
        .sort(),
    ).toEqual(['RAIL_FEE_MISMATCH', 'RAIL_UNEXPECTED_TRANSFER']);
    await expectLedgerClean();
  }, 180_000);

  it('a payout we hold as paid that the statement lacks is missing once the grace period is over', async () => {
    const lost = await paidPayout(25_000);
    // Days on: the payout was paid on a day whose grace (RECON_GRACE_DAYS, 2 days after the day) is over.
    const earlier = dhakaDayOf(Date.now() - 4 * 86_400_000);
    await stack
      .em()
      .execute(`update payouts set settled_at = ?::timestamptz where reference = ?`, [
        `${earlier}T10:00:00+06:00`,
        lost,
      ]);
    await reconcile(people.uploader.session, earlier, await statementOf(earlier));
    expect((await exceptionsOf(earlier)).map((e) => [e.kind, e.payout_reference])).toEqual([
      ['RAIL_TRANSFER_MISSING', lost],
    ]);
  }, 120_000);

  it("Nagad's disbursement statement and the bank's account statement (a BEFTN return among its lines) reconcile clean, fees and all", async () => {
    const day = dhakaDayOf(Date.now());
    const create = async (body: Record<string, unknown>) => {
      const created = await stack.api('POST', '/api/v1/payouts', { creds, body });
      expect(created.status).toBe(201);
      return created.body.data.reference as string;
    };
    const wallet = await settled(
      await create({
        amountMinor: 25_000,
        beneficiary: { type: 'NAGAD_WALLET', walletNumber: '01711000001' },
      }),
      'SUCCEEDED',
    );
    const rahima = {
      type: 'BANK_ACCOUNT',
      accountNumber: '1001001001',
      accountName: 'Rahima Khatun',
      routingNumber: '010261234',
    };
    const instant = await settled(
      await create({ amountMinor: 40_000, beneficiary: { ...rahima, method: 'NPSB' } }),
      'SUCCEEDED',
    );
    const beftn = await settled(await create({ amountMinor: 60_000, beneficiary: rahima }), 'PROCESSING');
    await stack.gatewaySimulators.control('bank', 'POST', '/__simulator/clearing/advance');
    await settled(beftn, 'SUCCEEDED');
    await stack.gatewaySimulators.control('bank', 'POST', '/__simulator/returns', {
      reference: beftn,
      returnCode: 'R02',
    });
    await stack.client.workflow.execute('payoutReturnsWorkflow', {
      taskQueue: stack.config.TEMPORAL_TASK_QUEUE,
      workflowId: `payout-returns-${Math.random().toString(36).slice(2)}`,
      args: [],
    });
    await settled(beftn, 'RETURNED');
    const fees = await stack
      .em()
      .execute<Array<{ reference: string; fee_minor: string }>>(
        'select reference, fee_minor from payouts where reference in (?, ?, ?) order by id',
        [wallet, instant, beftn],
      );
    expect(fees.map((row) => Number(row.fee_minor))).toEqual([
      nagadDisbursementFeeMinor(25_000),
      BANK_CHARGES_MINOR.NPSB,
      BANK_CHARGES_MINOR.BEFTN,
    ]);

    const nagadStatement = await statementOf(day, 'nagad-disbursement');
    expect(nagadStatement).toContain(wallet.replace('_', ''));
    await reconcile(people.uploader.session, day, nagadStatement, 'nagad');
    expect(await exceptionsOf(day, 'nagad')).toEqual([]);

    const bankStatement = await statementOf(day, 'bank');
    expect(bankStatement.split('\r\n').filter((row) => row.includes(beftn))).toHaveLength(2);
    await reconcile(people.uploader.session, day, bankStatement, 'bank');
    expect(await exceptionsOf(day, 'bank')).toEqual([]);
    const run = (await runOf(day, 'bank'))!;
    expect(run.line_count).toBe(run.matched_count);
    await expectLedgerClean();
  }, 180_000);

  it("the Settlements page offers finance the rail statement upload and lists the rails' statements", async () => {
    const day = dhakaDayOf(Date.now());
    const uploaded = await upload(people.uploader.session, day, await statementOf(day));
    expect([200, 201]).toContain(uploaded.status);
    const page = await people.other.session.call<string>('GET', '/admin/settlements');
    expect(page.status).toBe(200);
    const body = String(page.body);
    expect(body).toContain('data-testid="rail-statement-upload"');
    expect(body).toContain('data-testid="rail-statements"');
    expect(body).toContain('gateway=payout-bkash');
  }, 60_000);

  it('the statements list refuses a filter value it does not know, and takes an empty one as all', async () => {
    const list = (query: string) =>
      people.other.session.call('GET', `/api/v1/admin/settlements/rail-statements${query}`);
    const unknown = await list('?rail=paypal&mode=TEST');
    expect([unknown.status, unknown.body.meta.errorCode]).toEqual([400, 'VALIDATION_ERROR']);
    const badMode = await list('?mode=test');
    expect([badMode.status, badMode.body.meta.errorCode]).toEqual([400, 'VALIDATION_ERROR']);
    // The dashboard's filter form sends an empty value for "all": the same list as no filter.
    const empty = await list('?rail=&mode=');
    const none = await list('');
    expect(empty.status).toBe(200);
    expect(empty.body.pagination.totalItems).toBe(none.body.pagination.totalItems);
  }, 60_000);

  it('a statement with a line of another day is refused whole, with its row', async () => {
    const day = dhakaDayOf(Date.now());
    const yesterday = dhakaDayOf(Date.now() - 86_400_000);
    await paidPayout(10_000);
    // A file of its own (a blank row is passed over), so no earlier upload of it answers.
    const statement = `${await statementOf(day)}\r\n\r\n`;
    const refused = await upload(people.uploader.session, yesterday, statement);
    expect(refused.status).toBe(422);
    expect(refused.body.meta.errorCode).toBe('SETTLEMENT_FILE_INVALID');
    expect(refused.body.meta.details).toMatchObject({ row: 2, column: 'Transaction Date' });
    // The same file, once imported as the statement of its day, is refused as another day's.
    expect((await upload(people.uploader.session, day, statement)).status).toBe(201);
    const again = await upload(people.uploader.session, yesterday, statement);
    expect([again.status, again.body.meta.errorCode]).toEqual([400, 'VALIDATION_ERROR']);
  }, 60_000);
});
