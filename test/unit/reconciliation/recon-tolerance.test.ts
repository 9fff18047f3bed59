import { configSchema, reconciliationPolicyOf } from '../../../platform/config/index.js';
import {
  needsSecondOperator,
  parsePerCurrency,
  roundingToleranceFor,
} from '../../../domain/reconciliation/recon-tolerance.js';

/** The rounding tolerance under which one operator's adjustment posts, and who needs a second. */
describe('the rounding tolerance of reconciliation adjustments', () => {
  const base = { CREDENTIAL_PEPPER: 'x'.repeat(32) };
  const policyOf = (env: Record<string, string>) =>
    reconciliationPolicyOf(configSchema.parse({ ...base, ...env }));

  it('reads per currency, with a value for the currencies not named', () => {
    expect(parsePerCurrency('BDT:100,usd:1,5')).toEqual({
      ok: true,
      value: { other: 5, currencies: { BDT: 100, USD: 1 } },
    });
    const bad = parsePerCurrency('XYZ:1,BDT:-1,20000');
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.problems).toEqual([
      expect.stringContaining('XYZ is not one of'),
      expect.stringContaining('BDT: "-1" is not a whole number'),
      expect.stringContaining('20000 is more than 10000'),
    ]);
  });

  it('defaults to 1.00 BDT and one minor unit elsewhere, in both modes; only TEST may be turned off', () => {
    const policy = policyOf({});
    expect(roundingToleranceFor(policy.roundingTolerance, 'LIVE', 'BDT')).toBe(100);
    expect(roundingToleranceFor(policy.roundingTolerance, 'LIVE', 'USD')).toBe(1);
    expect(roundingToleranceFor(policy.roundingTolerance, 'TEST', 'BDT')).toBe(100);
    expect(roundingToleranceFor(undefined, 'LIVE', 'BDT')).toBe(100);
    const off = policyOf({ RECON_TEST_ROUNDING_TOLERANCE_MINOR: 'off' });
    expect(roundingToleranceFor(off.roundingTolerance, 'TEST', 'BDT')).toBeNull();
    expect(roundingToleranceFor(off.roundingTolerance, 'LIVE', 'BDT')).toBe(100);
    expect(() => configSchema.parse({ ...base, RECON_ROUNDING_TOLERANCE_MINOR: 'off' })).toThrow(
      /RECON_ROUNDING_TOLERANCE_MINOR/,
    );
    expect(() => configSchema.parse({ ...base, RECON_ROUNDING_TOLERANCE_MINOR: '100000' })).toThrow(
      /RECON_ROUNDING_TOLERANCE_MINOR/,
    );
  });

  it('asks for a second operator beyond the tolerance either way, and always for the uploader', () => {
    const judge = (postingMinor: number, deciderId = 1, uploaderId: number | null = 2) =>
      needsSecondOperator({ postingMinor, toleranceMinor: 100, deciderId, uploaderId });
    expect(judge(100)).toBe(false);
    expect(judge(-100)).toBe(false);
    expect(judge(101)).toBe(true);
    expect(judge(-101)).toBe(true);
    expect(judge(1, 2, 2)).toBe(true);
    expect(judge(0, 1, null)).toBe(false);
    expect(
      needsSecondOperator({ postingMinor: 1e9, toleranceMinor: null, deciderId: 1, uploaderId: 1 }),
    ).toBe(false);
  });
});
