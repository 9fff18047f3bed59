import { parse } from 'csv-parse/sync';
import { zoneOnAnotherDateThanDhaka } from '../../helpers/company-zones.js';
import { startStack, type Stack } from '../../helpers/stack.js';

/**
 * The journal export's days are the company's (COMPANY_TIME_ZONE), as the books close them: on a
 * stack whose zone is on another date than Dhaka right now, a payment posted now is in the export
 * of the company's today, dated so, and in none of Dhaka's today.
 */
describe("the journal export by the company's days", () => {
  const { zone, date, dhakaDate } = zoneOnAnotherDateThanDhaka(new Date());
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ configOverrides: { COMPANY_TIME_ZONE: zone } });
  });
  afterAll(() => stack?.close());

  it("exports an entry posted now under the company's date, not Dhaka's", async () => {
    expect(date).not.toBe(dhakaDate);
    const app = await stack.registerApp();
    const paid = await stack.paidPayment(app.test, { amountMinor: 4321 });
    const finance = await stack.createOperator('FINANCE');
    const session = await stack.adminLogin(finance.email, finance.password);
    const journal = async (day: string) => {
      const response = await fetch(
        `${stack.apiUrl}/api/v1/admin/exports/journal.csv?mode=TEST&from=${day}&to=${day}`,
        { headers: { cookie: session.cookie }, redirect: 'manual' },
      );
      expect([day, response.status]).toEqual([day, 200]);
      const rows = parse(await response.text(), { bom: true, columns: true }) as Array<
        Record<string, string>
      >;
      return rows.filter((row) => row.source_id === paid.reference);
    };
    const todays = await journal(date);
    expect(todays.length).toBeGreaterThan(0);
    expect(new Set(todays.map((row) => row.posted_date))).toEqual(new Set([date]));
    expect(await journal(dhakaDate)).toEqual([]);
  });
});
