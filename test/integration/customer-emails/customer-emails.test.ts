import { WorkflowNotFoundError } from '@temporalio/client';
import { createCustomerEmailActivities } from '../../../activities/customer-emails/customer-email-activities.js';
import { createSweeperActivities } from '../../../activities/payments/sweeper-activities.js';
import { queueCustomerEmail } from '../../../activities/customer-emails/customer-email-queueing.js';
import { recordEvent } from '../../../db/webhooks/events.js';
import { operatorResetEmail, sendOperatorResetEmail } from '../../../platform/email/operator-reset.js';
import { workflowIds } from '../../../domain/shared/workflow-ids.js';
import { searchAttributes } from '../../../platform/temporal/search-attributes.js';
import { startMailCatcher, type CaughtMessage, type MailCatcher } from '../../../scripts/dev/mail-catcher.js';
import { eventually, startStack, type Stack } from '../../helpers/stack.js';

const FROM = 'billing@oi-payments.test';

interface EmailRow {
  event_id: string;
  kind: string;
  recipient: string;
  subject: string;
  status: string;
  attempts: number;
  last_error: string | null;
  smtp_message_id: string | null;
  sent_at: Date | null;
}

/**
 * Customers' emails against a real SMTP server (the development mail catcher, in process), the
 * real worker, PostgreSQL and Temporal: receipts with their PDF, issued invoices with their
 * payable link, nothing for an app that does not send them, an SMTP outage outlasted, a permanent
 * refusal logged, and a message whose workflow never started sent by the sweeper, once.
 */
describe('customer emails', () => {
  let catcher: MailCatcher;
  let stack: Stack;
  let ports: { smtpPort: number; httpPort: number };

  beforeAll(async () => {
    catcher = await startMailCatcher({ smtpPort: 0, httpPort: 0 });
    ports = { smtpPort: catcher.smtpPort, httpPort: Number(new URL(catcher.httpUrl).port) };
    stack = await startStack({
      configOverrides: { SMTP_URL: catcher.smtpUrl, MAIL_CATCHER_URL: catcher.httpUrl, EMAIL_FROM: FROM },
    });
  });
  afterAll(async () => {
    await stack.close();
    await catcher.close();
  });

  /** The email row of the event `type` about `sourceId` (a payment or invoice reference). */
  const emailAbout = async (sourceId: string, type: string) => {
    const [row] = await stack.em().execute<EmailRow[]>(
      `select ce.* from customer_emails ce join events e on e.id = ce.event_id
        where e.source_id = ? and e.type = ?`,
      [sourceId, type],
    );
    return row ?? null;
  };
  const emailSettled = (sourceId: string, type: string, status = 'SENT') =>
    eventually(
      async () => {
        const row = await emailAbout(sourceId, type);
        return row?.status === status ? row : null;
      },
      30_000,
      `${type} email for ${sourceId} ${status}`,
    );
  const sweeper = () =>
    createSweeperActivities({
      orm: stack.orm,
      temporal: { client: stack.client, taskQueue: stack.config.TEMPORAL_TASK_QUEUE },
    });
  const caught = (eventId: string): CaughtMessage[] =>
    catcher.messages().filter((m) => m.messageId === `<${eventId}@oi-payments.test>`);
  const setSwitches = (appId: number, receipts: boolean, invoices: boolean) =>
    stack
      .em()
      .execute(
        'update apps set receipts_enabled = ?, invoice_emails_enabled = ?, brand_color = ? where id = ?',
        [receipts, invoices, '#7c3aed', appId],
      );

  it('emails the customer of a settled payment a receipt with its PDF, from its own workflow', async () => {
    const app = await stack.registerApp();
    await setSwitches(app.app.id, true, false);
    const payment = await stack.paidPayment(app.test, {
      amountMinor: 123456,
      customerEmail: 'buyer@example.com',
      customerName: 'Rahim Uddin',
      productName: 'Pro plan',
    });
    const row = await emailSettled(payment.reference, 'payment.succeeded');
    expect(row).toMatchObject({
      kind: 'payment_receipt',
      recipient: 'buyer@example.com',
      subject: `[TEST] Your receipt from ${app.app.displayName}: 1,234.56 BDT`,
      attempts: 1,
      last_error: null,
      smtp_message_id: `<${row.event_id}@oi-payments.test>`,
    });
    const [message] = caught(row.event_id);
    expect(message).toBeDefined();
    expect(message!.recipients).toEqual(['buyer@example.com']);
    expect(message!.from).toContain(app.app.displayName);
    expect(message!.from).toContain(FROM);
    expect(message!.subject).toBe(row.subject);
    expect(message!.text).toContain('Dear Rahim Uddin,');
    expect(message!.text).toContain(payment.reference);
    expect(message!.html).toContain('background:#7c3aed');
    expect(message!.attachments).toHaveLength(1);
    expect(message!.attachments[0]).toMatchObject({
      filename: `receipt-${payment.reference}.pdf`,
      contentType: 'application/pdf',
    });
    expect(message!.attachments[0]!.content.subarray(0, 4).toString('latin1')).toBe('%PDF');

    // Its own workflow, found in the Temporal UI by the app like every workflow of the payment.
    const workflow = await stack.client.workflow
      .getHandle(workflowIds.customerEmail(row.event_id))
      .describe();
    expect(workflow.typedSearchAttributes.get(searchAttributes.AppId)).toBe(String(app.app.id));
    expect(workflow.typedSearchAttributes.get(searchAttributes.Mode)).toBe('TEST');
  });

  it('sends nothing when the app has receipts off, or the customer gave no address', async () => {
    const quiet = await stack.registerApp();
    await setSwitches(quiet.app.id, false, true);
    const before = catcher.messages().length;
    const off = await stack.paidPayment(quiet.test, { customerEmail: 'quiet@example.com' });
    const loud = await stack.registerApp();
    const anonymous = await stack.paidPayment(loud.test);
    // The receipts' workflows would have started with the settlement: give them time to show.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await emailAbout(off.reference, 'payment.succeeded')).toBeNull();
    expect(await emailAbout(anonymous.reference, 'payment.succeeded')).toBeNull();
    expect(catcher.messages().slice(0, catcher.messages().length - before)).toEqual([]);
  });

  it('emails an issued invoice with its payable link and PDF when the app switched invoice emails on', async () => {
    const app = await stack.registerApp();
    const operator = await stack.createOperator('DEVELOPER');
    const session = await stack.adminLogin(operator.email, operator.password);
    const switched = await session.call('PATCH', `/api/v1/admin/apps/${app.app.id}`, {
      body: { invoiceEmailsEnabled: true },
    });
    expect(switched.status).toBe(200);
    expect(switched.body.data.invoiceEmailsEnabled).toBe(true);

    const invoice = await issueInvoice(app.test, 'ayesha@example.com');
    const row = await emailSettled(invoice.reference, 'invoice.issued');
    expect(row.kind).toBe('invoice_issued');
    expect(row.subject).toBe(`[TEST] Invoice ${invoice.number} from ${app.app.displayName}`);
    const [message] = caught(row.event_id);
    expect(message!.recipients).toEqual(['ayesha@example.com']);
    expect(message!.text).toContain(invoice.payableUrl);
    expect(message!.html).toContain(`href="${invoice.payableUrl}"`);
    expect(message!.attachments.map((a) => a.filename)).toEqual([`invoice-${invoice.number}.pdf`]);
    expect(message!.attachments[0]!.content.subarray(0, 4).toString('latin1')).toBe('%PDF');
  });

  it('outlasts an SMTP outage: retried until the server is back, sent once, every attempt logged', async () => {
    const app = await stack.registerApp();
    await catcher.close();
    const payment = await stack.paidPayment(app.test, { customerEmail: 'patient@example.com' });
    const waiting = await eventually(
      async () => {
        const row = await emailAbout(payment.reference, 'payment.succeeded');
        return row && row.attempts >= 1 ? row : null;
      },
      30_000,
      'a failed attempt',
    );
    expect(waiting.status).toBe('QUEUED');
    expect(waiting.last_error).toMatch(/ECONNREFUSED/);

    catcher = await startMailCatcher(ports);
    const sent = await emailSettled(payment.reference, 'payment.succeeded');
    expect(sent.attempts).toBeGreaterThan(1);
    expect(sent.last_error).toMatch(/ECONNREFUSED/);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(caught(sent.event_id)).toHaveLength(1);
  });

  it('logs a permanent refusal (550) as FAILED with the server’s words, and does not try again', async () => {
    const app = await stack.registerApp();
    const payment = await stack.paidPayment(app.test, { customerEmail: 'nobody@nowhere.invalid' });
    const failed = await emailSettled(payment.reference, 'payment.succeeded', 'FAILED');
    expect(failed.attempts).toBe(1);
    expect(failed.last_error).toMatch(/^550 .*does not exist/);
    expect(caught(failed.event_id)).toEqual([]);
    const workflow = stack.client.workflow.getHandle(workflowIds.customerEmail(failed.event_id));
    expect(await workflow.result()).toBe('FAILED');
  });

  it('a message whose workflow never started (the API stopped after the commit) is sent by the sweeper, once', async () => {
    const app = await stack.registerApp();
    await setSwitches(app.app.id, true, true);
    const { orchestrator } = stack.deps;
    const startInvoice = orchestrator.startInvoice;
    orchestrator.startInvoice = async () => {
      throw new Error('the API stopped right after the commit');
    };
    let invoice: Awaited<ReturnType<typeof issueInvoice>>;
    try {
      invoice = await issueInvoice(app.test, 'stranded@example.com');
    } finally {
      orchestrator.startInvoice = startInvoice;
    }
    const queued = (await emailAbout(invoice.reference, 'invoice.issued'))!;
    expect(queued).toMatchObject({ status: 'QUEUED', attempts: 0 });
    const workflow = stack.client.workflow.getHandle(workflowIds.customerEmail(queued.event_id));
    await expect(workflow.describe()).rejects.toThrow(WorkflowNotFoundError);

    // Younger than a minute, it may belong to a step still starting it: the sweep leaves it.
    await sweeper().sweepStranded();
    await expect(workflow.describe()).rejects.toThrow(WorkflowNotFoundError);
    await stack
      .em()
      .execute(`update customer_emails set created_at = now() - interval '2 minutes' where event_id = ?`, [
        queued.event_id,
      ]);
    await sweeper().sweepStranded();
    const sent = await emailSettled(invoice.reference, 'invoice.issued');
    expect(sent.attempts).toBe(1);
    await sweeper().sweepStranded();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(caught(sent.event_id)).toHaveLength(1);
  });

  it('a message whose workflow was stopped while retrying is taken over by the sweeper', async () => {
    const app = await stack.registerApp();
    await catcher.close();
    const payment = await stack.paidPayment(app.test, { customerEmail: 'taken-over@example.com' });
    const failing = await eventually(
      async () => {
        const row = await emailAbout(payment.reference, 'payment.succeeded');
        return row && row.attempts >= 1 ? row : null;
      },
      30_000,
      'a failed attempt',
    );
    await stack.client.workflow
      .getHandle(workflowIds.customerEmail(failing.event_id))
      .terminate('stopped by an operator');
    const stopped = (await emailAbout(payment.reference, 'payment.succeeded'))!;
    expect(stopped.status).toBe('QUEUED');

    catcher = await startMailCatcher(ports);
    // Silent far longer than any wait between two attempts: nobody is working on it.
    await stack
      .em()
      .execute(
        `update customer_emails set last_attempt_at = now() - interval '31 minutes' where event_id = ?`,
        [stopped.event_id],
      );
    await sweeper().sweepStranded();
    const sent = await emailSettled(payment.reference, 'payment.succeeded');
    // The new run numbers its attempts after the ones the stopped run logged.
    expect(sent.attempts).toBe(stopped.attempts + 1);
    expect(caught(sent.event_id)).toHaveLength(1);
  });

  it('without an SMTP server, a message is logged SKIPPED at once rather than retried', async () => {
    const app = await stack.registerApp();
    const eventId = await stack.em().transactional(async (tx) => {
      const event = await recordEvent(tx, {
        appId: app.app.id,
        mode: 'TEST',
        type: 'payment.succeeded',
        sourceType: 'payment',
        sourceId: `pay_skipped${Date.now()}`,
        data: { reference: 'pay_skipped' },
      });
      await queueCustomerEmail(
        tx,
        { ...event, type: 'payment.succeeded', appId: app.app.id, mode: 'TEST' },
        'someone@example.com',
      );
      return event.eventId;
    });
    const unconfigured = createCustomerEmailActivities({
      orm: stack.orm,
      mail: { smtpUrl: null, from: FROM },
    });
    const result = await unconfigured.attemptCustomerEmail({ eventId });
    expect(result).toEqual({ outcome: 'NO_TRANSPORT' });
    expect(await unconfigured.recordCustomerEmailAttempt({ eventId, attempt: 1, result })).toBe('SKIPPED');
    const [row] = await stack
      .em()
      .execute<EmailRow[]>('select * from customer_emails where event_id = ?', [eventId]);
    expect(row).toMatchObject({ status: 'SKIPPED', attempts: 0 });
    expect(row!.last_error).toMatch(/^NO_TRANSPORT/);
    // Settled: a later attempt finds nothing to send.
    expect(await unconfigured.attemptCustomerEmail({ eventId })).toEqual({ outcome: 'SETTLED' });
  });

  it('shows operators the log, filtered, and the catcher’s inbox with each message and its PDF', async () => {
    const viewer = await stack.createOperator('VIEWER');
    const session = await stack.adminLogin(viewer.email, viewer.password);
    const failed = await session.call('GET', '/api/v1/admin/emails?status=FAILED');
    expect(failed.status).toBe(200);
    expect(failed.body.data.items.length).toBeGreaterThan(0);
    for (const item of failed.body.data.items) expect(item.status).toBe('FAILED');
    expect(failed.body.data.items[0]).toMatchObject({ recipient: 'nobody@nowhere.invalid', attempts: 1 });
    const wrong = await session.call('GET', '/api/v1/admin/emails?status=LOST&kind=postcard');
    expect(wrong.status).toBe(400);
    expect(wrong.body.meta.errorCode).toBe('VALIDATION_ERROR');

    const page = (path: string) => stack.api('GET', path, { headers: { cookie: session.cookie } });
    const log = await page('/admin/emails?status=SENT');
    expect(log.status).toBe(200);
    expect(String(log.body)).toContain('data-testid="email-row"');
    expect((await page('/admin/emails?appId=x')).status).toBe(400);

    const [latest] = catcher.messages();
    const inbox = await page('/admin/emails/inbox');
    expect(String(inbox.body)).toContain(`href="/admin/emails/inbox/${latest!.id}"`);
    const shown = String((await page(`/admin/emails/inbox/${latest!.id}`)).body);
    expect(shown).toMatch(/<iframe\s+sandbox=""/);
    expect(shown).toContain('srcdoc="&lt;!doctype html&gt;');
    // The message's own markup reaches the page only as the frame's escaped srcdoc.
    expect(shown).not.toContain('<body style=');
    const pdf = await fetch(`${stack.apiUrl}/admin/emails/inbox/${latest!.id}/attachments/0`, {
      headers: { cookie: session.cookie },
    });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('content-disposition')).toMatch(/^attachment; filename="(receipt|invoice)-/);
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 4)
        .toString('latin1'),
    ).toBe('%PDF');
    expect((await page('/admin/emails/inbox/999999')).status).toBe(404);
    expect((await page('/admin/emails/inbox/nope')).status).toBe(404);
    expect((await page(`/admin/emails/inbox/${latest!.id}/attachments/7`)).status).toBe(404);
  });

  it("shows operators' own emails (password-reset links) nowhere in the inbox: only customers' emails", async () => {
    const reset = operatorResetEmail({
      to: 'operator.inbox@example.com',
      resetUrl: 'https://pay.example.com/admin/reset/secret-reset-token',
      expiresAt: new Date(Date.now() + 3_600_000),
      isNewAccount: false,
    });
    await sendOperatorResetEmail({ smtpUrl: catcher.smtpUrl, from: FROM }, reset);
    const [operatorMessage] = catcher.messages();
    expect(operatorMessage!.recipients).toEqual(['operator.inbox@example.com']);
    const customerMessage = catcher.messages().find((m) => m.attachments.length > 0);
    expect(customerMessage).toBeDefined();

    const viewer = await stack.createOperator('VIEWER');
    const session = await stack.adminLogin(viewer.email, viewer.password);
    const page = (path: string) => stack.api('GET', path, { headers: { cookie: session.cookie } });
    const inbox = String((await page('/admin/emails/inbox')).body);
    expect(inbox).toContain(`href="/admin/emails/inbox/${customerMessage!.id}"`);
    expect(inbox).not.toContain(`href="/admin/emails/inbox/${operatorMessage!.id}"`);
    expect(inbox).not.toContain('operator.inbox@example.com');
    expect(inbox).not.toContain('password reset');
    const opened = await page(`/admin/emails/inbox/${operatorMessage!.id}`);
    expect(opened.status).toBe(404);
    expect(String(opened.body)).not.toContain('secret-reset-token');
  });

  async function issueInvoice(creds: { key: string; secret: string }, email: string) {
    const created = await stack.api('POST', '/api/v1/invoices', {
      creds,
      body: {
        customer: { customerReference: 'cust-mail', name: 'Ayesha Siddiqua', email },
        lines: [{ description: 'Annual plan', quantity: 1, unitAmountMinor: 600000 }],
        dueDate: '2030-01-31',
        installmentPlan: { count: 3, interval: 'MONTH' },
      },
    });
    expect(created.status).toBe(201);
    const issued = await stack.api('POST', `/api/v1/invoices/${created.body.data.reference}/issue`, {
      creds,
    });
    expect(issued.status).toBe(200);
    return issued.body.data as { reference: string; number: string; payableUrl: string };
  }
});
