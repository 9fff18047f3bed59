import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../../platform/config/index.js';
import { newSealingKeyEntry } from '../../../platform/sealing/secret-box.js';
import { SEARCH_ATTRIBUTES } from '../../../platform/temporal/search-attributes.js';
import {
  checkChart,
  findTools,
  kindOf,
  objectsOf,
  renderChart,
  type KubernetesObject,
  type Tools,
  type ValuesCheck,
  validateObjects,
  valuesFiles,
} from '../../../scripts/deploy/kubernetes-chart.js';

/**
 * The Kubernetes chart (deploy/kubernetes/oi-payments) as `npm run deploy:check` checks it: Helm
 * renders it with each values file under deploy/kubernetes/values/, kubernetes-validate checks every
 * object strictly against the Kubernetes schemas; then what a deployment relies on, object by object.
 */

const ROOT = path.resolve(__dirname, '..', '..', '..');

// js-yaml ships without types; only `load` is used.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { load } = require('js-yaml') as { load: (text: string) => unknown };

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string; optional?: boolean } };
}
interface Probe {
  httpGet?: { path: string; port: string | number };
}
interface Container {
  name: string;
  command?: string[];
  args?: string[];
  env?: EnvVar[];
  ports?: Array<{ name?: string; containerPort: number }>;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: Record<string, unknown>;
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  startupProbe?: Probe;
  lifecycle?: { preStop?: { exec?: { command: string[] } } };
}
interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  securityContext?: Record<string, unknown>;
  automountServiceAccountToken?: boolean;
  terminationGracePeriodSeconds?: number;
}
interface PodTemplate {
  metadata: { labels: Record<string, string> };
  spec: PodSpec;
}

const podTemplateOf = (object: KubernetesObject) => (object.spec as { template: PodTemplate }).template;
const named = (objects: KubernetesObject[], kind: string, suffix: string) => {
  const found = objects.find((o) => o.kind === kind && o.metadata.name.endsWith(suffix));
  if (!found) throw new Error(`no ${kind} named *${suffix}`);
  return found;
};
const workloads = (objects: KubernetesObject[]) =>
  objects.filter((o) => o.kind === 'Deployment' || o.kind === 'Job');
const selects = (selector: Record<string, string>, labels: Record<string, string>) =>
  Object.entries(selector).every(([key, value]) => labels[key] === value);

/** What a variable names: a secret (from a Secret) or a plain setting. */
const SECRET_NAME =
  /PASSWORD|SECRET|TOKEN|PEPPER|SEALING|API_KEY|PRIVATE_KEY|DATABASE_URL|SMTP_URL|APP_KEY|HEADERS/;

describe('the Kubernetes chart', () => {
  let tools: Tools;
  let checks: ValuesCheck[];

  beforeAll(() => {
    tools = findTools(ROOT);
    checks = checkChart(ROOT, tools);
  }, 120_000);

  // The table is known before the checks run: the values files; each test looks its check up.
  const each = () => valuesFiles(ROOT);
  const checkOf = (file: string) => checks.find((c) => c.valuesFile === file)!;

  it('renders with every values file, and every object is valid for the oldest and newest Kubernetes', () => {
    expect(checks.map((c) => path.basename(c.valuesFile))).toEqual([
      'temporal-cloud-api-key.yaml',
      'temporal-cloud-mtls.yaml',
      'temporal-in-cluster.yaml',
    ]);
    for (const check of checks) {
      for (const validation of check.validations) {
        expect({ file: check.valuesFile, ...validation }).toEqual({
          file: check.valuesFile,
          version: validation.version,
          problems: [],
        });
      }
    }
  });

  it('is strict: an unknown field fails validation', () => {
    const deployment = named(checks[0]!.objects, 'Deployment', '-api');
    const wrong = { ...deployment, spec: { ...deployment.spec, replica: 2 } };
    expect(validateObjects(tools, [wrong], '1.37').problems).toEqual([
      expect.stringMatching(/deployment\/oi-payments-api.*'replica' was unexpected/),
    ]);
  });

  it('refuses to render without the settings a deployment must make', () => {
    expect(() => renderChart(ROOT, tools, null)).toThrow(/publicUrl is required/);
    const file = checks[0]!.valuesFile;
    expect(() => renderChart(ROOT, tools, file, ['--set', 'publicUrl=http://pay.example.com'])).toThrow(
      /publicUrl must be https/,
    );
    expect(() => renderChart(ROOT, tools, file, ['--set', 'trustedProxy.addresses=null'])).toThrow(
      /trustedProxy.addresses is required/,
    );
  });

  it.each(each())('%s: API and worker Deployments with probes on their ports, and a drain', (file) => {
    const check = checkOf(file);
    const expected = { '-api': 'http', '-worker': 'metrics' };
    for (const [suffix, portName] of Object.entries(expected)) {
      const template = podTemplateOf(named(check.objects, 'Deployment', suffix));
      const [container] = template.spec.containers;
      const port = container!.ports!.find((p) => p.name === portName)!;
      const env = Object.fromEntries((container!.env ?? []).map((e) => [e.name, e.value]));
      // The port the process listens on: PORT for the API, WORKER_METRICS_PORT for the worker.
      expect(String(port.containerPort)).toBe(suffix === '-api' ? env.PORT : env.WORKER_METRICS_PORT);
      expect({
        live: container!.livenessProbe?.httpGet,
        ready: container!.readinessProbe?.httpGet,
        startup: container!.startupProbe?.httpGet,
      }).toEqual({
        live: { path: '/health/live', port: portName },
        ready: { path: '/health/ready', port: portName },
        startup: { path: '/health/live', port: portName },
      });
      expect(template.spec.terminationGracePeriodSeconds).toBe(30);
      expect(container!.lifecycle?.preStop?.exec?.command).toEqual(['sleep', expect.stringMatching(/^\d+$/)]);
      // preStop's sleep and the process's own drain both end before Kubernetes' SIGKILL, with 5 s
      // left for the worker's wait past its grace and for closing its connections.
      const sleep = Number(container!.lifecycle!.preStop!.exec!.command[1]);
      expect(sleep + Number(env.SHUTDOWN_GRACE_SECONDS) + 5).toBeLessThanOrEqual(
        template.spec.terminationGracePeriodSeconds!,
      );
      if (suffix === '-api') expect(env.SHUTDOWN_DRAIN_DELAY_SECONDS).toBe('0');
    }
    expect(
      podTemplateOf(named(check.objects, 'Deployment', '-worker')).spec.containers[0]!.env,
    ).toContainEqual({
      name: 'WORKER_METRICS_PORT',
      value: '9464',
    });
  });

  it.each(each())(
    '%s: every container has requests and limits and runs non-root on a read-only root',
    (file) => {
      const check = checkOf(file);
      for (const workload of workloads(check.objects)) {
        const spec = podTemplateOf(workload).spec;
        expect(spec.automountServiceAccountToken).toBe(false);
        expect(spec.securityContext).toMatchObject({
          runAsNonRoot: true,
          seccompProfile: { type: 'RuntimeDefault' },
        });
        for (const container of [...(spec.initContainers ?? []), ...spec.containers]) {
          const where = `${workload.kind} ${workload.metadata.name}/${container.name}`;
          expect({ where, resources: container.resources }).toEqual({
            where,
            resources: {
              requests: { cpu: expect.any(String), memory: expect.any(String) },
              limits: { cpu: expect.any(String), memory: expect.any(String) },
            },
          });
          expect({ where, securityContext: container.securityContext }).toEqual({
            where,
            securityContext: expect.objectContaining({
              runAsNonRoot: true,
              runAsUser: expect.any(Number),
              readOnlyRootFilesystem: true,
              allowPrivilegeEscalation: false,
              capabilities: { drop: ['ALL'] },
            }),
          });
          expect(container.securityContext!.runAsUser).not.toBe(0);
        }
      }
      const account = check.objects.find((o) => o.kind === 'ServiceAccount')!;
      expect(account.automountServiceAccountToken).toBe(false);
    },
  );

  it.each(each())(
    '%s: migrations run first, as the owner role, then the runtime role is made; the processes see the runtime role only',
    (file) => {
      const check = checkOf(file);
      const job = named(check.objects, 'Job', '-migrations');
      expect(job.metadata.annotations).toMatchObject({ 'helm.sh/hook': 'pre-install,pre-upgrade' });
      const spec = podTemplateOf(job).spec;
      // Init containers run one after another, before the Job's container: migrate, then roles.
      expect(spec.initContainers!.map((container) => container.command)).toEqual([
        ['node', 'scripts/start.cjs', 'platform/orm/migrate'],
      ]);
      expect(spec.containers.map((container) => container.command)).toEqual([
        ['node', 'scripts/start.cjs', 'platform/orm/roles-main'],
      ]);
      for (const step of [spec.initContainers![0]!, spec.containers[0]!]) {
        expect(step.env).toContainEqual({
          name: 'DATABASE_URL',
          valueFrom: { secretKeyRef: { name: 'oi-payments', key: 'MIGRATION_DATABASE_URL' } },
        });
      }
      expect(spec.containers[0]!.env).toContainEqual({ name: 'DATABASE_RUNTIME_ROLE', value: 'oi_app' });
      for (const suffix of ['-api', '-worker']) {
        const env = podTemplateOf(named(check.objects, 'Deployment', suffix)).spec.containers[0]!.env!;
        expect(env).toContainEqual({
          name: 'DATABASE_URL',
          valueFrom: { secretKeyRef: { name: 'oi-payments', key: 'DATABASE_URL' } },
        });
        expect(JSON.stringify(env)).not.toContain('MIGRATION_DATABASE_URL');
      }
    },
  );

  it.each(each())('%s: no secret value in the manifests: secrets come from a Secret by reference', (file) => {
    const check = checkOf(file);
    expect(check.objects.filter((o) => o.kind === 'Secret')).toEqual([]);
    for (const workload of workloads(check.objects)) {
      for (const container of podTemplateOf(workload).spec.containers) {
        for (const variable of container.env ?? []) {
          if (!SECRET_NAME.test(variable.name)) continue;
          expect({ name: variable.name, value: variable.value }).toEqual({
            name: variable.name,
            value: undefined,
          });
          expect(variable.valueFrom?.secretKeyRef).toBeDefined();
        }
      }
    }
    // Nothing that looks like a credential anywhere: no user:password@ URL, no PEM key.
    const text = JSON.stringify(check.objects);
    expect(text).not.toMatch(/:\/\/[^/\s"]+:[^/\s"]+@/);
    expect(text).not.toMatch(/BEGIN [A-Z ]*PRIVATE KEY/);
  });

  it.each(each())('%s: the settings are ones the processes start with', (file) => {
    const check = checkOf(file);
    // The API's environment with each Secret key filled as a deployment would fill it.
    const secrets: Record<string, string> = {
      DATABASE_URL: 'postgres://oi_app:secret@db.example.internal:5432/oi_payments?sslmode=verify-full',
      CREDENTIAL_PEPPER: randomBytes(32).toString('base64'),
      SEALING_KEYS: newSealingKeyEntry('k1'),
      METRICS_TOKEN: randomBytes(24).toString('hex'),
      TEMPORAL_API_KEY: 'an-api-key',
    };
    for (const suffix of ['-api', '-worker']) {
      const env = podTemplateOf(named(check.objects, 'Deployment', suffix)).spec.containers[0]!.env!;
      const given = Object.fromEntries(
        env.flatMap((variable): Array<[string, string]> => {
          if (variable.value !== undefined) return [[variable.name, variable.value]];
          const key = variable.valueFrom!.secretKeyRef!;
          return secrets[key.key] !== undefined ? [[variable.name, secrets[key.key]!]] : [];
        }),
      );
      const config = loadConfig(given);
      expect(config.TRUSTED_PROXY_HOPS).toBe(1);
      expect(config.TEMPORAL_TLS).toBe(true);
      expect(config.TEMPORAL_ALLOW_PLAINTEXT).toBe(false);
      expect(config.METRICS_TOKEN).toBe(secrets.METRICS_TOKEN);
    }
  });

  it.each(each())('%s: autoscaling and disruption budgets for the API and the workers', (file) => {
    const check = checkOf(file);
    for (const suffix of ['-api', '-worker']) {
      const deployment = named(check.objects, 'Deployment', suffix);
      const hpa = named(check.objects, 'HorizontalPodAutoscaler', suffix);
      const spec = hpa.spec as {
        scaleTargetRef: { kind: string; name: string };
        minReplicas: number;
        metrics: Array<{
          type: string;
          resource?: { name: string };
          external?: { metric: { name: string } };
        }>;
      };
      expect(spec.scaleTargetRef).toMatchObject({ kind: 'Deployment', name: deployment.metadata.name });
      expect(spec.minReplicas).toBeGreaterThanOrEqual(2);
      const types = spec.metrics.map((m) => m.external?.metric.name ?? `${m.type}:${m.resource?.name}`);
      if (suffix === '-api') expect(types).toEqual(['Resource:cpu']);
      else expect(types).toEqual(['oi_payments_workflow_task_schedule_to_start_p95_ms', 'Resource:cpu']);
      const pdb = named(check.objects, 'PodDisruptionBudget', suffix);
      const pdbSpec = pdb.spec as {
        selector: { matchLabels: Record<string, string> };
        maxUnavailable: number;
      };
      expect(selects(pdbSpec.selector.matchLabels, podTemplateOf(deployment).metadata.labels)).toBe(true);
      expect(pdbSpec.maxUnavailable).toBe(1);
      // The PDB selects this component's pods only.
      const other = named(check.objects, 'Deployment', suffix === '-api' ? '-worker' : '-api');
      expect(selects(pdbSpec.selector.matchLabels, podTemplateOf(other).metadata.labels)).toBe(false);
    }
  });

  it.each(each())(
    '%s: network policies: the API from the ingress controller, the worker from Prometheus only',
    (file) => {
      const check = checkOf(file);
      type Policy = {
        podSelector: { matchLabels: Record<string, string> };
        policyTypes: string[];
        ingress?: Array<{ from: unknown[]; ports: Array<{ port: string }> }>;
        egress: Array<{ ports?: Array<{ port: number }> }>;
      };
      const api = named(check.objects, 'NetworkPolicy', '-api').spec as Policy;
      const worker = named(check.objects, 'NetworkPolicy', '-worker').spec as Policy;
      expect(api.policyTypes).toEqual(['Ingress', 'Egress']);
      expect(worker.policyTypes).toEqual(['Ingress', 'Egress']);
      expect(api.ingress!.map((rule) => rule.ports.map((p) => p.port))).toEqual([['http']]);
      expect(api.ingress![0]!.from).toHaveLength(2);
      expect(worker.ingress!.map((rule) => rule.ports.map((p) => p.port))).toEqual([['metrics']]);
      expect(worker.ingress![0]!.from).toHaveLength(1);
      for (const policy of [api, worker]) {
        const ports = policy.egress.flatMap((rule) => (rule.ports ?? []).map((p) => p.port));
        // DNS, PostgreSQL, Temporal, HTTPS.
        expect(ports).toEqual(expect.arrayContaining([53, 5432, 7233, 443]));
      }
      const ingress = named(check.objects, 'Ingress', 'oi-payments');
      const backend = JSON.stringify(ingress.spec);
      expect(backend).toContain(named(check.objects, 'Service', '-api').metadata.name);
    },
  );

  it("scales the workers on the metric prometheus-adapter's rule makes from the worker's own", () => {
    const adapter = load(
      readFileSync(path.join(ROOT, 'deploy', 'kubernetes', 'prometheus-adapter-rules.yaml'), 'utf8'),
    ) as { rules: { external: Array<{ seriesQuery: string; name: { as: string } }> } };
    const [rule] = adapter.rules.external;
    const hpa = named(checks[0]!.objects, 'HorizontalPodAutoscaler', '-worker').spec as {
      metrics: Array<{
        external?: { metric: { name: string; selector: { matchLabels: Record<string, string> } } };
      }>;
    };
    const external = hpa.metrics.find((m) => m.external)!.external!;
    expect(external.metric.name).toBe(rule!.name.as);
    expect(external.metric.selector.matchLabels).toEqual({ task_queue: 'payments' });
    // The series is one the worker serves (docs/operations/metrics-and-alerts.md lists it).
    expect(rule!.seriesQuery).toMatch(/^temporal_workflow_task_schedule_to_start_latency_bucket\{/);
    expect(readFileSync(path.join(ROOT, 'docs', 'operations', 'metrics-and-alerts.md'), 'utf8')).toContain(
      'temporal_workflow_task_schedule_to_start_latency',
    );
  });

  it('registers the search attributes the workflows set on a self-hosted Temporal; Cloud registers its own', () => {
    const inCluster = checks.find((c) => c.valuesFile.endsWith('temporal-in-cluster.yaml'))!;
    const job = named(inCluster.objects, 'Job', '-search-attributes');
    expect(job.metadata.annotations).toMatchObject({ 'helm.sh/hook': 'pre-install,pre-upgrade' });
    const script = podTemplateOf(job).spec.containers[0]!.args!.join('\n');
    const names = /for name in ([A-Za-z ]+); do/.exec(script)![1]!.split(' ');
    expect(names).toEqual(SEARCH_ATTRIBUTES.map((a) => a.name));
    expect(SEARCH_ATTRIBUTES.every((a) => a.type === 'KEYWORD')).toBe(true);
    expect(script).toContain('--type Keyword');
    for (const check of checks.filter((c) => c.valuesFile.includes('temporal-cloud'))) {
      expect(check.objects.filter((o) => o.metadata.name.endsWith('-search-attributes'))).toEqual([]);
    }
  });

  it('keeps the Temporal Web UI read-only where the official Temporal chart runs it in the cluster', () => {
    // The chart here runs no UI; the official chart's, installed with this file, has no write actions.
    const values = load(
      readFileSync(path.join(ROOT, 'deploy/kubernetes/temporal-chart-values.yaml'), 'utf8'),
    ) as {
      web: { enabled: boolean; additionalEnv: EnvVar[] };
    };
    expect(values.web.additionalEnv).toContainEqual({
      name: 'TEMPORAL_DISABLE_WRITE_ACTIONS',
      value: 'true',
    });
    expect(readFileSync(path.join(ROOT, 'docs/operations/kubernetes.md'), 'utf8')).toContain(
      '-f deploy/kubernetes/temporal-chart-values.yaml',
    );
  });

  it("makes the Secret from the company's store when asked: an ExternalSecret before the migrations", () => {
    const check = checks.find((c) => c.valuesFile.endsWith('temporal-cloud-api-key.yaml'))!;
    const external = check.objects.filter((o) => kindOf(o) === 'external-secrets.io/v1/ExternalSecret');
    expect(external).toHaveLength(1);
    const [secret] = external;
    const spec = secret!.spec as {
      secretStoreRef: { name: string };
      target: { name: string };
      data: Array<{ secretKey: string; remoteRef: { key: string; property: string } }>;
    };
    expect(spec.target.name).toBe('oi-payments');
    expect(spec.secretStoreRef.name).toBe('company-vault');
    expect(spec.data.map((d) => d.secretKey)).toEqual(
      expect.arrayContaining([
        'DATABASE_URL',
        'MIGRATION_DATABASE_URL',
        'CREDENTIAL_PEPPER',
        'SEALING_KEYS',
        'METRICS_TOKEN',
        'TEMPORAL_API_KEY',
      ]),
    );
    const weight = (o: KubernetesObject) => Number(o.metadata.annotations?.['helm.sh/hook-weight']);
    expect(weight(secret!)).toBeLessThan(weight(named(check.objects, 'Job', '-migrations')));
    // The other deployments keep their own Secret: no ExternalSecret.
    const others = checks.filter((c) => c !== check).flatMap((c) => c.objects);
    expect(others.filter((o) => o.kind === 'ExternalSecret')).toEqual([]);
    // objectsOf reads every document the rendering holds.
    expect(objectsOf(renderChart(ROOT, tools, check.valuesFile))).toHaveLength(check.objects.length);
  });
});
