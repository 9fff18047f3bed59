import fc from 'fast-check';
import { HEALTHY_RUN_MS, crashesInARow, restartDelayMs } from '../../../scripts/dev/restart-policy.js';

describe("npm start's restart of a crashed process", () => {
  it('waits 1 s, then doubles, never more than 30 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map(restartDelayMs)).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000,
    ]);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), (crashes) => {
        const delay = restartDelayMs(crashes);
        expect(delay).toBeGreaterThanOrEqual(1_000);
        expect(delay).toBeLessThanOrEqual(30_000);
        expect(restartDelayMs(crashes + 1)).toBeGreaterThanOrEqual(delay);
      }),
    );
  });

  it('starts the back-off over after a healthy run', () => {
    expect(crashesInARow(4, 500)).toBe(5);
    expect(crashesInARow(4, HEALTHY_RUN_MS)).toBe(1);
    expect(crashesInARow(0, 10)).toBe(1);
  });
});
