import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import { paymentCandidates } from '../../../db/reconciliation/recon-candidates.js';
import {
  closeSettlementImport,
  openSettlementImport,
} from '../../../db/reconciliation/settlement-imports.js';
import { insertSettlementLines } from '../../../db/reconciliation/settlement-lines.js';
import { toDecimalString } from '../../../domain/shared/money.js';
import { addDays } from '../../../domain/reconciliation/payout-matching.js';
import type { PaymentCandidate } from '../../../domain/reconciliation/reconciliation.js';
import { settlementLineKey, type SettlementLineDraft } from '../../../domain/reconciliation/settlements.js';
import { workflowIds } from '../../../domain/shared/workflow-ids.js';
import { searchAttributes } from '../../../platform/temporal/search-attributes.js';
import { runCli } from '../../helpers/cli.js';
import { uniqueSettlementDay } from '../../helpers/settlement-days.js';
import { eventually, startStack, type Stack } from '../../helpers/stack.js';

/**
 * Payouts against the bank: a bank statement uploaded by finance is matched to each settlement
 * day's payout batches; a day whose batch reached the bank closes, a day whose batch did not gets
 * PAYOUT_MISSING and stays open until finance resolves it.
 */
const GATEWAY = 'sslcommerz';
const WINDOW = 3;

/**
 * A day's workflow's result once it has ended: bounded, and naming the status it is stuck in, where
 * `result()` alone waits without end (a run that never ends failed only at Jest's own timeout).
 */
async function finished(
  handle: { describe(): Promise<{ status: { name: string } }>; result(): Promise<unknown> },
  what: string,
) {
  await eventually(
    async () => {
      const { status } = await handle.describe();
      if (status.name !== 'RUNNING') return true;
      throw new Error(`still ${status.name}`);
    },
    30_000,
    what,
  );
  return handle.result();
}

describe('payouts against the bank statement', () => {
  let stack: Stack;
  let finance: Awaited<ReturnType<Stack['adminLogin']>>;

  beforeAll(async () => {
    stack = await startStack();
    const operator = await stack.createOperator('FINANCE');
    finance = await stack.adminLogin(operator.email, operator.password);
    // The account the gateway settles to in TEST; another suite may have named it already.
    await stack.em().execute(
      `insert into settlement_bank_accounts (gateway, mode, name, updated_by) values (?, 'TEST', ?, 'test')
         on conflict (gateway, mode) do nothing`,
      [GATEWAY, 'Operating account 0042'],
    );
  }, 60_000);
  afterAll(async () => {
    // Once an account has bank statements, every later day of its gateway waits for its payout to
    // reach the bank. The other suites reconcile this gateway's TEST days in the same database
    // without statements: the statements this suite imported leave with it.
    if (stack) {
      for (const table of ['payout_receipts', 'bank_statement_lines', 'bank_statement_imports']) {
        await stack.em().execute(`delete from ${table} where gateway = ? and mode = 'TEST'`, [GATEWAY]);
      }
    }
    await stack?.close();
  });

  async function paidPayments(count: number): Promise<PaymentCandidate[]> {
    const app = await stack.registerApp();
    const references: string[] = [];
    for (let i = 0; i < count; i++) references.push((await stack.paidPayment(app.test)).reference);
    const found = await paymentCandidates(
      stack.em(),
      { gateway: GATEWAY, mode: 'TEST' },
      { transactionIds: [], references },
    );
    return references.map((r) => found.find((p) => p.reference === r)!);
  }

  /** One settled line for a payment on a day, in a batch, stored as an import would. */
  async function settle(em: EntityManager, date: string, payment: PaymentCandidate, batch: string) {
    const identity = {
      gateway: GATEWAY,
      mode: 'TEST' as const,
      gatewayTransactionId: payment.gatewayTransactionId!,
      type: 'PAYMENT' as const,
      settlementDate: date,
      payoutBatch: batch,
      grossMinor: payment.amountMinor,
    };
    const line: SettlementLineDraft = {
      ...identity,
      reference: null,
      currency: payment.currency,
      feeMinor: payment.feeBookedMinor,
      netMinor: payment.amountMinor - payment.feeBookedMinor,
      lineKey: settlementLineKey(identity),
    };
    await em.transactional(async (tx) => {
      const importId = (await openSettlementImport(tx, {
        gateway: GATEWAY,
        mode: 'TEST',
        fileName: 'settlement.csv',
        fileSha256: randomBytes(32).toString('hex'),
        format: 'canonical-csv',
        importedBy: null,
      }))!;
      await insertSettlementLines(tx, importId, [line]);
      await closeSettlementImport(tx, importId, {
        lineCount: 1,
        storedLineCount: 1,
        settlementDates: [date],
      });
    });
    return line;
  }

  async function uploadStatement(content: string, name = 'statement.csv') {
    const form = new FormData();
    form.set('gateway', GATEWAY);
    form.set('mode', 'TEST');
    form.set('file', new Blob([content]), name);
    const response = await fetch(`${stack.apiUrl}/api/v1/admin/settlements/bank-statements`, {
      method: 'POST',
      headers: { cookie: finance.cookie, 'x-csrf-token': finance.csrfToken },
      body: form,
    });
    return { status: response.status, body: (await response.json()) as any };
  }

  const runOf = async (date: string) => {
    const [run] = await stack
      .em()
      .execute<Array<{ id: string; status: string; open_exception_count: number }>>(
        `select id, status, open_exception_count from recon_runs
        where gateway = ? and mode = 'TEST' and settlement_date = ?::date`,
        [GATEWAY, date],
      );
    return run ?? null;
  };

  const exceptionsOf = (date: string) =>
    stack.em().execute<
      Array<{
        reference: string;
        kind: string;
        status: string;
        expected_minor: string;
        actual_minor: string;
      }>
    >(
      `select e.reference, e.kind, e.status, e.expected_minor, e.actual_minor
         from recon_exceptions e join recon_runs r on r.id = e.run_id
        where r.gateway = ? and r.mode = 'TEST' and r.settlement_date = ?::date order by e.id`,
      [GATEWAY, date],
    );

  it('closes a day whose batch reached the bank, and holds open with PAYOUT_MISSING a day whose batch did not', async () => {
    const [received, lost] = await paidPayments(2);
    const paidDay = uniqueSettlementDay(2010);
    const lostDay = uniqueSettlementDay(2010);
    const tag = randomBytes(4).toString('hex').toUpperCase();
    const paidBatch = `SSL-${tag}-A`;
    const lostBatch = `SSL-${tag}-B`;
    const paidLine = await settle(stack.em(), paidDay, received!, paidBatch);
    const lostLine = await settle(stack.em(), lostDay, lost!, lostBatch);

    const first = [paidDay, lostDay].sort()[0]!;
    const last = [paidDay, lostDay].sort()[1]!;
    const amount = (minor: number) => toDecimalString(minor, 'BDT');
    const statement = [
      'Date,Amount,Currency,Description,Bank_Reference',
      // The statement opens before both days, and runs past the lost batch's window.
      `${addDays(first, -1)},-${amount(1_500)},BDT,Account maintenance fee,FT-${tag}-1`,
      `${addDays(paidDay, 1)},${amount(paidLine.netMinor)},BDT,SSLCOMMERZ PAYOUT ${paidBatch},FT-${tag}-2`,
      `${addDays(last, WINDOW + 1)},-${amount(2_000)},BDT,Transfer to reserve,FT-${tag}-3`,
    ].join('\n');

    const uploaded = await uploadStatement(statement);
    expect(uploaded.status).toBe(201);
    expect(uploaded.body.data).toMatchObject({
      created: true,
      gateway: GATEWAY,
      mode: 'TEST',
      lineCount: 3,
      storedLineCount: 3,
      periodFrom: addDays(first, -1),
      periodTo: addDays(last, WINDOW + 1),
    });
    // Both settlement days are matched again (and the credit's own day, for a credit nobody explains).
    expect(uploaded.body.data.reconciliations).toEqual(
      expect.arrayContaining([
        workflowIds.reconciliation(GATEWAY, 'TEST', paidDay),
        workflowIds.reconciliation(GATEWAY, 'TEST', lostDay),
      ]),
    );

    const paidHandle = stack.client.workflow.getHandle(workflowIds.reconciliation(GATEWAY, 'TEST', paidDay));
    // Bounded, naming where the day stands: a day that never closes fails here, not at the suite's timeout.
    await eventually(
      async () => {
        const run = await runOf(paidDay);
        if (run?.status === 'CLOSED') return true;
        throw new Error(
          `run ${JSON.stringify(run)}, exceptions ${JSON.stringify(await exceptionsOf(paidDay))}`,
        );
      },
      90_000,
      'the paid day closed',
    );
    expect(await finished(paidHandle, 'the paid day’s workflow')).toEqual({ status: 'CLOSED' });
    expect((await runOf(paidDay))!.status).toBe('CLOSED');
    expect(await exceptionsOf(paidDay)).toEqual([]);

    const missing = await eventually(
      async () => {
        const found = await exceptionsOf(lostDay);
        return found.length > 0 ? found : null;
      },
      30_000,
      'the lost payout is an exception',
    );
    expect(missing).toEqual([
      expect.objectContaining({
        kind: 'PAYOUT_MISSING',
        status: 'OPEN',
        expected_minor: String(lostLine.netMinor),
        actual_minor: '0',
      }),
    ]);
    const lostHandle = stack.client.workflow.getHandle(workflowIds.reconciliation(GATEWAY, 'TEST', lostDay));
    await eventually(
      async () =>
        (await lostHandle.describe()).typedSearchAttributes.get(searchAttributes.ReconStatus) === 'OPEN'
          ? true
          : null,
      20_000,
      'the lost day is open',
    );
    expect((await runOf(lostDay))!.status).toBe('OPEN');

    // The cash view: each batch's expected and received amounts.
    const runs = await finance.call('GET', `/api/v1/admin/reconciliation/runs/${(await runOf(lostDay))!.id}`);
    expect(runs.status).toBe(200);
    expect(runs.body.data.payouts).toEqual([
      expect.objectContaining({
        payoutBatch: lostBatch,
        currency: 'BDT',
        expectedMinor: lostLine.netMinor,
        receivedMinor: null,
        status: 'MISSING',
      }),
    ]);
    const paidRun = await finance.call(
      'GET',
      `/api/v1/admin/reconciliation/runs/${(await runOf(paidDay))!.id}`,
    );
    expect(paidRun.body.data.payouts).toEqual([
      expect.objectContaining({
        payoutBatch: paidBatch,
        expectedMinor: paidLine.netMinor,
        receivedMinor: paidLine.netMinor,
        status: 'RECEIVED',
        credits: [
          expect.objectContaining({
            valueDate: addDays(paidDay, 1),
            amountMinor: paidLine.netMinor,
            bankReference: `FT-${tag}-2`,
            matchedBy: 'REFERENCE',
          }),
        ],
      }),
    ]);

    // The same statement again is the earlier import; nothing is stored twice.
    const again = await uploadStatement(statement, 'renamed.csv');
    expect(again.status).toBe(200);
    expect(again.body.data).toMatchObject({
      created: false,
      id: uploaded.body.data.id,
      fileName: 'statement.csv',
    });

    // Finance resolves the exception; then the day closes.
    const resolved = await finance.call(
      'POST',
      `/api/v1/admin/reconciliation/exceptions/${missing[0]!.reference}/resolve`,
      { body: { action: 'MARK_RESOLVED', note: 'the bank confirmed the transfer on another account' } },
    );
    expect(resolved.body.data).toMatchObject({ status: 'RESOLVED', openExceptions: 0 });
    expect(await finished(lostHandle, 'the lost day’s workflow, once resolved')).toEqual({
      status: 'CLOSED',
    });
  }, 180_000);

  it('adds up a payout sent in two transfers, flags one credited with more, and a credit no payout explains', async () => {
    const [split, over] = await paidPayments(2);
    // An era of its own: the days after this one hold this test's credits and nobody else's lines.
    const day = uniqueSettlementDay(2005);
    const tag = randomBytes(4).toString('hex').toUpperCase();
    const splitBatch = `SSL-${tag}-S`;
    const overBatch = `SSL-${tag}-O`;
    const splitLine = await settle(stack.em(), day, split!, splitBatch);
    const overLine = await settle(stack.em(), day, over!, overBatch);
    const firstPart = Math.floor(splitLine.netMinor / 3);
    const amount = (minor: number) => toDecimalString(minor, 'BDT');
    const statement = [
      'date,amount,currency,description,bank_reference,payout_batch',
      `${addDays(day, -1)},-15.00,BDT,Account maintenance fee,FT-${tag}-0,`,
      // The batch id in the narrative of one transfer, in the batch column of the other.
      `${addDays(day, 1)},${amount(firstPart)},BDT,NPSB CR SSLCOMMERZ ${splitBatch} 1/2,FT-${tag}-1,`,
      `${addDays(day, 2)},${amount(splitLine.netMinor - firstPart)},BDT,NPSB CR SSLCOMMERZ,FT-${tag}-2,${splitBatch}`,
      `${addDays(day, 1)},${amount(overLine.netMinor + 100)},BDT,NPSB CR SSLCOMMERZ ${overBatch},FT-${tag}-3,`,
      `${addDays(day, 1)},777.00,BDT,INTEREST CREDIT,FT-${tag}-4,`,
      `${addDays(day, WINDOW + 1)},-20.00,BDT,Transfer to reserve,FT-${tag}-5,`,
    ].join('\n');
    const uploaded = await uploadStatement(statement, `statement-${tag}.csv`);
    expect(uploaded.status).toBe(201);
    expect(uploaded.body.data.reconciliations).toEqual(
      expect.arrayContaining([
        workflowIds.reconciliation(GATEWAY, 'TEST', day),
        workflowIds.reconciliation(GATEWAY, 'TEST', addDays(day, 1)),
      ]),
    );

    const dayExceptions = await eventually(
      async () => {
        const found = await exceptionsOf(day);
        return found.length > 0 ? found : null;
      },
      30_000,
      'the over-credited payout is an exception',
    );
    expect(dayExceptions).toEqual([
      expect.objectContaining({
        kind: 'PAYOUT_MISMATCH',
        status: 'OPEN',
        expected_minor: String(overLine.netMinor),
        actual_minor: String(overLine.netMinor + 100),
      }),
    ]);
    const unknown = await eventually(
      async () => {
        const found = await exceptionsOf(addDays(day, 1));
        return found.length > 0 ? found : null;
      },
      30_000,
      'the interest credit is an exception of its own day',
    );
    expect(unknown).toEqual([
      expect.objectContaining({ kind: 'UNKNOWN_CREDIT', status: 'OPEN', actual_minor: '77700' }),
    ]);

    const run = await finance.call('GET', `/api/v1/admin/reconciliation/runs/${(await runOf(day))!.id}`);
    const payouts = [...run.body.data.payouts].sort((a: any, b: any) =>
      a.payoutBatch.localeCompare(b.payoutBatch),
    );
    expect(payouts).toEqual([
      expect.objectContaining({
        payoutBatch: overBatch,
        expectedMinor: overLine.netMinor,
        receivedMinor: overLine.netMinor + 100,
        status: 'OVER',
      }),
      expect.objectContaining({
        payoutBatch: splitBatch,
        expectedMinor: splitLine.netMinor,
        receivedMinor: splitLine.netMinor,
        status: 'RECEIVED',
        credits: [
          expect.objectContaining({
            valueDate: addDays(day, 1),
            amountMinor: firstPart,
            matchedBy: 'REFERENCE',
          }),
          expect.objectContaining({
            valueDate: addDays(day, 2),
            amountMinor: splitLine.netMinor - firstPart,
            matchedBy: 'REFERENCE',
          }),
        ],
      }),
    ]);

    // Finance follows both up; each day then closes.
    for (const exception of [...dayExceptions, ...unknown]) {
      const resolved = await finance.call(
        'POST',
        `/api/v1/admin/reconciliation/exceptions/${exception.reference}/resolve`,
        { body: { action: 'MARK_RESOLVED', note: 'the bank explained the credit' } },
      );
      expect(resolved.status).toBe(200);
    }
    for (const date of [day, addDays(day, 1)]) {
      const handle = stack.client.workflow.getHandle(workflowIds.reconciliation(GATEWAY, 'TEST', date));
      expect(await finished(handle, 'the day’s workflow')).toEqual({ status: 'CLOSED' });
    }
  }, 180_000);

  it('refuses a statement with a bad row, naming its row and column, storing nothing', async () => {
    const day = uniqueSettlementDay(2010);
    // Other tests' statements hold lines on days around their own: this one's are told by their tag.
    const tag = randomBytes(4).toString('hex');
    const statement = [
      'date,amount,currency,description',
      `${day},10.00,BDT,ok ${tag}`,
      `${day},12.345,BDT,bad ${tag}`,
    ].join('\n');
    const refused = await uploadStatement(statement);
    expect(refused.status).toBe(422);
    expect(refused.body.meta.errorCode).toBe('SETTLEMENT_FILE_INVALID');
    expect(refused.body.meta.message).toMatch(/^The bank statement cannot be read: row 3, column "amount"/);
    expect(refused.body.meta.details).toMatchObject({ row: 3, column: 'amount' });
    const [stored] = await stack.em().execute<Array<{ n: string }>>(
      `select count(*) as n from bank_statement_lines
          where gateway = ? and mode = 'TEST' and value_date = ?::date and description like ?`,
      [GATEWAY, day, `%${tag}`],
    );
    expect(stored!.n).toBe('0');
  }, 60_000);

  it('imports through `npm run cli -- recon:bank-import` as FINANCE, matching the day again, and refuses another role', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'bank-import-cli-'));
    try {
      const [payment] = await paidPayments(1);
      const day = uniqueSettlementDay(2010);
      const tag = randomBytes(4).toString('hex').toUpperCase();
      const line = await settle(stack.em(), day, payment!, `SSL-${tag}`);
      const path = join(folder, 'statement.csv');
      // No batch named: the credit is matched by its amount, the day after.
      await writeFile(
        path,
        [
          'date,amount,currency,description,bank_reference',
          `${addDays(day, 1)},${toDecimalString(line.netMinor, 'BDT')},BDT,SSLCOMMERZ SETTLEMENT,CLI-${tag}`,
        ].join('\n'),
      );
      const env = {
        TEMPORAL_ADDRESS: stack.config.TEMPORAL_ADDRESS,
        TEMPORAL_TASK_QUEUE: stack.config.TEMPORAL_TASK_QUEUE,
      };
      const importAs = (email: string, password: string) =>
        runCli(
          ['recon:bank-import', '--gateway', GATEWAY, '--mode', 'TEST', '--email', email, '--json', path],
          `${password}\n`,
          env,
        );
      const operator = await stack.createOperator('FINANCE');
      const first = await importAs(operator.email, operator.password);
      expect([first.code, first.stderr]).toEqual([0, '']);
      const imported = JSON.parse(first.stdout);
      expect(imported).toMatchObject({
        created: true,
        lines: 1,
        storedLines: 1,
        periodFrom: addDays(day, 1),
      });
      expect(imported.reconciliations).toContain(workflowIds.reconciliation(GATEWAY, 'TEST', day));
      const handle = stack.client.workflow.getHandle(workflowIds.reconciliation(GATEWAY, 'TEST', day));
      // The day's workflow ends only once the day closes: a day that cannot close says why.
      const outcome = await Promise.race([
        handle.result(),
        new Promise((resolve) => setTimeout(() => resolve(null), 60_000)),
      ]);
      if (outcome === null) {
        const open = await stack.em().execute(
          `select e.kind, e.status from recon_exceptions e join recon_runs r on r.id = e.run_id
            where r.gateway = ? and r.mode = 'TEST' and r.settlement_date = ?::date`,
          [GATEWAY, day],
        );
        throw new Error(
          `the day ${day} did not close within 60 s: workflow ${(await handle.describe()).status.name}, exceptions ${JSON.stringify(open)}`,
        );
      }
      expect(outcome).toEqual({ status: 'CLOSED' });
      const [receipt] = await stack.em().execute<Array<{ matched_by: string; received_minor: string }>>(
        `select matched_by, received_minor from payout_receipts
            where gateway = ? and mode = 'TEST' and settlement_date = ?::date`,
        [GATEWAY, day],
      );
      expect(receipt).toEqual({ matched_by: 'AMOUNT', received_minor: String(line.netMinor) });

      const support = await stack.createOperator('SUPPORT');
      const forbidden = await importAs(support.email, support.password);
      expect(forbidden.code).toBe(1);
      expect(forbidden.stderr).toContain('may not import bank statements');
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  }, 120_000);
});
