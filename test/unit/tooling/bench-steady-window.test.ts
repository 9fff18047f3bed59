import { steadyWindow } from '../../../scripts/bench/load.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("the bench's steady-state window", () => {
  it('keeps operations in flight across the warm-up, and counts only those finishing inside the window', async () => {
    const marks: Array<[string, number]> = [];
    const started = performance.now();
    const window = await steadyWindow(
      4,
      0.2,
      0.3,
      async () => {
        await sleep(20);
        return 'done';
      },
      new AbortController().signal,
      {
        before: () => marks.push(['before', performance.now()]),
        after: () => marks.push(['after', performance.now()]),
      },
    );
    const finishes = window.finished.map((operation) => operation.finishedAt);
    expect(window.windowStart - started).toBeGreaterThanOrEqual(195);
    expect(window.windowEnd - window.windowStart).toBeCloseTo(300, 0);
    expect(marks.map(([name]) => name)).toEqual(['before', 'after']);
    // Callers never paused at the warm-up's end: operations finished on both sides of it.
    const inWarmUp = finishes.filter((at) => at < window.windowStart).length;
    const inWindow = finishes.filter((at) => at >= window.windowStart && at <= window.windowEnd).length;
    expect(inWarmUp).toBeGreaterThan(4);
    expect(inWindow).toBeGreaterThan(4);
    // Nothing starts after the window: at most one operation per caller finishes past its end.
    expect(finishes.filter((at) => at > window.windowEnd).length).toBeLessThanOrEqual(4);
  });

  it('reports failures without spinning, and stops at an abort', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 150);
    const run = await steadyWindow(2, 0, 10, () => Promise.reject(new Error('refused')), controller.signal, {
      before: () => undefined,
      after: () => undefined,
    });
    const failures = run.failed;
    // 2 callers pausing 10 ms after each failure for 150 ms: about 30, never thousands.
    expect(failures).toBeGreaterThan(5);
    expect(failures).toBeLessThan(60);
  });
});
