import { eventually, type Stack } from '../../helpers/stack.js';
import { startStackWithReceiver, type WebhookReceiver } from '../../helpers/suite-stacks.js';

/**
 * Apps filter on the kind of method that paid, whatever the gateway called it: a bKash payment
 * through SSLCOMMERZ (card_type "BKASH-BKash") is BKASH, a Visa card through it is CARD.
 */
describe('the payment method type', () => {
  let stack: Stack;
  let receiver: WebhookReceiver;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ stack, receiver, close } = await startStackWithReceiver());
  });
  afterAll(() => close?.());

  async function payAtGateway(creds: Parameters<Stack['createPayment']>[0], cardType: string) {
    const payment = await stack.createPayment(creds);
    await stack.openCheckout(payment.reference);
    await stack.completeAtGateway(payment.reference, 'VALID', cardType);
    return eventually(
      async () => {
        const read = await stack.readPayment(creds, payment.reference);
        return read.status === 'SUCCEEDED' ? read : null;
      },
      20_000,
      `${payment.reference} SUCCEEDED`,
    );
  }

  it('reads BKASH for bKash through SSLCOMMERZ, and the filter finds it and nothing else', async () => {
    const app = await stack.registerApp();
    const { secret } = await stack.setWebhook(app.app.id, receiver.url);

    const unpaid = await stack.createPayment(app.test);
    expect((await stack.readPayment(app.test, unpaid.reference)).paymentMethodType).toBeNull();

    const bkash = await payAtGateway(app.test, 'BKASH-BKash');
    expect(bkash).toMatchObject({
      gateway: 'sslcommerz',
      paymentMethod: 'BKASH-BKash',
      paymentMethodType: 'BKASH',
    });
    const card = await payAtGateway(app.test, 'VISA-Dutch Bangla');
    expect(card).toMatchObject({ paymentMethod: 'VISA-Dutch Bangla', paymentMethodType: 'CARD' });

    const byId = await stack.api('GET', `/api/v1/payments/${bkash.id}`, { creds: app.test });
    expect(byId.body.data.paymentMethodType).toBe('BKASH');

    const references = async (query: string) => {
      const list = await stack.api('GET', `/api/v1/payments?${query}`, { creds: app.test });
      expect(list.status).toBe(200);
      return (list.body.data.items as Array<{ reference: string; paymentMethodType: string | null }>).map(
        (item) => [item.reference, item.paymentMethodType],
      );
    };
    expect(await references('paymentMethodType=BKASH')).toEqual([[bkash.reference, 'BKASH']]);
    expect(await references('paymentMethodType=CARD')).toEqual([[card.reference, 'CARD']]);
    expect(await references('paymentMethodType=NAGAD')).toEqual([]);
    expect(await references('')).toEqual([
      [card.reference, 'CARD'],
      [bkash.reference, 'BKASH'],
      [unpaid.reference, null],
    ]);

    // The webhook carries the payment as the API shows it.
    const event = await receiver.verified(secret, 'payment.succeeded', bkash.reference);
    expect(event.data).toMatchObject({ paymentMethod: 'BKASH-BKash', paymentMethodType: 'BKASH' });

    // Operators filter on it too, across apps.
    const operator = await stack.createOperator('VIEWER');
    const admin = await stack.adminLogin(operator.email, operator.password);
    const adminList = await admin.call(
      'GET',
      `/api/v1/admin/payments?appId=${app.app.id}&paymentMethodType=BKASH`,
    );
    expect(adminList.status).toBe(200);
    expect(adminList.body.data.items.map((item: { reference: string }) => item.reference)).toEqual([
      bkash.reference,
    ]);
    const page = await admin.call('GET', `/admin/payments/${bkash.reference}`);
    expect(page.status).toBe(200);
    expect(String(page.body)).toMatch(
      /BKASH-BKash\s*<span[^>]*data-testid="payment-method-type"[^>]*>\(BKASH\)/,
    );
  });

  it('answers 400 VALIDATION_ERROR for a type it does not know, on the app and admin lists', async () => {
    const app = await stack.registerApp();
    for (const value of ['WALLET', 'bkash', '']) {
      const response = await stack.api('GET', `/api/v1/payments?paymentMethodType=${value}`, {
        creds: app.test,
      });
      expect(response.status).toBe(400);
      expect(response.body.meta.errorCode).toBe('VALIDATION_ERROR');
      expect(response.body.meta.details).toEqual(
        expect.arrayContaining([expect.objectContaining({ field: 'paymentMethodType' })]),
      );
    }
    const operator = await stack.createOperator('VIEWER');
    const admin = await stack.adminLogin(operator.email, operator.password);
    const response = await admin.call('GET', '/api/v1/admin/payments?paymentMethodType=WALLET');
    expect(response.status).toBe(400);
    expect(response.body.meta.errorCode).toBe('VALIDATION_ERROR');
  });

  it('is in the OpenAPI document: on the Payment, and as the list filter with its values', async () => {
    const doc = await stack.api('GET', '/api/v1/openapi.json');
    const types = ['CARD', 'BKASH', 'NAGAD', 'ROCKET', 'UPAY', 'MOBILE_BANKING', 'INTERNET_BANKING'];
    const field = doc.body.components.schemas.Payment.properties.paymentMethodType;
    expect(field.type).toEqual(['string', 'null']);
    expect(field.enum).toEqual(expect.arrayContaining([...types, 'BANK_TRANSFER', 'OTHER', null]));
    expect(doc.body.components.schemas.Payment.required).toContain('paymentMethodType');
    const filter = doc.body.paths['/payments'].get.parameters.find(
      (parameter: { name: string }) => parameter.name === 'paymentMethodType',
    );
    expect(filter.schema.enum).toEqual(expect.arrayContaining(types));
    expect(filter.schema.enum).not.toContain(null);
  });
});
