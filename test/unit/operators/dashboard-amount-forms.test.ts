import { guardrailsFromForm } from '../../../api/admin/controls/guardrail-views.js';
import { guardrailsBody } from '../../../api/admin/controls/schemas.js';

/** The guardrails form's limits, typed in the currency's major unit, read into minor units exactly. */
describe("the guardrails form's limits", () => {
  const form = (rows: Array<[string, string, string, string]>, extra: Record<string, string> = {}) => ({
    limitRows: String(rows.length),
    ...Object.fromEntries(
      rows.flatMap(([kind, currency, each, day], i) => [
        [`limitKind_${i}`, kind],
        [`limitCurrency_${i}`, currency],
        [`perTransaction_${i}`, each],
        [`perDay_${i}`, day],
      ]),
    ),
    ...extra,
  });

  it('reads 250.50 BDT as 25050 minor units, thousands commas and all, with no floating point', () => {
    const read = guardrailsFromForm(
      form([
        ['PAYMENT', 'BDT', '250.50', '10,000.00'],
        ['REFUND', 'USD', '0.29', ''],
        ['PAYOUT', 'JPY', '', '1,500'],
        // A blank row is no limit, whatever its kind and currency say.
        ['PAYMENT', '', '', ''],
      ]),
    );
    expect(read.problems).toEqual([]);
    expect(read.body.limits).toEqual([
      { kind: 'PAYMENT', currency: 'BDT', perTransactionMinor: 25_050, perDayMinor: 1_000_000 },
      { kind: 'REFUND', currency: 'USD', perTransactionMinor: 29, perDayMinor: null },
      { kind: 'PAYOUT', currency: 'JPY', perTransactionMinor: null, perDayMinor: 1_500 },
    ]);
    expect(guardrailsBody.safeParse(read.body).success).toBe(true);
  });

  it.each([
    [['PAYMENT', 'BDT', '250.505', ''], 'Limit 1, PAYMENT BDT, each at most: BDT has 2 decimals at most'],
    [['PAYMENT', 'JPY', '', '100.5'], 'Limit 1, PAYMENT JPY, a day at most: JPY has no decimals'],
    [['REFUND', '', '10.00', ''], 'Limit 1, REFUND, each at most: choose a currency'],
    [['PAYMENT', 'BDT', '1e5', ''], 'Limit 1, PAYMENT BDT, each at most: not an amount'],
    [['PAYMENT', 'BDT', '-5', ''], 'Limit 1, PAYMENT BDT, each at most: not an amount'],
    [['PAYMENT', 'BDT', '10 USD', ''], 'Limit 1, PAYMENT BDT, each at most: the amount is in BDT, not USD'],
  ] as Array<[[string, string, string, string], string]>)('refuses %j, naming the row', (row, problem) => {
    const read = guardrailsFromForm(form([row]));
    expect(read.problems).toHaveLength(1);
    expect(read.problems[0]).toContain(problem);
  });

  it('reads the rest of the form as before, and no more rows than it drew', () => {
    const read = guardrailsFromForm({
      ...form([['PAYMENT', 'BDT', '1', '']]),
      limitRows: '1',
      limitKind_1: 'REFUND',
      limitCurrency_1: 'BDT',
      perTransaction_1: '5.00',
      moneyMovementStopped: 'on',
      stoppedGateways: 'bkash, nagad',
      velocityPerMinute: '30',
      refundRatioAlarmPercent: '',
    });
    expect(read.body).toEqual({
      moneyMovementStopped: true,
      stoppedGateways: ['bkash', 'nagad'],
      velocityPerMinute: 30,
      refundRatioAlarmPercent: null,
      limits: [{ kind: 'PAYMENT', currency: 'BDT', perTransactionMinor: 100, perDayMinor: null }],
    });
  });
});

describe('guardrails in words', () => {
  it('names limits in the currency, never in minor units', async () => {
    const { guardrailsText, NO_GUARDRAILS } = await import('../../../domain/apps/guardrails.js');
    const text = guardrailsText({
      ...NO_GUARDRAILS,
      limits: [{ kind: 'PAYMENT', currency: 'BDT', perTransactionMinor: 25_050, perDayMinor: 1_000_000 }],
    });
    expect(text).toContain('PAYMENT each ≤ 250.50 BDT day ≤ 10,000.00 BDT');
    expect(text).not.toMatch(/minor units|25050/);
  });
});

describe("the invoice form's unit prices", () => {
  it('reads them in the currency, commas and all, and names each line it cannot read', async () => {
    const { invoiceRequestFromForm, priceProblems } = await import('../../../api/admin/invoices/form.js');
    const fields = {
      currency: 'BDT',
      description_1: 'Subscription',
      unitPrice_1: '1,500.50',
      description_2: 'Setup',
      unitPrice_2: '500.005',
      description_3: 'Delivery',
      unitPrice_3: '',
    };
    expect(priceProblems(fields)).toEqual([
      'Line 2 unit price: BDT has 2 decimals at most',
      'Line 3 unit price: enter an amount',
    ]);
    const lines = invoiceRequestFromForm({ ...fields, unitPrice_2: '0.29', unitPrice_3: '10' })
      .lines as Array<{
      unitAmountMinor: number;
    }>;
    expect(lines.map((l) => l.unitAmountMinor)).toEqual([150_050, 29, 1_000]);
    expect(
      priceProblems({ ...fields, currency: 'JPY', unitPrice_1: '1,500', unitPrice_2: '5', unitPrice_3: '1' }),
    ).toEqual([]);
  });
});
