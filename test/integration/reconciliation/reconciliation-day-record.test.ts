import { randomBytes } from 'node:crypto';
import { postJournalEntries } from '../../../db/ledger/ledger.js';
import { unappliedCaptureEntries } from '../../../domain/ledger/ledger.js';
import { toDecimalString } from '../../../domain/shared/money.js';
import { addDays } from '../../../domain/reconciliation/payout-matching.js';
import { candidatesOf, importLines, runOf } from '../../helpers/reconciliation.js';
import { scratchDatabase } from '../../helpers/scratch-database.js';
import { uniqueSettlementDay } from '../../helpers/settlement-days.js';
import { eventually, startStack, startWebhookReceiver, type Stack } from '../../helpers/stack.js';

/**
 * What a settlement day says, against what the docs and the API document promise: the payments
 * still to come count in what the ledger expected from the moment they are captured; a short
 * payout's exception, escalated, stays with its note when the rest of the money arrives; and a
 * chargeback line tells the app at once. A database of this suite's own, so the payments captured
 * here are the only ones a day expects.
 */

const GATEWAY = 'sslcommerz';

describe("a settlement day's record", () => {
  let stack: Stack;
  let scratch: Awaited<ReturnType<typeof scratchDatabase>>;
  let finance: Awaited<ReturnType<Stack['adminLogin']>>;

  beforeAll(async () => {
    scratch = await scratchDatabase();
    stack = await startStack({ databaseUrl: scratch.url });
    const operator = await stack.createOperator('FINANCE');
    finance = await stack.adminLogin(operator.email, operator.password);
  }, 90_000);
  afterAll(async () => {
    await stack?.close();
    await scratch?.drop();
  });

  const reconcile = (date: string) =>
    stack.deps.orchestrator.startReconciliations({ gateway: GATEWAY, mode: 'TEST', dates: [date] });

  it('counts a payment no line settled in what the day expected while the day is still in its grace period', async () => {
    const app = await stack.registerApp();
    const references = [
      (await stack.paidPayment(app.test)).reference,
      (await stack.paidPayment(app.test, { amountMinor: 23_000 })).reference,
    ];
    const [settled, missing] = await candidatesOf(stack, references);
    // Captured a moment ago: expected on the next day in Dhaka, whose grace has not even begun.
    const date = settled!.expectedSettlementDate!;
    expect(missing!.expectedSettlementDate).toBe(date);
    await importLines(stack.em(), date, [
      {
        gatewayTransactionId: settled!.gatewayTransactionId!,
        reference: null,
        grossMinor: settled!.amountMinor,
        feeMinor: settled!.feeBookedMinor,
      },
    ]);
    await reconcile(date);
    const run = await eventually(
      async () => {
        const found = await runOf(stack.em(), date);
        return found && Number(found.matched_count) === 1 ? found : null;
      },
      60_000,
      `${date} matched`,
    );
    expect(run.open_exception_count).toBe(0);

    const answer = await finance.call('GET', `/api/v1/admin/reconciliation/runs/${run.id}`);
    expect(answer.status).toBe(200);
    const settledNet = settled!.amountMinor - settled!.feeBookedMinor;
    const missingNet = missing!.amountMinor - missing!.feeBookedMinor;
    expect(answer.body.data.figures).toEqual([
      expect.objectContaining({
        currency: 'BDT',
        netMinor: settledNet,
        expectedNetMinor: settledNet + missingNet,
        // The payment no line brought yet is the difference, not hidden by it.
        differenceMinor: -missingNet,
      }),
    ]);
  }, 120_000);

  it("keeps a short payout's escalated exception, with its note, resolved as AUTO when the rest of the money arrives", async () => {
    await stack.em().execute(
      `insert into settlement_bank_accounts (gateway, mode, name, updated_by) values (?, 'TEST', ?, 'test')
           on conflict (gateway, mode) do nothing`,
      [GATEWAY, 'Operating account 0042'],
    );
    const app = await stack.registerApp();
    const [paid] = await candidatesOf(stack, [(await stack.paidPayment(app.test)).reference]);
    const day = uniqueSettlementDay(1990);
    const tag = randomBytes(4).toString('hex').toUpperCase();
    const batch = `SSL-${tag}`;
    const [line] = await importLines(stack.em(), day, [
      {
        gatewayTransactionId: paid!.gatewayTransactionId!,
        reference: null,
        grossMinor: paid!.amountMinor,
        feeMinor: paid!.feeBookedMinor,
        payoutBatch: batch,
      },
    ]);
    const firstPart = Math.floor(line!.netMinor / 3);
    const amount = (minor: number) => toDecimalString(minor, 'BDT');
    const upload = async (rows: string[], name: string) => {
      const form = new FormData();
      form.set('gateway', GATEWAY);
      form.set('mode', 'TEST');
      form.set(
        'file',
        new Blob([['date,amount,currency,description,bank_reference,payout_batch', ...rows].join('\n')]),
        name,
      );
      const response = await fetch(`${stack.apiUrl}/api/v1/admin/settlements/bank-statements`, {
        method: 'POST',
        headers: { cookie: finance.cookie, 'x-csrf-token': finance.csrfToken },
        body: form,
      });
      expect(response.status).toBeLessThan(300);
    };
    await upload(
      [`${addDays(day, 1)},${amount(firstPart)},BDT,NPSB CR SSLCOMMERZ,FT-${tag}-1,${batch}`],
      `first-${tag}.csv`,
    );
    await reconcile(day);
    const exceptionsOfDay = async () => {
      const run = await runOf(stack.em(), day);
      if (!run) return [];
      const listed = await finance.call('GET', `/api/v1/admin/reconciliation/runs/${run.id}/exceptions`);
      return listed.body.data.items as Array<Record<string, unknown>>;
    };
    const [short] = await eventually(
      async () => {
        const found = await exceptionsOfDay();
        return found.length > 0 ? found : null;
      },
      60_000,
      'the short payout is an exception',
    );
    expect(short).toMatchObject({ kind: 'PAYOUT_MISMATCH', status: 'OPEN', actualMinor: firstPart });
    const note = 'the bank says a second transfer is on its way';
    const escalated = await finance.call(
      'POST',
      `/api/v1/admin/reconciliation/exceptions/${String(short!.reference)}/resolve`,
      { body: { action: 'ESCALATE', note } },
    );
    expect(escalated.status).toBe(200);

    await upload(
      [
        `${addDays(day, 2)},${amount(line!.netMinor - firstPart)},BDT,NPSB CR SSLCOMMERZ,FT-${tag}-2,${batch}`,
      ],
      `second-${tag}.csv`,
    );
    const after = await eventually(
      async () => {
        const found = await exceptionsOfDay();
        return found.length === 1 && found[0]!.status === 'RESOLVED' ? found : null;
      },
      60_000,
      'the payout exception resolved by itself',
    );
    expect(after).toEqual([
      expect.objectContaining({
        reference: short!.reference,
        kind: 'PAYOUT_MISMATCH',
        status: 'RESOLVED',
        action: 'AUTO',
        note,
        escalatedAt: expect.any(String),
      }),
    ]);
    const [audited] = await stack
      .em()
      .execute<Array<{ actor_type: string; after: { action: string } }>>(
        `select actor_type, after from audit_log where action = 'reconciliation.exception_resolved' and target_id = ?`,
        [short!.reference],
      );
    expect(audited).toMatchObject({ actor_type: 'SYSTEM', after: { action: 'AUTO' } });
  }, 120_000);

  it('tells the app of a dispute from a chargeback line as soon as the day is matched', async () => {
    const receiver = await startWebhookReceiver();
    try {
      const app = await stack.registerApp();
      const { secret } = await stack.setWebhook(app.app.id, receiver.url);
      const [paid] = await candidatesOf(stack, [(await stack.paidPayment(app.test)).reference]);
      const day = uniqueSettlementDay(1990);
      await importLines(stack.em(), day, [
        {
          gatewayTransactionId: paid!.gatewayTransactionId!,
          reference: null,
          type: 'CHARGEBACK',
          grossMinor: -paid!.amountMinor,
          feeMinor: 0,
        },
      ]);
      await reconcile(day);
      // This stack runs no sweeper, so an event that arrives at all was sent when the day matched.
      const event = await receiver.verified(secret, 'dispute.created', paid!.reference, 60_000);
      expect(event.data).toMatchObject({ paymentReference: paid!.reference });
    } finally {
      await receiver.close();
    }
  }, 120_000);
  it('expects a capture not applied at the amount asked at the amount the gateway captured', async () => {
    const app = await stack.registerApp();
    const asked = await stack.createPayment(app.test, { amountMinor: 1_000_000 });
    await stack.openCheckout(asked.reference);
    await stack
      .em()
      .execute(`update payments set gateway = ? where reference = ?`, [GATEWAY, asked.reference]);
    // The day a capture of this moment is expected on, and what it expects before this one.
    const probe = (await stack.paidPayment(app.test)).reference;
    const date = (await candidatesOf(stack, [probe]))[0]!.expectedSettlementDate!;
    await reconcile(date);
    const run = await eventually(async () => runOf(stack.em(), date), 60_000, `${date} run`);
    const expectedNet = async () => {
      const read = await finance.call('GET', `/api/v1/admin/reconciliation/runs/${run.id}`);
      return (read.body.data.figures as Array<{ currency: string; expectedNetMinor: number }>).find(
        (f) => f.currency === 'BDT',
      )!.expectedNetMinor;
    };
    const before = await expectedNet();

    // Asked 10,000.00; the gateway captured 10,500.00, which the payment could not keep: parked
    // (UNAPPLIED_CAPTURE) at what was captured, with its fee.
    await stack.em().transactional((tx) =>
      postJournalEntries(
        tx,
        unappliedCaptureEntries({
          paymentReference: asked.reference,
          appId: String(app.app.id),
          mode: 'TEST',
          gateway: GATEWAY,
          currency: 'BDT',
          amountMinor: 1_050_000,
          feeMinor: 26_250,
        }),
      ),
    );
    const [candidate] = await candidatesOf(stack, [asked.reference]);
    expect({ amountMinor: candidate!.amountMinor, feeBookedMinor: candidate!.feeBookedMinor }).toEqual({
      amountMinor: 1_050_000,
      feeBookedMinor: 26_250,
    });
    expect(candidate!.expectedSettlementDate).toBe(date);
    // The day now expects 10,500.00 less the fee more, not 10,000.00 less it.
    expect((await expectedNet()) - before).toBe(1_050_000 - 26_250);
  }, 120_000);
});
