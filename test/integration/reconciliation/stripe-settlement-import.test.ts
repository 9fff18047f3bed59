import { workflowIds } from '../../../domain/shared/workflow-ids.js';
import { createStripeGateway } from '../../../gateways/stripe/client.js';
import {
  ensureStripeSettlementSchedule,
  stripeSettlementScheduleId,
} from '../../../activities/reconciliation/stripe-settlement-schedule.js';
import type { StripeSettlementImportResult } from '../../../workflows/reconciliation/stripe-settlement.js';
import { startStack, type Stack } from '../../helpers/stack.js';

/**
 * Stripe's settlements come in by themselves: the daily schedule's workflow reads the payouts of
 * the simulated account through the SDK and stores each payout's balance transactions as
 * settlement lines, once however often it runs.
 */

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
}, 120_000);

afterAll(async () => {
  await stack?.close();
});

async function paidAtStripe(amountMinor: number): Promise<string> {
  const api = new URL(stack.gatewaySimulators.addresses.STRIPE_API_URL!);
  const gateway = createStripeGateway({
    secretKey: stack.gatewaySimulators.credentials.stripe.secretKey!,
    webhookSecret: stack.gatewaySimulators.credentials.stripe.webhookSecret!,
    host: api.hostname,
    port: Number(api.port),
    protocol: 'http',
    timeoutMs: 5_000,
  });
  const reference = `pay_stl${Date.now()}${Math.floor(Math.random() * 1e6)}`;
  const { sessionKey } = await gateway.openSession({
    reference,
    amountMinor,
    currency: 'USD',
    productName: 'Exam fee',
    customer: { name: 'Rahim', email: null, phone: null },
    successUrl: `${stack.config.PUBLIC_URL}/return`,
    failUrl: `${stack.config.PUBLIC_URL}/return`,
    cancelUrl: `${stack.config.PUBLIC_URL}/return`,
    ipnUrl: `${stack.config.PUBLIC_URL}/ipn`,
  });
  const completed = await stack.gatewaySimulators.control<{ session: { payment_intent: { id: string } } }>(
    'stripe',
    'POST',
    `/__simulator/sessions/${sessionKey}/complete`,
    { choice: 'pay' },
  );
  return completed.session.payment_intent.id;
}

const runImport = () =>
  stack.client.workflow.execute('stripeSettlementImportWorkflow', {
    workflowId: `stripe-settlements-test-${Date.now()}`,
    taskQueue: stack.config.TEMPORAL_TASK_QUEUE,
    args: [{ modes: ['TEST', 'LIVE'] }],
  }) as Promise<StripeSettlementImportResult[]>;

describe("Stripe's settlement import", () => {
  it("stores each payout's balance transactions as lines, once, from the schedule's workflow", async () => {
    const first = await paidAtStripe(5_000);
    const second = await paidAtStripe(12_345);
    await stack.gatewaySimulators.control('stripe', 'PUT', '/__simulator/faults', {
      faults: { settlementDuplicate: true },
    });
    const third = await paidAtStripe(2_000);
    const { payouts } = await stack.gatewaySimulators.control<{
      payouts: Array<{ id: string; arrival_date: number; amount: number }>;
    }>('stripe', 'POST', '/__simulator/payouts', {});
    const payout = payouts[0]!;
    const arrival = new Date(payout.arrival_date * 1000).toISOString().slice(0, 10);

    const results = await runImport();
    const test = results.find((result) => result.mode === 'TEST')!;
    expect(test).toMatchObject({ storedLines: 4, dates: [arrival] });
    expect(test.payouts).toBeGreaterThanOrEqual(1);
    // LIVE has no Stripe account here: nothing to fetch.
    expect(results.find((result) => result.mode === 'LIVE')).toEqual({
      mode: 'LIVE',
      payouts: 0,
      storedLines: 0,
      dates: [],
    });

    const lines = await stack.em().execute<
      Array<{
        gateway_transaction_id: string;
        type: string;
        currency: string;
        gross_minor: string;
        fee_minor: string;
        net_minor: string;
        settlement_date: string;
        payout_batch: string;
        mode: string;
      }>
    >(
      `select gateway_transaction_id, type, currency, gross_minor, fee_minor, net_minor,
           to_char(settlement_date, 'YYYY-MM-DD') as settlement_date, payout_batch, mode
         from settlement_lines where payout_batch = ? order by gross_minor, id`,
      [payout.id],
    );
    expect(lines.map((line) => [line.gateway_transaction_id, line.type, Number(line.gross_minor)])).toEqual([
      [third, 'PAYMENT', 2_000],
      [third, 'PAYMENT', 2_000],
      [first, 'PAYMENT', 5_000],
      [second, 'PAYMENT', 12_345],
    ]);
    // 2.9 % + 0.30: 123.45 pays 3.58 + 0.30.
    expect(lines.at(-1)).toMatchObject({
      currency: 'USD',
      fee_minor: '388',
      net_minor: '11957',
      settlement_date: arrival,
      mode: 'TEST',
    });
    expect(lines.reduce((sum, line) => sum + Number(line.net_minor), 0)).toBe(payout.amount);
    const [imported] = await stack
      .em()
      .execute<
        Array<{ format: string; line_count: number; stored_line_count: number; imported_by: number | null }>
      >(
        `select format, line_count, stored_line_count, imported_by from settlement_imports
         where gateway = 'stripe' and file_name = ?`,
        [`Stripe payout ${payout.id}`],
      );
    expect(imported).toEqual({
      format: 'stripe-api',
      line_count: 4,
      stored_line_count: 4,
      imported_by: null,
    });

    // The day is reconciled: its workflow started for Stripe in TEST.
    const recon = await stack.client.workflow
      .getHandle(workflowIds.reconciliation('stripe', 'TEST', arrival))
      .describe();
    expect(recon.type).toBe('reconciliationWorkflow');

    // The next day's run reads the same payout again: nothing new is stored.
    const again = await runImport();
    expect(again.find((result) => result.mode === 'TEST')).toMatchObject({ storedLines: 0, dates: [] });
    const [count] = await stack
      .em()
      .execute<Array<{ n: string }>>('select count(*) as n from settlement_lines where payout_batch = ?', [
        payout.id,
      ]);
    expect(Number(count!.n)).toBe(4);
  });

  it('is scheduled daily, once however many workers ensure it', async () => {
    const taskQueue = stack.config.TEMPORAL_TASK_QUEUE;
    await ensureStripeSettlementSchedule(stack.client, taskQueue);
    await ensureStripeSettlementSchedule(stack.client, taskQueue);
    const handle = stack.client.schedule.getHandle(stripeSettlementScheduleId(taskQueue));
    try {
      const described = await handle.describe();
      expect(described.action).toMatchObject({
        type: 'startWorkflow',
        workflowType: 'stripeSettlementImportWorkflow',
        taskQueue,
      });
      expect(described.spec.calendars).toEqual([
        expect.objectContaining({
          hour: [{ start: 6, end: 6, step: 1 }],
          minute: [{ start: 0, end: 0, step: 1 }],
        }),
      ]);
      expect(described.policies.overlap).toBe('SKIP');
    } finally {
      await handle.delete();
    }
  });
});
