/**
 * Mostly waiting: this suite waits on the retries of session openings that fail, so it runs in the
 * waiting slot (test/helpers/waiting-slot-runner.js).
 *
 * @test-slot waiting
 */
import { signIpn } from '../../../gateways/sslcommerz/protocol.js';
import { enableGateways, postChoice } from '../../helpers/picker.js';
import { eventually, startStack, STORE, type Stack } from '../../helpers/stack.js';

/**
 * Failover at checkout over plain HTTP: when the gateway a customer chose cannot open a session,
 * the same checkout offers the app's other gateways and the new choice replaces the failed one,
 * until a gateway page reaches the customer. A gateway the app named at create is kept. Openings
 * that keep failing degrade the gateway (offered last, shown on the overview) until one succeeds.
 */

type App = Awaited<ReturnType<Stack['registerApp']>>;

const SESSION_DOWN = { session: { forMs: 3_600_000 } };
const FAILOVER_ERROR =
  /^Card or bank \(SSLCOMMERZ\) could not start this payment \(.+\)\. Nothing was charged; choose another way to pay below, or try again\.$/;

describe('failover at checkout (HTTP)', () => {
  let stack: Stack;
  let admin: Awaited<ReturnType<Stack['adminLogin']>>;

  beforeAll(async () => {
    stack = await startStack();
    const operator = await stack.createOperator('ADMIN');
    admin = await stack.adminLogin(operator.email, operator.password);
  });
  afterAll(async () => {
    await stack?.setOutages({ session: null }).catch(() => undefined);
    await stack?.close();
  });
  afterEach(async () => {
    await stack.setOutages({ session: null });
  });

  async function appWith(...gateways: Array<'bkash' | 'nagad'>): Promise<App> {
    const app = await stack.registerApp();
    await enableGateways(stack, app.app.id, gateways);
    return app;
  }

  function errorOf(html: string): string | null {
    return (
      /<div class="error" role="alert" data-testid="error">([\s\S]*?)<\/div>/.exec(html)?.[1]?.trim() ?? null
    );
  }

  /** The picker's radios in page order, each with the note beside it (null: none). */
  function offered(html: string): Array<{ name: string; note: string | null }> {
    const form = /<form\b[^>]*data-testid="picker"[^>]*>[\s\S]*?<\/form>/.exec(html)?.[0];
    if (!form) return [];
    return [...form.matchAll(/<label\b[^>]*data-testid="choice-(\w+)"[^>]*>([\s\S]*?)<\/label>/g)].map(
      ([, name, inner]) => ({
        name: name!,
        note: /<span class="choice-note"[^>]*>([^<]*)<\/span>/.exec(inner!)?.[1]?.trim() ?? null,
      }),
    );
  }

  function expectGatewayPage(response: { status: number; headers: Headers }, gateway: string): string {
    expect({ status: response.status, body: response.status >= 400 ? response : null }).toMatchObject({
      status: 302,
    });
    const location = response.headers.get('location') ?? '';
    const prefix =
      gateway === 'sslcommerz' ? stack.simulatorUrl : `${stack.gatewaySimulators.url}/${gateway}`;
    expect(location.startsWith(prefix)).toBe(true);
    return location;
  }

  async function attempts(reference: string) {
    const response = await admin.call('GET', `/api/v1/admin/payments/${reference}`);
    expect(response.status).toBe(200);
    return response.body.data.gateway.attempts as Array<{
      gateway: string;
      outcome: string;
      tries: number;
      failureReason: string | null;
    }>;
  }

  async function degradedOnOverview(): Promise<string[]> {
    const response = await admin.call('GET', '/api/v1/admin/overview?mode=TEST&days=7');
    expect(response.status).toBe(200);
    return (response.body.data.degradedGateways as Array<{ gateway: string }>).map((d) => d.gateway);
  }

  /** One opening of SSLCOMMERZ that succeeds: its breaker is closed whatever came before. */
  async function sslcommerzAnswersAgain(app: App): Promise<void> {
    const created = await stack.createPayment(app.test);
    expectGatewayPage(await postChoice(stack, created.reference, 'sslcommerz'), 'sslcommerz');
  }

  it('SSLCOMMERZ cannot open a session: the page offers bKash and Nagad, bKash replaces it; then the choice is final', async () => {
    const app = await appWith('bkash', 'nagad');
    const created = await stack.createPayment(app.test);
    await stack.setOutages(SESSION_DOWN);

    const failed = await postChoice(stack, created.reference, 'sslcommerz');
    expect(failed.status).toBe(502);
    expect(errorOf(failed.body)).toMatch(FAILOVER_ERROR);
    // The others first; the one that just failed last, with a note, to try again.
    expect(offered(failed.body)).toEqual([
      { name: 'bkash', note: null },
      { name: 'nagad', note: null },
      { name: 'sslcommerz', note: 'Could not start just now' },
    ]);
    expect(await stack.readPayment(app.test, created.reference)).toMatchObject({
      status: 'CREATED',
      gateway: 'sslcommerz',
    });
    const shown = await stack.api('GET', `/api/v1/checkout/${created.reference}`);
    expect(shown.body.data).toMatchObject({ gateway: 'sslcommerz', gatewayPageUrl: null });
    expect(shown.body.data.choices.map((c: { name: string }) => c.name)).toEqual([
      'bkash',
      'nagad',
      'sslcommerz',
    ]);
    // The page as the customer reloads it says the same.
    const reloaded = await stack.api<string>('GET', `/checkout/${created.reference}`);
    expect(offered(reloaded.body).map((c) => c.name)).toEqual(['bkash', 'nagad', 'sslcommerz']);

    // A gateway the app has not enabled is still refused, and binds nothing.
    const stripe = await postChoice(stack, created.reference, 'stripe');
    expect(stripe.status).toBe(400);
    expect(errorOf(stripe.body)).toBe('Choose one of the ways to pay below.');

    const location = expectGatewayPage(await postChoice(stack, created.reference, 'bkash'), 'bkash');
    expect(await stack.readPayment(app.test, created.reference)).toMatchObject({
      status: 'PENDING',
      gateway: 'bkash',
    });
    expect(await attempts(created.reference)).toEqual([
      {
        gateway: 'sslcommerz',
        outcome: 'FAILED',
        tries: 3,
        failureReason: expect.stringMatching(/\S/),
        startedAt: expect.any(String),
        finishedAt: expect.any(String),
      },
      {
        gateway: 'bkash',
        outcome: 'OPENED',
        tries: 1,
        failureReason: null,
        startedAt: expect.any(String),
        finishedAt: expect.any(String),
      },
    ]);

    // The payment's dashboard page lists both openings for operators.
    const detailPage = await admin.call<string>('GET', `/admin/payments/${created.reference}`);
    expect(detailPage.status).toBe(200);
    expect(
      [
        ...detailPage.body.matchAll(
          /data-testid="checkout-attempt" data-gateway="(\w+)" data-outcome="(\w+)"/g,
        ),
      ].map((m) => `${m[1]} ${m[2]}`),
    ).toEqual(['sslcommerz FAILED', 'bkash OPENED']);

    // bKash's page reached the customer: from now on the payment is bound to that one session.
    const nagad = await postChoice(stack, created.reference, 'nagad');
    expect(nagad.status).toBe(409);
    expect(errorOf(nagad.body)).toBe(
      'A way to pay was already chosen for this payment. Nothing was charged.',
    );
    const back = await postChoice(stack, created.reference, 'sslcommerz');
    expect(back.status).toBe(409);
    expect(expectGatewayPage(await postChoice(stack, created.reference), 'bkash')).toBe(location);
    expect(await stack.readPayment(app.test, created.reference)).toMatchObject({
      status: 'PENDING',
      gateway: 'bkash',
    });
    expect((await attempts(created.reference)).length).toBe(2);
  });

  it('two different new choices at once after a failure: exactly one replaces it, the other gets 409', async () => {
    const app = await appWith('bkash', 'nagad');
    const created = await stack.createPayment(app.test);
    await stack.setOutages(SESSION_DOWN);
    expect((await postChoice(stack, created.reference, 'sslcommerz')).status).toBe(502);

    const [bkash, nagad] = await Promise.all([
      postChoice(stack, created.reference, 'bkash'),
      postChoice(stack, created.reference, 'nagad'),
    ]);
    const statuses = { bkash: bkash.status, nagad: nagad.status };
    const winners = Object.entries({ bkash, nagad }).filter(([, r]) => r.status === 302);
    expect({ statuses, winners: winners.length }).toEqual({ statuses, winners: 1 });
    expect({ statuses, losers: Object.values(statuses).filter((s) => s === 409).length }).toEqual({
      statuses,
      losers: 1,
    });
    const [winner, response] = winners[0]!;
    expectGatewayPage(response, winner);
    expect(await stack.readPayment(app.test, created.reference)).toMatchObject({
      status: 'PENDING',
      gateway: winner,
    });
  });

  it("trying the failed gateway again while choosing another: the session handed out is always the bound gateway's", async () => {
    const app = await appWith('bkash', 'nagad');
    // Three payments race at once, each on its own: the outage stays on until all three are done.
    await stack.setOutages(SESSION_DOWN);
    const round = async () => {
      const created = await stack.createPayment(app.test);
      expect((await postChoice(stack, created.reference, 'sslcommerz')).status).toBe(502);

      const [again, bkash] = await Promise.all([
        postChoice(stack, created.reference, 'sslcommerz'),
        postChoice(stack, created.reference, 'bkash'),
      ]);
      const payment = await stack.readPayment(app.test, created.reference);
      const outcomes = {
        again: again.status,
        bkash: bkash.status,
        status: payment.status,
        gateway: payment.gateway,
      };
      // Whichever came first, a gateway page handed out is the page of the gateway now bound.
      for (const response of [again, bkash]) {
        if (response.status === 302) {
          expect({ outcomes, status: payment.status }).toEqual({ outcomes, status: 'PENDING' });
          expectGatewayPage(response, payment.gateway);
        } else {
          expect({ outcomes, refused: [409, 502].includes(response.status) }).toEqual({
            outcomes,
            refused: true,
          });
        }
      }
      if (payment.status === 'PENDING')
        expect({ outcomes, gateway: payment.gateway }).toEqual({ outcomes, gateway: 'bkash' });
      else expect(outcomes).toMatchObject({ status: 'CREATED' });
    };
    await Promise.all([round(), round(), round()]);
  });

  it('a signed notification from the gateway the payment left is stored and flags the payment; a forged one is refused', async () => {
    const app = await appWith('bkash');
    const created = await stack.createPayment(app.test);
    await stack.setOutages(SESSION_DOWN);
    expect((await postChoice(stack, created.reference, 'sslcommerz')).status).toBe(502);
    await stack.setOutages({ session: null });
    expectGatewayPage(await postChoice(stack, created.reference, 'bkash'), 'bkash');

    /** An IPN as SSLCOMMERZ would sign it (or someone without the store password would). */
    const ipn = (reference: string, password = STORE.storePassword) => {
      const fields = {
        tran_id: reference,
        val_id: `val-${reference}`,
        status: 'VALID',
        amount: '100.00',
        currency: 'BDT',
        tran_date: '2026-11-24 10:00:00',
      };
      return stack.api('POST', '/api/v1/gateways/sslcommerz/ipn', {
        rawBody: new URLSearchParams({ ...fields, ...signIpn(fields, password) }).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
    };
    const stored = () =>
      stack
        .em()
        .execute<
          Array<{ gateway: string; outcome: string | null; signature_valid: boolean; times_received: number }>
        >(
          `select c.gateway, c.outcome, c.signature_valid, c.times_received, c.hand_overs
             from gateway_callbacks c join payments p on p.id = c.payment_id
            where p.reference = ? order by c.id`,
          [created.reference],
        );
    const flagged = async () =>
      (
        (await admin.call('GET', `/api/v1/admin/attention?appId=${app.app.id}&state=OPEN`)).body.data
          .items as Array<{ reference: string; kind: string; reason: string; status: string }>
      ).filter((item) => item.reference === created.reference);
    const REASON =
      'ABANDONED_GATEWAY_CALLBACK: sslcommerz sent VALID for this payment after checkout moved to bkash; ' +
      'check at sslcommerz and refund there';

    const first = await ipn(created.reference);
    expect(first.status).toBe(200);
    expect(first.body.data).toMatchObject({ received: true, duplicate: false });
    expect(await stored()).toEqual([
      {
        gateway: 'sslcommerz',
        outcome: 'NO_CHANGE',
        signature_valid: true,
        times_received: 1,
        hand_overs: 0,
      },
    ]);
    expect(await flagged()).toEqual([
      expect.objectContaining({ kind: 'ABANDONED_GATEWAY_CALLBACK', reason: REASON, status: 'PENDING' }),
    ]);
    expect(await stack.readPayment(app.test, created.reference)).toMatchObject({
      status: 'PENDING',
      gateway: 'bkash',
    });

    // The same notification again: counted, nothing else.
    const again = await ipn(created.reference);
    expect(again.status).toBe(200);
    expect(again.body.data).toMatchObject({ duplicate: true, callbackId: first.body.data.callbackId });
    expect((await stored()).map((row) => row.times_received)).toEqual([2]);
    expect((await flagged()).map((item) => item.reason)).toEqual([REASON]);

    // Forged (not signed with the store password): refused as before, nothing stored.
    const forged = await ipn(created.reference, `${STORE.storePassword}-forged`);
    expect(forged.status).toBe(400);
    expect(forged.body.meta).toMatchObject({ success: false, errorCode: 'CALLBACK_REJECTED' });
    expect(await stored()).toHaveLength(1);
    // The workflow heard nothing of it: the payment waits for bKash as before.
    expect(await stack.readPayment(app.test, created.reference)).toMatchObject({
      status: 'PENDING',
      gateway: 'bkash',
    });

    // A signed notification from a gateway this payment never tried knows nothing of it.
    const direct = await stack.createPayment(app.test);
    expectGatewayPage(await postChoice(stack, direct.reference, 'bkash'), 'bkash');
    const stranger = await ipn(direct.reference);
    expect(stranger.status).toBe(400);
    const [counted] = await stack
      .em()
      .execute<Array<{ count: string }>>(
        'select count(*) from gateway_callbacks c join payments p on p.id = c.payment_id where p.reference = ?',
        [direct.reference],
      );
    expect(Number(counted?.count)).toBe(0);
  });

  it('a gateway the app named at create is kept: no choice is offered, and another one is refused', async () => {
    const app = await appWith('bkash', 'nagad');
    const created = await stack.createPayment(app.test, { gateway: 'sslcommerz' });
    await stack.setOutages(SESSION_DOWN);

    const failed = await postChoice(stack, created.reference);
    expect(failed.status).toBe(502);
    expect(errorOf(failed.body)).toMatch(
      /^The payment gateway could not start this payment \(.+\)\. Nothing was charged; please try again\.$/,
    );
    expect(offered(failed.body)).toEqual([]);
    expect((await postChoice(stack, created.reference, 'bkash')).status).toBe(409);
    expect(await stack.readPayment(app.test, created.reference)).toMatchObject({
      status: 'CREATED',
      gateway: 'sslcommerz',
    });

    // Once SSLCOMMERZ answers again, the same Pay opens it.
    await stack.setOutages({ session: null });
    expectGatewayPage(await postChoice(stack, created.reference), 'sslcommerz');
    expect((await attempts(created.reference)).map((a) => a.outcome)).toEqual(['FAILED', 'OPENED']);
  });

  it('openings that keep failing degrade the gateway: offered last and noted, on the overview, until one succeeds', async () => {
    const app = await appWith('bkash', 'nagad');
    await sslcommerzAnswersAgain(app);
    expect(await degradedOnOverview()).toEqual([]);

    await stack.setOutages(SESSION_DOWN);
    // Five failed openings in a row (each after its three tries), within two minutes. The first
    // four fail side by side: four failures leave it closed (an open breaker stays open until a
    // success or its five minutes pass, so none of the four opened it); the fifth opens it.
    const failOne = async (opening: number) => {
      const created = await stack.createPayment(app.test);
      const failed = await postChoice(stack, created.reference, 'sslcommerz');
      return { opening, status: failed.status };
    };
    expect(await Promise.all([1, 2, 3, 4].map(failOne))).toEqual(
      [1, 2, 3, 4].map((opening) => ({ opening, status: 502 })),
    );
    expect(await degradedOnOverview()).toEqual([]);
    expect(await failOne(5)).toEqual({ opening: 5, status: 502 });
    expect(await degradedOnOverview()).toEqual(['sslcommerz']);
    const overview = await admin.call('GET', '/api/v1/admin/overview?mode=TEST&days=7');
    const [degraded] = overview.body.data.degradedGateways;
    const minutes = (Date.parse(degraded.until) - Date.parse(degraded.since)) / 60_000;
    expect(minutes).toBe(5);
    expect(degraded.lastFailureReason).toMatch(/\S/);
    // LIVE's breaker is its own.
    const live = await admin.call('GET', '/api/v1/admin/overview?mode=LIVE&days=7');
    expect(live.body.data.degradedGateways).toEqual([]);

    // A fresh payment: SSLCOMMERZ is still offered, last and noted.
    const fresh = await stack.createPayment(app.test);
    const page = await stack.api<string>('GET', `/checkout/${fresh.reference}`);
    expect(offered(page.body)).toEqual([
      { name: 'bkash', note: null },
      { name: 'nagad', note: null },
      { name: 'sslcommerz', note: 'Having trouble lately' },
    ]);
    const shown = await stack.api('GET', `/api/v1/checkout/${fresh.reference}`);
    expect(shown.body.data.choices).toEqual([
      { name: 'bkash', displayName: 'bKash', degraded: false },
      { name: 'nagad', displayName: 'Nagad', degraded: false },
      { name: 'sslcommerz', displayName: 'Card or bank (SSLCOMMERZ)', degraded: true },
    ]);

    // The dashboard's overview shows it too.
    const html = await admin.call<string>('GET', '/admin?mode=TEST&days=7');
    expect(html.body).toMatch(/data-testid="degraded-gateway" data-gateway="sslcommerz"/);

    // It answers again: the next opening succeeds and closes the breaker at once.
    await stack.setOutages({ session: null });
    expectGatewayPage(await postChoice(stack, fresh.reference, 'sslcommerz'), 'sslcommerz');
    await eventually(async () => (await degradedOnOverview()).length === 0, 5_000, 'breaker closed');
    const after = await stack.createPayment(app.test);
    expect(offered((await stack.api<string>('GET', `/checkout/${after.reference}`)).body)).toEqual([
      { name: 'sslcommerz', note: null },
      { name: 'bkash', note: null },
      { name: 'nagad', note: null },
    ]);
  });
});
