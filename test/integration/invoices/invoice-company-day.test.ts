import { zoneOnAnotherDateThanDhaka } from '../../helpers/company-zones.js';
import { startStack, type Credentials, type Stack } from '../../helpers/stack.js';

/**
 * An installment's due date is a day in the company's time zone (COMPANY_TIME_ZONE): it is overdue
 * once that day has ended there, not in Dhaka. On a stack whose zone is on another date than
 * Dhaka right now, an installment due on the earlier of the two dates is overdue by one clock and
 * not by the other; the app's list filter, the invoice's `overdue` and the installment's state all
 * follow the company's.
 */
describe("invoices overdue by the company's day", () => {
  const { zone, date, dhakaDate } = zoneOnAnotherDateThanDhaka(new Date());
  // The zone is ahead of Dhaka: an installment due on Dhaka's today is overdue in the company's
  // zone. Behind: one due on the company's today is not overdue yet, though Dhaka's day is over.
  const ahead = date > dhakaDate;
  const dueDate = ahead ? dhakaDate : date;
  let stack: Stack;
  let creds: Credentials;

  beforeAll(async () => {
    stack = await startStack({ configOverrides: { COMPANY_TIME_ZONE: zone } });
    creds = (await stack.registerApp()).test;
  });
  afterAll(() => stack?.close());

  const call = (method: string, path: string, body?: unknown) =>
    stack.api(method, `/api/v1${path}`, { creds, ...(body !== undefined && { body }) });

  it(`judges an installment due on the earlier date overdue only once the company's day is over`, async () => {
    expect({ zone, dueDate }).toEqual({ zone: expect.stringMatching(/^Etc\//), dueDate: expect.any(String) });
    const created = await call('POST', '/invoices', {
      customer: { customerReference: 'cust-zone', name: 'রহিম উদ্দিন' },
      lines: [{ description: 'Course fee', quantity: 1, unitAmountMinor: 50000 }],
      dueDate: '2030-01-31',
    });
    expect(created.status).toBe(201);
    const reference = created.body.data.reference as string;
    expect((await call('POST', `/invoices/${reference}/issue`)).status).toBe(200);
    // Due on a date already here: the API takes no due date in the past, so the row is moved.
    await stack
      .em()
      .execute(
        'update invoice_installments set due_date = ?::date where invoice_id = (select id from invoices where reference = ?)',
        [dueDate, reference],
      );

    const read = (await call('GET', `/invoices/${reference}`)).body.data;
    expect(read.installments).toMatchObject([{ dueDate, state: ahead ? 'OVERDUE' : 'DUE' }]);
    expect(read.overdue).toEqual(ahead ? { since: dueDate } : null);
    const listed = async (overdue: 'true' | 'false') =>
      (
        (await call('GET', `/invoices?overdue=${overdue}`)).body.data.items as Array<{ reference: string }>
      ).map((invoice) => invoice.reference);
    expect(await listed('true')).toEqual(ahead ? [reference] : []);
    expect(await listed('false')).toEqual(ahead ? [] : [reference]);
  });
});
