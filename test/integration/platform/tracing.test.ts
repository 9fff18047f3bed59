import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { eventually, startStack, startWebhookReceiver, type Stack } from '../../helpers/stack.js';

/**
 * With tracing on, a payment is one connected trace: the customer's click on the hosted checkout,
 * the workflow it starts, each activity and local activity, the gateway's calls and the webhook
 * delivery, each span's parent in the same trace.
 */
describe('tracing', () => {
  const exporter = new InMemorySpanExporter();
  let stack: Stack;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;

  beforeAll(async () => {
    stack = await startStack({ tracing: exporter });
    receiver = await startWebhookReceiver();
  }, 120_000);
  afterAll(async () => {
    await receiver?.close();
    await stack?.close();
  });

  const spans = () => exporter.getFinishedSpans();
  const traceOf = (span: ReadableSpan) => span.spanContext().traceId;

  it('follows a payment from the checkout click through its workflow, gateway calls and webhook', async () => {
    const app = await stack.registerApp();
    const { secret } = await stack.setWebhook(app.app.id, receiver.url);
    const payment = await stack.paidPayment(app.test);
    await receiver.verified(secret, 'payment.succeeded', payment.reference);

    const click = await eventually(async () =>
      spans().find(
        (span) =>
          span.name === 'POST /checkout/:reference/pay' &&
          span.attributes['http.route'] === '/checkout/:reference/pay',
      ),
    );
    const trace = traceOf(click);
    const inTrace = () => spans().filter((span) => traceOf(span) === trace);
    const names = () => inTrace().map((span) => span.name);
    await eventually(
      async () =>
        names().includes('webhook delivery') &&
        names().some((n) => n.startsWith('RunWorkflow:paymentWorkflow')),
      20_000,
      'the workflow and the webhook in the trace',
    );

    expect(names()).toEqual(
      expect.arrayContaining([
        'POST /checkout/:reference/pay',
        'UpdateWithStartWorkflow:openCheckout',
        'RunWorkflow:paymentWorkflow',
        // The gateway session opened for the click, as a local activity.
        'RunActivity:openGatewaySession',
        'sslcommerz POST /gwprocess/v4/api.php',
        // The gateway's notification, confirmed with the gateway and settled, then delivered.
        'RunActivity:settleCallback',
        'sslcommerz GET /validator/api/validationserverAPI.php',
        'webhook delivery',
      ]),
    );

    // Connected: every span but the click has its parent in the same trace.
    const ids = new Set(inTrace().map((span) => span.spanContext().spanId));
    const orphans = inTrace().filter((span) => span !== click && !ids.has(span.parentSpanId ?? ''));
    expect(orphans.map((span) => span.name)).toEqual([]);
  });

  it('records route templates, never the token, reference or bearer credential a request carried', async () => {
    const token = 'Tk' + 'q7'.repeat(15);
    const reference = `pay_${'r8'.repeat(10)}`;
    const bearer = 'bearer-secret-5f2c9a71e0';
    const before = new Set(spans());
    for (const path of [
      `/pay/${token}`,
      `/pay/${token}/pdf`,
      `/checkout/${reference}`,
      `/nowhere/${token}`,
    ]) {
      await stack.api('GET', path, { headers: { authorization: `Bearer ${bearer}` } });
    }
    const mine = () => spans().filter((span) => !before.has(span) && span.kind === SpanKind.SERVER);
    await eventually(async () => mine().length >= 4, 10_000, 'four server spans');

    expect(mine().map((span) => span.attributes['http.route'])).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\/pay\/:token\/?$/),
        '/pay/:token/pdf',
        '/checkout/:reference',
      ]),
    );
    // Names, attributes and events of every span: nothing the request carried in its path or headers.
    const recorded = JSON.stringify(
      mine().map((span) => ({ name: span.name, attributes: span.attributes, events: span.events })),
    );
    for (const secret of [token, reference, bearer]) expect(recorded).not.toContain(secret);
    expect(mine().map((span) => span.name)).toContain('GET');
  });
});
