import type { Currency } from '../../../domain/shared/money.js';
import { PATHS as BKASH_PATHS } from '../../../gateways/bkash/protocol.js';
import { PATHS as SSLCOMMERZ_PATHS, verifyIpnSignature } from '../../../gateways/sslcommerz/protocol.js';
import { createStripeGateway } from '../../../gateways/stripe/client.js';
import type { CheckoutGateway, GatewaySessionRequest } from '../../../gateways/types.js';
import {
  startSimulatorHostFixture,
  type ReceivedRequest,
  type SimulatorHostFixture,
} from '../../helpers/simulator-host-fixture.js';

/**
 * The fault panel on each simulator's tester page, as a tester without JavaScript uses it: the
 * page is fetched over HTTP, a fault's form is read off it and posted form-encoded, the 303 is
 * followed back to the page (which then lists the fault as armed), and the next protocol call
 * shows the fault.
 */

let fixture: SimulatorHostFixture;
let baseUrl: string;
/** What the simulators sent our stand-in API on their own (IPNs, Stripe's webhooks). */
let received: ReceivedRequest[];

beforeAll(async () => {
  fixture = await startSimulatorHostFixture('oi-fault-panel-');
  ({ baseUrl, received } = fixture);
});

afterAll(() => fixture.close());

const required = (name: string) => fixture.required(name);
const sessionRequest = (currency?: Currency): GatewaySessionRequest => fixture.sessionRequest(currency);

async function testerPage(name: string): Promise<string> {
  const response = await fetch(`${baseUrl}/${name}`);
  expect(response.status).toBe(200);
  return response.text();
}

interface PageForm {
  action: string;
  /** The form's hidden fields, as the browser would send them. */
  hidden: Record<string, string>;
  html: string;
}

function formsOf(html: string): PageForm[] {
  return [...html.matchAll(/<form method="post" action="([^"]*)">([\s\S]*?)<\/form>/g)].map(
    ([, action, body]) => ({
      action: action!,
      html: body!,
      hidden: Object.fromEntries(
        [...body!.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)].map(
          ([, name, value]) => [name!, value!],
        ),
      ),
    }),
  );
}

/** The form that arms `fault` (or posts to `action`), as the tester page offers it. */
function formFor(html: string, match: { fault: string } | { action: string }): PageForm {
  const form = formsOf(html).find((candidate) =>
    'fault' in match
      ? candidate.action.endsWith('/__simulator/panel/arm') && candidate.hidden.fault === match.fault
      : candidate.action.endsWith(match.action),
  );
  if (!form) throw new Error(`the tester page has no form for ${JSON.stringify(match)}`);
  return form;
}

/** Posts a form as a browser does, and follows its 303 back to the tester page. */
async function submit(name: string, form: PageForm, fields: Record<string, string> = {}): Promise<string> {
  const response = await fetch(new URL(form.action, baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...form.hidden, ...fields }).toString(),
    redirect: 'manual',
  });
  expect(response.status).toBe(303);
  const location = response.headers.get('location')!;
  expect(location).toBe(`/${name}/`);
  const page = await fetch(new URL(location, baseUrl));
  expect(page.status).toBe(200);
  return page.text();
}

/** The "Armed now" section of a tester page. */
function armedSection(html: string): string {
  const start = html.indexOf('<h2 id="panel-armed">');
  return html.slice(start, html.indexOf('</section>', start));
}

const NAMES = ['sslcommerz', 'bkash', 'nagad', 'stripe'];

describe('the fault panel on each tester page', () => {
  it('labels every control, keeps ids unique and posts only under the simulator', async () => {
    for (const name of NAMES) {
      const html = await testerPage(name);
      expect(html).toContain('Nothing is armed');
      const controls = [...html.matchAll(/<(input|select)\b([^>]*)>/g)]
        .map(([, , attributes]) => attributes!)
        .filter((attributes) => !attributes.includes('type="hidden"'));
      expect(controls.length).toBeGreaterThan(3);
      const ids = controls.map((attributes) => /\bid="([^"]+)"/.exec(attributes)?.[1]);
      for (const id of ids) {
        expect(id).toBeDefined();
        expect(html).toContain(`<label for="${id!}">`);
      }
      expect(new Set(ids).size).toBe(ids.length);
      for (const form of formsOf(html)) expect(form.action.startsWith(`/${name}/__simulator/`)).toBe(true);
      expect(html).toContain('Clear all faults and outages');
    }
  });

  it('SSLCOMMERZ: a refused session, armed by form, shows escaped and refuses the next session', async () => {
    const reason = 'Store <b>paused</b> & "under review"';
    const form = formFor(await testerPage('sslcommerz'), { fault: 'sessionFailure' });
    const page = await submit('sslcommerz', form, { value: reason });
    const armed = armedSection(page);
    expect(armed).toContain('Session refused');
    expect(armed).toContain('Store &lt;b&gt;paused&lt;/b&gt; &amp; &quot;under review&quot;');
    expect(page).not.toContain('<b>paused</b>');
    // The JSON control API sees what the form armed.
    const json = (await (await fetch(`${baseUrl}/sslcommerz/__simulator/faults`)).json()) as {
      defaults: Record<string, unknown>;
    };
    expect(json.defaults).toEqual({ sessionFailure: reason });

    const gateway = fixture.sslcommerzClient();
    await expect(gateway.openSession(sessionRequest())).rejects.toThrow(reason);

    const cleared = await submit('sslcommerz', formFor(page, { action: '/__simulator/panel/clear' }));
    expect(armedSection(cleared)).toContain('Nothing is armed');
    await expect(gateway.openSession(sessionRequest())).resolves.toMatchObject({
      sessionKey: expect.any(String),
    });
  });

  it('SSLCOMMERZ: a value out of range is refused with a page that links back, and nothing is armed', async () => {
    const form = formFor(await testerPage('sslcommerz'), { fault: 'ipnDelayMs' });
    const response = await fetch(new URL(form.action, baseUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...form.hidden, value: '100000' }).toString(),
      redirect: 'manual',
    });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('from 1 to 300');
    expect(html).toContain('href="/sslcommerz/"');
    expect(armedSection(await testerPage('sslcommerz'))).toContain('Nothing is armed');
  });

  it('SSLCOMMERZ: a tampered IPN amount, armed for one tran_id, breaks the hash; the validator keeps the truth', async () => {
    const gateway = fixture.sslcommerzClient();
    const request = sessionRequest();
    const form = formFor(await testerPage('sslcommerz'), { fault: 'tamperedIpnAmountDeltaMinor' });
    const page = await submit('sslcommerz', form, { value: '-4000', key: request.reference });
    expect(armedSection(page)).toContain('Tampered IPN amount</strong>: -4000 minor units');

    const { redirectUrl } = await gateway.openSession(request);
    const checkout = formsOf(await (await fetch(redirectUrl)).text())[0]!;
    await fetch(new URL(checkout.action, baseUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ outcome: 'VALID' }).toString(),
    });
    const ipn = received
      .map((delivery) => Object.fromEntries(new URLSearchParams(delivery.rawBody)))
      .find((fields) => fields.tran_id === request.reference)!;
    expect(ipn.amount).toBe('10.00');
    expect(verifyIpnSignature(ipn, required('SSLCOMMERZ_TEST_STORE_PASSWORD'))).toBe(false);
    const validation = new URL(`${required('SSLCOMMERZ_SANDBOX_URL')}${SSLCOMMERZ_PATHS.validation}`);
    validation.search = new URLSearchParams({
      val_id: ipn.val_id!,
      store_id: required('SSLCOMMERZ_TEST_STORE_ID'),
      store_passwd: required('SSLCOMMERZ_TEST_STORE_PASSWORD'),
      format: 'json',
    }).toString();
    expect(await (await fetch(validation)).json()).toMatchObject({ status: 'VALID', amount: '50.00' });
    await submit('sslcommerz', formFor(page, { action: '/__simulator/panel/clear' }));
  });

  it('SSLCOMMERZ: "pay late" completes a session from the form and sends its IPN', async () => {
    const gateway = fixture.sslcommerzClient();
    const request = sessionRequest();
    await gateway.openSession(request);
    const form = formFor(await testerPage('sslcommerz'), { action: '/__simulator/panel/actions/pay-late' });
    await submit('sslcommerz', form, { tranId: request.reference, outcome: 'VALID' });
    const ipn = received
      .map((delivery) => Object.fromEntries(new URLSearchParams(delivery.rawBody)))
      .find((fields) => fields.tran_id === request.reference);
    expect(ipn).toMatchObject({ status: 'VALID', amount: '50.00' });
    expect(verifyIpnSignature(ipn!, required('SSLCOMMERZ_TEST_STORE_PASSWORD'))).toBe(true);
  });

  it('bKash: a maintenance outage from the form answers 503 until it is ended', async () => {
    const gateway: CheckoutGateway = fixture.bkashClient();
    const form = formFor(await testerPage('bkash'), { action: '/__simulator/panel/outage' });
    const page = await submit('bkash', form, { seconds: '120' });
    expect(armedSection(page)).toContain('Outage: Every API');
    const grant = await fetch(`${required('BKASH_SANDBOX_URL')}${BKASH_PATHS.grant}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', username: 'u', password: 'p' },
      body: '{}',
    });
    expect(grant.status).toBe(503);
    expect(await grant.json()).toMatchObject({ statusCode: '503' });
    await expect(gateway.openSession(sessionRequest())).rejects.toThrow();

    const ended = await submit('bkash', formFor(page, { action: '/__simulator/panel/restore' }));
    expect(armedSection(ended)).toContain('Nothing is armed');
    await expect(gateway.openSession(sessionRequest())).resolves.toMatchObject({
      sessionKey: expect.any(String),
    });
  });

  it('bKash: a forged success callback, armed for one invoice, comes back success though the customer cancelled', async () => {
    const gateway = fixture.bkashClient();
    const request = sessionRequest();
    const form = formFor(await testerPage('bkash'), { fault: 'forgedCallback' });
    const page = await submit('bkash', form, { key: request.reference });
    expect(armedSection(page)).toContain(`merchantInvoiceNumber ${request.reference}`);

    const { redirectUrl } = await gateway.openSession(request);
    const link = new URL(redirectUrl).searchParams;
    const cancelled = await fetch(new URL('/bkash/', baseUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        paymentId: link.get('paymentId')!,
        hash: link.get('hash')!,
        choice: 'cancel',
      }),
      redirect: 'manual',
    });
    expect(cancelled.status).toBe(303);
    expect(new URL(cancelled.headers.get('location')!).searchParams.get('status')).toBe('success');
    await submit('bkash', formFor(page, { action: '/__simulator/panel/clear' }));
  });

  it('Nagad: a bad answer signature, armed by form, fails the next checkout', async () => {
    const gateway = fixture.nagadClient();
    const page = await submit('nagad', formFor(await testerPage('nagad'), { fault: 'badSignature' }));
    expect(armedSection(page)).toContain('Bad answer signature');
    expect(armedSection(page)).toContain('(every payment)');
    await expect(gateway.openSession(sessionRequest())).rejects.toThrow(/failed its check/);

    const disarmed = await submit('nagad', formFor(page, { action: '/__simulator/panel/disarm' }));
    expect(armedSection(disarmed)).toContain('Nothing is armed');
    await expect(gateway.openSession(sessionRequest())).resolves.toMatchObject({
      sessionKey: expect.any(String),
    });
  });

  it('Stripe: events held by form go out only when released, in reverse order', async () => {
    const api = new URL(required('STRIPE_API_URL'));
    const gateway = createStripeGateway({
      secretKey: required('STRIPE_TEST_SECRET_KEY'),
      webhookSecret: required('STRIPE_TEST_WEBHOOK_SECRET'),
      host: api.hostname,
      port: Number(api.port),
      protocol: 'http',
      timeoutMs: 5_000,
      maxNetworkRetries: 0,
    });
    const request = sessionRequest('USD');
    const form = formFor(await testerPage('stripe'), { fault: 'eventDelivery' });
    const armed = await submit('stripe', form, { value: 'held', key: request.reference });
    expect(armedSection(armed)).toContain('held back until released');

    const { redirectUrl } = await gateway.openSession(request);
    const checkout = formsOf(await (await fetch(redirectUrl)).text())[0]!;
    const paid = await fetch(new URL(checkout.action, baseUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ choice: 'pay' }).toString(),
      redirect: 'manual',
    });
    expect(paid.status).toBe(303);
    // The events the account recorded for this payment, as the control API lists them.
    const events = (await (await fetch(`${baseUrl}/stripe/__simulator/events`)).json()) as Array<{
      id: string;
      reference: string | null;
    }>;
    const ours = new Set(
      events.filter((event) => event.reference === request.reference).map((event) => event.id),
    );
    const forThisPayment = () =>
      received
        .filter((delivery) => delivery.path === '/api/v1/gateways/stripe/ipn')
        .map((delivery) => JSON.parse(delivery.rawBody) as { id: string; type: string })
        .filter((event) => ours.has(event.id))
        .map((event) => event.type);
    expect(ours.size).toBe(3);
    expect(forThisPayment()).toEqual([]);
    const waiting = await testerPage('stripe');
    expect(armedSection(waiting)).toContain('3 event(s) held back');

    const released = await submit(
      'stripe',
      formFor(waiting, { action: '/__simulator/panel/actions/release-held' }),
      {
        order: 'reverse',
      },
    );
    expect(armedSection(released)).not.toContain('held back:');
    expect(forThisPayment()).toEqual([
      'checkout.session.completed',
      'payment_intent.succeeded',
      'charge.succeeded',
    ]);
    await submit('stripe', formFor(released, { action: '/__simulator/panel/clear' }));
  });
});
