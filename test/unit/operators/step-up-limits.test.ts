import { stepUpAboveMinor } from '../../../api/operators/step-up-limits.js';
import { configSchema } from '../../../platform/config/index.js';

const setting = (name: keyof typeof configSchema.shape, value?: string) =>
  configSchema.shape[name].parse(value) as number;

describe('step-up limits by mode', () => {
  const defaults = {
    REFUND_APPROVAL_STEP_UP_ABOVE_MINOR: setting('REFUND_APPROVAL_STEP_UP_ABOVE_MINOR'),
    REFUND_APPROVAL_STEP_UP_ABOVE_MINOR_LIVE: setting('REFUND_APPROVAL_STEP_UP_ABOVE_MINOR_LIVE'),
    MANUAL_RECEIPT_STEP_UP_ABOVE_MINOR: setting('MANUAL_RECEIPT_STEP_UP_ABOVE_MINOR'),
    MANUAL_RECEIPT_STEP_UP_ABOVE_MINOR_LIVE: setting('MANUAL_RECEIPT_STEP_UP_ABOVE_MINOR_LIVE'),
  };

  it('asks for the password again above 10,000.00 BDT in LIVE and 100,000.00 BDT in TEST by default', () => {
    expect(stepUpAboveMinor(defaults, 'REFUND_APPROVAL', 'LIVE')).toBe(1_000_000);
    expect(stepUpAboveMinor(defaults, 'MANUAL_RECEIPT', 'LIVE')).toBe(1_000_000);
    expect(stepUpAboveMinor(defaults, 'REFUND_APPROVAL', 'TEST')).toBe(10_000_000);
    expect(stepUpAboveMinor(defaults, 'MANUAL_RECEIPT', 'TEST')).toBe(10_000_000);
  });

  it('takes each mode from its own setting', () => {
    const set = {
      ...defaults,
      REFUND_APPROVAL_STEP_UP_ABOVE_MINOR: setting('REFUND_APPROVAL_STEP_UP_ABOVE_MINOR', '5000'),
      MANUAL_RECEIPT_STEP_UP_ABOVE_MINOR_LIVE: setting('MANUAL_RECEIPT_STEP_UP_ABOVE_MINOR_LIVE', '250000'),
    };
    expect(stepUpAboveMinor(set, 'REFUND_APPROVAL', 'TEST')).toBe(5000);
    expect(stepUpAboveMinor(set, 'REFUND_APPROVAL', 'LIVE')).toBe(1_000_000);
    expect(stepUpAboveMinor(set, 'MANUAL_RECEIPT', 'LIVE')).toBe(250_000);
    expect(() => setting('REFUND_APPROVAL_STEP_UP_ABOVE_MINOR_LIVE', '-1')).toThrow();
  });
});
