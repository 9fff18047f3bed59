import { RETURN_AFTER_SECONDS } from '../../../api/payments/checkout-page.js';
import { enableGateways, metaRefresh, postChoice } from '../../helpers/picker.js';
import { eventually, startStack, type Stack } from '../../helpers/stack.js';

/**
 * The hosted checkout's gateway picker over plain HTTP, as a browser without JavaScript uses it: a
 * payment created without `gateway` for an app with several gateways that take its amount is bound
 * only when the customer chooses (once), and every final page sends the customer back.
 */

const RETURN_URL = 'https://merchant.example/return?order=42';
const CANCEL_URL = 'https://merchant.example/cancelled';

type App = Awaited<ReturnType<Stack['registerApp']>>;

describe('gateway picker on the hosted checkout (HTTP, no JavaScript)', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack?.close();
  });

  /** An app with SSLCOMMERZ (the service's TEST credentials) and these simulated gateways. */
  async function appWith(...gateways: Array<'bkash' | 'nagad' | 'stripe'>): Promise<App> {
    const app = await stack.registerApp();
    if (gateways.length > 0) await enableGateways(stack, app.app.id, gateways);
    return app;
  }

  /** POST /payments as the app (201 expected), with the bound gateway (null: the customer chooses). */
  async function createPayment(creds: App['test'], overrides: Record<string, unknown> = {}) {
    const created = await stack.createPayment(creds, overrides);
    return created as typeof created & { gateway: string | null };
  }

  async function checkoutHtml(reference: string): Promise<string> {
    const response = await stack.api<string>('GET', `/checkout/${reference}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    return response.body;
  }

  /** The picker's form element and everything in it; null when the page has none. */
  function pickerForm(html: string): string | null {
    return /<form\b[^>]*data-testid="picker"[^>]*>[\s\S]*?<\/form>/.exec(html)?.[0] ?? null;
  }

  /** The gateway names the picker offers, in page order. */
  function radioValues(html: string): string[] {
    const form = pickerForm(html);
    if (!form) return [];
    return [...form.matchAll(/<input\b[^>]*>/g)]
      .map((m) => m[0])
      .filter((tag) => /type="radio"/.test(tag))
      .map((tag) => /value="([^"]*)"/.exec(tag)?.[1] ?? '');
  }

  async function apiChoices(reference: string): Promise<{ gateway: string | null; names: string[] }> {
    const response = await stack.api('GET', `/api/v1/checkout/${reference}`);
    expect(response.status).toBe(200);
    return {
      gateway: response.body.data.gateway,
      names: (response.body.data.choices as Array<{ name: string }>).map((c) => c.name),
    };
  }

  function isRedirect(status: number): boolean {
    return status === 302 || status === 303;
  }

  /** The location a Pay answered with: a gateway's hosted page. */
  function expectGatewayPage(response: { status: number; headers: Headers }, gateway: string): string {
    expect(isRedirect(response.status)).toBe(true);
    const location = response.headers.get('location') ?? '';
    const expectedPrefix =
      gateway === 'sslcommerz' ? stack.simulatorUrl : `${stack.gatewaySimulators.url}/${gateway}`;
    expect(location.startsWith(expectedPrefix)).toBe(true);
    return location;
  }

  function errorOf(html: string): string | null {
    return (
      /<div class="error" role="alert" data-testid="error">([\s\S]*?)<\/div>/.exec(html)?.[1]?.trim() ?? null
    );
  }

  it('the picker is a plain form (radios, legend, submit, no script) that binds the chosen gateway', async () => {
    const app = await appWith('bkash', 'nagad');
    const created = await createPayment(app.test, { amountMinor: 10000, currency: 'BDT' });
    expect(created).toMatchObject({ status: 'CREATED', gateway: null });
    expect(await stack.readPayment(app.test, created.reference)).toMatchObject({ gateway: null });
    expect(await apiChoices(created.reference)).toEqual({
      gateway: null,
      names: ['sslcommerz', 'bkash', 'nagad'],
    });

    const html = await checkoutHtml(created.reference);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\son[a-z]+=/i); // no inline handlers either
    const form = pickerForm(html);
    expect(form).not.toBeNull();
    expect(form).toMatch(
      new RegExp(`^<form method="post" action="/checkout/${created.reference}/pay"[^>]*data-testid="picker"`),
    );
    expect(form).toMatch(/<fieldset>\s*<legend>Choose how to pay<\/legend>/);
    expect(radioValues(html)).toEqual(['sslcommerz', 'bkash', 'nagad']);
    // Each radio sits inside its label (its accessible name), all in one group named "gateway".
    const labels = [...form!.matchAll(/<label\b[^>]*data-testid="choice-(\w+)"[^>]*>([\s\S]*?)<\/label>/g)];
    expect(labels.map((l) => l[1])).toEqual(['sslcommerz', 'bkash', 'nagad']);
    for (const [, name, inner] of labels) {
      expect(inner).toMatch(new RegExp(`<input type="radio" name="gateway" value="${name}" required`));
      expect(inner).toMatch(/<span class="choice-name">[^<]+<\/span>/);
    }
    expect(form).toMatch(/<button class="primary" type="submit" data-testid="pay">Pay 100\.00 BDT<\/button>/);
    // Cancel stays available beside the picker.
    expect(html).toContain(`action="/checkout/${created.reference}/cancel"`);

    // What the browser sends for that form, with no script involved: gateway=bkash.
    const location = expectGatewayPage(await postChoice(stack, created.reference, 'bkash'), 'bkash');
    const bkashPage = await fetch(location);
    expect(bkashPage.status).toBe(200);
    expect(await bkashPage.text()).toContain('bKash checkout (simulator)');
    expect(await stack.readPayment(app.test, created.reference)).toMatchObject({
      gateway: 'bkash',
      status: 'PENDING',
    });
    // Bound now: the page offers no picker any more.
    expect(pickerForm(await checkoutHtml(created.reference))).toBeNull();
  });

  it('an app with one gateway gets no picker: the payment is bound at create', async () => {
    const app = await appWith();
    const created = await createPayment(app.test);
    expect(created).toMatchObject({ gateway: 'sslcommerz' });
    expect(await stack.readPayment(app.test, created.reference)).toMatchObject({ gateway: 'sslcommerz' });
    expect(await apiChoices(created.reference)).toEqual({ gateway: 'sslcommerz', names: [] });

    const html = await checkoutHtml(created.reference);
    expect(pickerForm(html)).toBeNull();
    expect(html).not.toContain('type="radio"');
    expect(html).toMatch(/<button class="primary" type="submit" data-testid="pay">Pay 100\.00 BDT<\/button>/);

    // Pay needs no choice, and a stray choice of the same gateway is no conflict.
    expectGatewayPage(await postChoice(stack, created.reference), 'sslcommerz');
    expectGatewayPage(await postChoice(stack, created.reference, 'sslcommerz'), 'sslcommerz');
  });

  it('a gateway that does not take the amount or currency is left out of the picker', async () => {
    const app = await appWith('bkash', 'nagad');

    // 60,000.00 BDT: above Nagad's 50,000.00 maximum.
    const large = await createPayment(app.test, { amountMinor: 6_000_000 });
    expect(large.gateway).toBeNull();
    expect(radioValues(await checkoutHtml(large.reference))).toEqual(['sslcommerz', 'bkash']);
    expect((await apiChoices(large.reference)).names).toEqual(['sslcommerz', 'bkash']);
    // Choosing it anyway (a hand-made form) is refused and binds nothing.
    const refused = await postChoice(stack, large.reference, 'nagad');
    expect(refused.status).toBe(400);
    expect(await stack.readPayment(app.test, large.reference)).toMatchObject({
      gateway: null,
      status: 'CREATED',
    });

    // 5.00 BDT: below SSLCOMMERZ's 10.00 minimum.
    const small = await createPayment(app.test, { amountMinor: 500 });
    expect(small.gateway).toBeNull();
    expect(radioValues(await checkoutHtml(small.reference))).toEqual(['bkash', 'nagad']);
    expect((await postChoice(stack, small.reference, 'sslcommerz')).status).toBe(400);

    // USD: of these only SSLCOMMERZ takes it, so there is nothing to choose.
    const dollars = await createPayment(app.test, { amountMinor: 10000, currency: 'USD' });
    expect(dollars.gateway).toBe('sslcommerz');
    expect(pickerForm(await checkoutHtml(dollars.reference))).toBeNull();

    // With Stripe on too, USD offers SSLCOMMERZ and Stripe only.
    const withStripe = await appWith('bkash', 'nagad', 'stripe');
    const usd = await createPayment(withStripe.test, { amountMinor: 10000, currency: 'USD' });
    expect(usd.gateway).toBeNull();
    expect(radioValues(await checkoutHtml(usd.reference))).toEqual(['sslcommerz', 'stripe']);
  });

  it('Pay with no choice, an unknown or a disabled gateway answers 400 and binds nothing', async () => {
    const app = await appWith('bkash', 'nagad');
    const created = await createPayment(app.test);

    const cases: Array<[string, () => ReturnType<typeof postChoice>]> = [
      ['no field', () => postChoice(stack, created.reference)],
      ['empty choice', () => postChoice(stack, created.reference, '')],
      ['no body at all', () => stack.api<string>('POST', `/checkout/${created.reference}/pay`)],
      ['unknown gateway', () => postChoice(stack, created.reference, 'paypal')],
      ['a gateway this app has not enabled', () => postChoice(stack, created.reference, 'stripe')],
    ];
    for (const [what, send] of cases) {
      const response = await send();
      expect({ what, status: response.status }).toEqual({ what, status: 400 });
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(errorOf(response.body)).toBe('Choose one of the ways to pay below.');
      // The page offers the picker again, with the same choices.
      expect(radioValues(response.body)).toEqual(['sslcommerz', 'bkash', 'nagad']);
    }
    expect(await stack.readPayment(app.test, created.reference)).toMatchObject({
      gateway: null,
      status: 'CREATED',
    });
  });

  it('the choice is made once: bKash, then Nagad is refused with 409 and the payment stays on bKash', async () => {
    const app = await appWith('bkash', 'nagad');
    const created = await createPayment(app.test);

    const first = expectGatewayPage(await postChoice(stack, created.reference, 'bkash'), 'bkash');

    const second = await postChoice(stack, created.reference, 'nagad');
    expect(second.status).toBe(409);
    expect(errorOf(second.body)).toBe(
      'A way to pay was already chosen for this payment. Nothing was charged.',
    );
    expect(pickerForm(second.body)).toBeNull();
    expect(await stack.readPayment(app.test, created.reference)).toMatchObject({
      gateway: 'bkash',
      status: 'PENDING',
    });

    // The same choice again (a back button, a second tab), or none, continues on bKash's page.
    expect(expectGatewayPage(await postChoice(stack, created.reference, 'bkash'), 'bkash')).toBe(first);
    expect(expectGatewayPage(await postChoice(stack, created.reference), 'bkash')).toBe(first);
    expect(await stack.readPayment(app.test, created.reference)).toMatchObject({ gateway: 'bkash' });
  });

  it('two racing different choices: exactly one wins, the other gets 409', async () => {
    const app = await appWith('bkash', 'nagad');
    for (let round = 0; round < 3; round++) {
      const created = await createPayment(app.test);
      const [bkash, nagad] = await Promise.all([
        postChoice(stack, created.reference, 'bkash'),
        postChoice(stack, created.reference, 'nagad'),
      ]);
      const outcomes = { bkash: bkash.status, nagad: nagad.status };
      const winners = Object.entries({ bkash, nagad }).filter(([, r]) => isRedirect(r.status));
      const losers = Object.entries({ bkash, nagad }).filter(([, r]) => r.status === 409);
      expect({ round, outcomes, winners: winners.length, losers: losers.length }).toEqual({
        round,
        outcomes,
        winners: 1,
        losers: 1,
      });
      const [winner, response] = winners[0]!;
      expectGatewayPage(response, winner);
      expect(errorOf(losers[0]![1].body)).toBe(
        'A way to pay was already chosen for this payment. Nothing was charged.',
      );
      expect(await stack.readPayment(app.test, created.reference)).toMatchObject({
        gateway: winner,
        status: 'PENDING',
      });
    }
  });

  it('a gateway named at create that the app has not enabled is 404 GATEWAY_NOT_FOUND', async () => {
    const app = await appWith('bkash');
    const response = await stack.api('POST', '/api/v1/payments', {
      creds: app.test,
      body: { amountMinor: 10000, customerReference: 'cust_1', gateway: 'stripe' },
    });
    expect(response.status).toBe(404);
    expect(response.body.meta).toMatchObject({
      success: false,
      errorCode: 'GATEWAY_NOT_FOUND',
      message: "Gateway 'stripe' is not configured or inactive for this app",
    });
    expect(response.body.meta.details).toEqual([
      { field: 'gateway', message: 'available: sslcommerz, bkash' },
    ]);

    // One it has enabled, named at create: bound, no picker.
    const named = await createPayment(app.test, { gateway: 'bkash' });
    expect(named.gateway).toBe('bkash');
    expect(pickerForm(await checkoutHtml(named.reference))).toBeNull();
  });

  it('LIVE requires https return URLs (TEST accepts http)', async () => {
    const app = await stack.registerApp();
    // The stack has no LIVE SSLCOMMERZ credentials: the app gets its own, so LIVE could take payments.
    await enableGateways(
      stack,
      app.app.id,
      [{ name: 'sslcommerz', credentials: { storeId: 'live-store-01', storePassword: 'live-store-01@ssl' } }],
      'LIVE',
    );
    const create = (creds: { key: string; secret: string }, urls: Record<string, string>) =>
      stack.api('POST', '/api/v1/payments', {
        creds,
        body: { amountMinor: 10000, customerReference: 'cust_1', ...urls },
      });

    const httpReturn = await create(app.live, { returnUrl: 'http://merchant.example/return' });
    expect({ status: httpReturn.status, code: httpReturn.body.meta?.errorCode }).toEqual({
      status: 400,
      code: 'VALIDATION_ERROR',
    });
    expect(httpReturn.body.meta.details).toEqual([expect.objectContaining({ field: 'returnUrl' })]);

    const httpCancel = await create(app.live, {
      returnUrl: 'https://merchant.example/return',
      cancelUrl: 'http://merchant.example/cancelled',
    });
    expect({ status: httpCancel.status, code: httpCancel.body.meta?.errorCode }).toEqual({
      status: 400,
      code: 'VALIDATION_ERROR',
    });
    expect(httpCancel.body.meta.details).toEqual([expect.objectContaining({ field: 'cancelUrl' })]);

    const https = await create(app.live, {
      returnUrl: 'https://merchant.example/return',
      cancelUrl: 'https://merchant.example/cancelled',
    });
    expect(https.status).toBe(201);
    expect(https.body.data).toMatchObject({ mode: 'LIVE', gateway: 'sslcommerz' });

    const testMode = await create(app.test, { returnUrl: 'http://127.0.0.1:9/return' });
    expect(testMode.status).toBe(201);
  });

  describe('a final checkout page sends the customer back', () => {
    it('SUCCEEDED: a meta refresh to the returnUrl (its own query kept) with reference and status', async () => {
      const app = await appWith();
      const paid = await stack.paidPayment(app.test, { returnUrl: RETURN_URL, cancelUrl: CANCEL_URL });
      const html = await checkoutHtml(paid.reference);
      expect(html).toContain('data-status="SUCCEEDED"');
      const refresh = metaRefresh(html);
      expect(refresh).not.toBeNull();
      expect(refresh!.seconds).toBe(RETURN_AFTER_SECONDS);
      const target = refresh!.url!;
      expect(`${target.origin}${target.pathname}`).toBe('https://merchant.example/return');
      expect(Object.fromEntries(target.searchParams)).toEqual({
        order: '42',
        reference: paid.reference,
        status: 'SUCCEEDED',
      });
      // The link says the same, for a customer who does not wait.
      const link = /<a [^>]*href="([^"]*)"[^>]*data-testid="return-link"/.exec(html)?.[1];
      expect(link?.replace(/&amp;/g, '&')).toBe(target.toString());
    });

    it('CANCELLED: to the cancelUrl (else the returnUrl), also for a payment cancelled on the picker', async () => {
      const app = await appWith('bkash', 'nagad');
      const cancel = async (reference: string) => {
        const response = await stack.api('POST', `/checkout/${reference}/cancel`);
        expect(isRedirect(response.status)).toBe(true);
        await eventually(
          async () => (await stack.readPayment(app.test, reference)).status === 'CANCELLED',
          20_000,
          `${reference} CANCELLED`,
        );
        return checkoutHtml(reference);
      };

      // Cancelled on the picker, before any gateway was chosen.
      const picked = await createPayment(app.test, { returnUrl: RETURN_URL, cancelUrl: CANCEL_URL });
      expect(picked.gateway).toBeNull();
      const cancelledHtml = await cancel(picked.reference);
      expect(pickerForm(cancelledHtml)).toBeNull();
      const toCancel = metaRefresh(cancelledHtml)!;
      expect(toCancel.seconds).toBe(RETURN_AFTER_SECONDS);
      expect(`${toCancel.url!.origin}${toCancel.url!.pathname}`).toBe(CANCEL_URL);
      expect(Object.fromEntries(toCancel.url!.searchParams)).toEqual({
        reference: picked.reference,
        status: 'CANCELLED',
      });

      // Without a cancelUrl: back to the returnUrl, saying CANCELLED.
      const noCancelUrl = await createPayment(app.test, { returnUrl: RETURN_URL });
      const toReturn = metaRefresh(await cancel(noCancelUrl.reference))!;
      expect(`${toReturn.url!.origin}${toReturn.url!.pathname}`).toBe('https://merchant.example/return');
      expect(toReturn.url!.searchParams.get('status')).toBe('CANCELLED');
      expect(toReturn.url!.searchParams.get('reference')).toBe(noCancelUrl.reference);

      // Without either: nowhere to send the customer, so no refresh at all.
      const nowhere = await createPayment(app.test);
      expect(metaRefresh(await cancel(nowhere.reference))).toBeNull();
    });

    it('a page that is not final does not send the customer away', async () => {
      const app = await appWith('bkash', 'nagad');
      const created = await createPayment(app.test, { returnUrl: RETURN_URL });
      expect(metaRefresh(await checkoutHtml(created.reference))).toBeNull();
      expectGatewayPage(await postChoice(stack, created.reference, 'nagad'), 'nagad');
      // PENDING, not back from the gateway: no refresh; back from it: refreshes itself only.
      expect(metaRefresh(await checkoutHtml(created.reference))).toBeNull();
      const returned = await stack.api<string>('GET', `/checkout/${created.reference}?returned=1`);
      expect(metaRefresh(returned.body)).toEqual({ seconds: 2, url: null });
    });
  });
});
