import { WorkflowNotFoundError } from '@temporalio/client';
import { Webhook } from 'standardwebhooks';
import { ledgerLinesForSource } from '../../../db/ledger/ledger.js';
import { recordHistoryFixture } from '../../helpers/history-fixtures.js';
import { eventually, type Stack } from '../../helpers/stack.js';
import { startStackWithReceiver, type WebhookReceiver } from '../../helpers/suite-stacks.js';

describe('a TEST payment end to end', () => {
  let stack: Stack;
  let receiver: WebhookReceiver;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ stack, receiver, close } = await startStackWithReceiver());
  });
  afterAll(() => close?.());

  it('creates, opens checkout, is paid at the gateway, settles once and delivers a verifiable webhook', async () => {
    const app = await stack.registerApp();
    const { secret: webhookSecret } = await stack.setWebhook(app.app.id, receiver.url);

    const created = await stack.api('POST', '/api/v1/payments', {
      creds: app.test,
      headers: { 'Idempotency-Key': 'happy-1' },
      body: {
        amountMinor: 10000,
        currency: 'BDT',
        customerReference: 'cust_123',
        customerEmail: 'customer@example.com',
        productName: 'Pro plan',
        metadata: { orderId: 'A-1' },
      },
    });
    expect(created.status).toBe(201);
    const payment = created.body.data;
    expect(payment).toMatchObject({ status: 'CREATED', amountMinor: 10000, currency: 'BDT' });
    expect(payment.reference).toMatch(/^pay_/);
    expect(payment.checkoutUrl).toBe(`${stack.apiUrl}/checkout/${payment.reference}`);
    expect(Date.parse(payment.expiresAt)).toBeGreaterThan(Date.now());

    const gatewayPage = await stack.openCheckout(payment.reference);
    expect(gatewayPage).toContain(`${stack.simulatorUrl}/EasyCheckOut/testcde`);
    expect((await stack.readPayment(app.test, payment.reference)).status).toBe('PENDING');

    const completion = await stack.completeAtGateway(payment.reference, 'VALID');
    expect(completion.ipn[0]?.status).toBe(200);

    const settled = await eventually(
      async () => {
        const p = await stack.readPayment(app.test, payment.reference);
        return p.status === 'SUCCEEDED' ? p : null;
      },
      20_000,
      'SUCCEEDED',
    );
    expect(settled.gatewayTransactionId).toBeTruthy();
    // SSLCOMMERZ's card_type: which wallet or card scheme took the money.
    expect(settled.paymentMethod).toBe('BKASH-BKash');
    expect(settled.metadata).toEqual({ orderId: 'A-1' });

    const delivery = await eventually(async () => receiver.received[0], 20_000, 'webhook');
    const event = new Webhook(webhookSecret).verify(delivery.body, {
      'webhook-id': String(delivery.headers['webhook-id']),
      'webhook-timestamp': String(delivery.headers['webhook-timestamp']),
      'webhook-signature': String(delivery.headers['webhook-signature']),
    }) as { id: string; type: string; data: { reference: string; status: string; metadata: unknown } };
    expect(event.type).toBe('payment.succeeded');
    expect(event.id).toBe(delivery.headers['webhook-id']);
    expect(event.data).toMatchObject({
      reference: payment.reference,
      status: 'SUCCEEDED',
      metadata: { orderId: 'A-1' },
    });

    const lines = await ledgerLinesForSource(stack.em(), 'payment', payment.reference);
    expect(lines).toEqual([
      { kind: 'CAPTURE', accountCode: 'gateway_clearing:sslcommerz:TEST:BDT', amountMinor: 10000 },
      { kind: 'CAPTURE', accountCode: `app_payable:${app.app.id}:TEST:BDT`, amountMinor: -10000 },
      // The simulator settles 97.5 % (`store_amount`): the gateway kept 2.5 % as its fee.
      { kind: 'FEE', accountCode: 'gateway_fees:sslcommerz:TEST:BDT', amountMinor: 250 },
      { kind: 'FEE', accountCode: 'gateway_clearing:sslcommerz:TEST:BDT', amountMinor: -250 },
    ]);

    // The app reads what it is owed from the ledger, in its own mode only.
    const balance = await stack.api('GET', '/api/v1/ledger/balance', { creds: app.test });
    expect(balance.status).toBe(200);
    expect(balance.body.data).toMatchObject({
      mode: 'TEST',
      balances: [{ currency: 'BDT', capturedMinor: 10000, refundedMinor: 0, payableMinor: 10000 }],
    });
    const live = await stack.api('GET', '/api/v1/ledger/balance', { creds: app.live });
    expect(live.body.data.balances).toEqual([]);

    const attempts = await eventually(async () => {
      const rows = await stack
        .em()
        .execute('select status_code, duration_ms from webhook_attempts where event_id = ?', [event.id]);
      return rows.length ? rows : null;
    });
    expect(attempts).toEqual([{ status_code: 200, duration_ms: expect.any(Number) }]);

    // Operators find the workflow in the Temporal UI by app and status. MODE is a word of the
    // visibility query language, so that attribute is written in backticks.
    const query = `AppId="${app.app.id}" AND \`Mode\`="TEST" AND PaymentStatus="SUCCEEDED" AND Gateway="sslcommerz" AND CustomerReference="cust_123"`;
    const found = await eventually(
      async () => {
        const ids: string[] = [];
        for await (const workflow of stack.client.workflow.list({ query })) ids.push(workflow.workflowId);
        return ids.length ? ids : null;
      },
      20_000,
      'visibility',
    );
    expect(found).toEqual([`payment-${payment.reference}`]);
    // The receiver took the first attempt, made by the payment workflow itself: no delivery
    // workflow was needed.
    await expect(stack.client.workflow.getHandle(`webhook-${event.id}`).describe()).rejects.toThrow(
      WorkflowNotFoundError,
    );

    await recordHistoryFixture(`payment-${payment.reference}`, 'payment-succeeded');

    const receipt = await stack.api('GET', `/api/v1/payments/${payment.id}/receipt`, { creds: app.test });
    expect(receipt.status).toBe(200);
    expect(receipt.body.data).toMatchObject({ reference: payment.reference, amountFormatted: '100.00 BDT' });
  });
});
