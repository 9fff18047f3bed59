import { readFileSync } from 'node:fs';
import path from 'node:path';
import { load } from 'js-yaml';
import { chartResourcesFromResults, sizingBlockSource } from '../../../scripts/bench/sizing-results.js';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const read = (...parts: string[]) => readFileSync(path.join(ROOT, ...parts), 'utf8');

interface ProcessValues {
  resources: { requests: Record<string, string>; limits: Record<string, string> };
  autoscaling: { targetCPUUtilizationPercentage: number };
}

/** The sizing run docs/operations/sizing.md's table was made from, as the chart's figures. */
function sizingFigures() {
  const source = sizingBlockSource(read('docs', 'operations', 'sizing.md'));
  expect(source).toMatch(/^bench-results\/sizing-.+\.json$/);
  return chartResourcesFromResults(JSON.parse(read(source!)));
}

describe("the chart's default resources", () => {
  const values = load(read('deploy', 'kubernetes', 'oi-payments', 'values.yaml')) as {
    api: ProcessValues;
    worker: ProcessValues;
  };

  it("are the sizing table's per-process figures: one core, 1.5x the measured peak memory", () => {
    const figures = sizingFigures();
    expect({ api: values.api.resources, worker: values.worker.resources }).toEqual({
      api: figures.api,
      worker: figures.worker,
    });
    // The measured run of 2026-11-27: 181.8 and 224.3 MiB peak resident, times 1.5.
    expect(figures.api.requests).toEqual({ cpu: '1', memory: '273Mi' });
    expect(figures.worker.requests).toEqual({ cpu: '1', memory: '337Mi' });
  });

  it('scale out at the CPU the table plans processes at', () => {
    const { cpuTargetPercent } = sizingFigures();
    expect(values.api.autoscaling.targetCPUUtilizationPercentage).toBe(cpuTargetPercent);
    expect(values.worker.autoscaling.targetCPUUtilizationPercentage).toBe(cpuTargetPercent);
  });

  it("are what the operators' Kubernetes page says", () => {
    const { api, worker } = sizingFigures();
    const page = read('docs', 'operations', 'kubernetes.md');
    const cell = (r: { cpu: string; memory: string }) => `${r.cpu} CPU, ${r.memory.replace(/Mi$/, ' Mi')}`;
    expect(page).toContain(`| requests | ${cell(api.requests)} | ${cell(worker.requests)} |`);
    expect(page).toContain(`| limits | ${cell(api.limits)} | ${cell(worker.limits)} |`);
  });
});
