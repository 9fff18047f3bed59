import { quotaMicros } from '../../../scripts/bench/cpu-quota.js';
import { processCounts } from '../../../scripts/bench/options.js';
import { scaleOutSteps, scaleOutTarget } from '../../../scripts/bench/scale-out.js';

describe('the bench’s scale-out layout', () => {
  it('reads process counts and CPU shares from the command line', () => {
    expect(processCounts(['--workers', '4', '--cpu-per-worker=0.25', '--api-processes=2'])).toEqual({
      apiProcesses: 2,
      workers: 4,
      cpuPerWorker: 0.25,
      cpuPerApi: null,
    });
    expect(processCounts([])).toEqual({ apiProcesses: 1, workers: 1, cpuPerWorker: null, cpuPerApi: null });
  });

  it('refuses a share that is not a number, and unknown flags', () => {
    expect(() => processCounts(['--cpu-per-api', 'half'])).toThrow(/--cpu-per-api must be a share/);
    expect(() => processCounts(['--cpu-per-worker', '0'])).toThrow(/from 0.01/);
    expect(() => processCounts(['--workers', '9'])).toThrow(/from 1 to 8/);
    expect(() => processCounts(['--threads', '2'])).toThrow(/unknown option '--threads'/);
  });

  it('turns a share of a core into the kernel’s quota per 100 ms period', () => {
    expect(quotaMicros(0.25)).toBe(25_000);
    expect(quotaMicros(1.5)).toBe(150_000);
    expect(() => quotaMicros(0.005)).toThrow(/under the kernel's 1 ms quota/);
    expect(() => quotaMicros(Number.NaN)).toThrow(/positive number/);
  });

  it('measures 1, 2, 4 … processes and wants 90 % of linear for 2, 80 % beyond', () => {
    expect(scaleOutSteps(4)).toEqual([1, 2, 4]);
    expect(scaleOutSteps(6)).toEqual([1, 2, 4, 6]);
    expect(scaleOutSteps(2)).toEqual([1, 2]);
    expect(scaleOutTarget(2)).toBe(1.8);
    expect(scaleOutTarget(4)).toBe(3.2);
    expect(scaleOutTarget(1)).toBe(1);
  });
});
