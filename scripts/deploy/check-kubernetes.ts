import path from 'node:path';
import { checkChart, kindOf, KUBERNETES_VERSIONS } from './kubernetes-chart.js';

const ROOT = path.resolve(__dirname, '..', '..');

/**
 * `npm run deploy:check`: the Kubernetes chart (deploy/kubernetes/oi-payments) linted by Helm,
 * rendered with each values file under deploy/kubernetes/values/, and every object validated
 * strictly against the Kubernetes schemas of the oldest and newest versions it supports.
 */
function main(): void {
  const started = Date.now();
  let failed = 0;
  for (const check of checkChart(ROOT)) {
    const kinds = new Set(check.objects.map(kindOf));
    console.log(`${check.valuesFile}: ${check.objects.length} objects of ${kinds.size} kinds`);
    for (const validation of check.validations) {
      if (validation.problems.length === 0) {
        console.log(`  Kubernetes ${validation.version}: every object valid`);
        continue;
      }
      failed += validation.problems.length;
      console.log(`  Kubernetes ${validation.version}:`);
      for (const problem of validation.problems) console.log(`    ${problem}`);
    }
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (failed > 0) {
    console.error(`deploy:check: ${failed} problems (${seconds} s)`);
    process.exit(1);
  }
  console.log(
    `deploy:check: chart valid against Kubernetes ${KUBERNETES_VERSIONS.join(' and ')} (${seconds} s)`,
  );
}

try {
  main();
} catch (error: unknown) {
  // Helm's own message (a template error, a required value) is what the reader needs.
  const stderr = (error as { stderr?: Buffer | string }).stderr;
  console.error(stderr ? String(stderr) : error instanceof Error ? error.message : error);
  process.exit(1);
}
