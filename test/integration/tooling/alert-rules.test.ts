import { execFile } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import yaml from 'js-yaml';
import { signInAs } from '../../helpers/apps-admin.js';
import { eventually, startStack, startWebhookReceiver, type Stack } from '../../helpers/stack.js';
import { startTcpProxy } from '../../helpers/tcp-proxy.js';
import { requireEnv, testEnv } from '../../helpers/test-env.js';
import { startWorkerWithProbes, stopWorkerProcess } from '../../helpers/worker-process.js';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..', '..', '..');
const RULES_DIR = path.join(ROOT, 'deploy/prometheus');
const RULE_TESTS_DIR = path.join(RULES_DIR, 'tests');
const RUNBOOKS_DIR = path.join(ROOT, 'docs/operations/runbooks');
const DASHBOARD = path.join(ROOT, 'deploy/grafana/oi-payments.json');

interface Rule {
  alert?: string;
  record?: string;
  expr: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
const ruleFiles = readdirSync(RULES_DIR)
  .filter((name) => name.endsWith('.yml'))
  .map((name) => path.join(RULES_DIR, name));
const rules: Rule[] = ruleFiles.flatMap((file) =>
  (yaml.load(readFileSync(file, 'utf8')) as { groups: Array<{ rules: Rule[] }> }).groups.flatMap(
    (g) => g.rules,
  ),
);
const alerts = rules.filter((rule) => rule.alert);
const recorded = new Set(rules.flatMap((rule) => (rule.record ? [rule.record] : [])));

/** Every PromQL expression of the dashboard's panels. */
function dashboardExpressions(): string[] {
  const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as {
    panels: Array<{ title: string; targets?: Array<{ expr: string }> }>;
  };
  return dashboard.panels.flatMap((panel) => (panel.targets ?? []).map((target) => target.expr));
}

/** PromQL's words that look like names: keywords, and label lists are cut out before. */
const PROMQL_WORDS = new Set([
  'and',
  'or',
  'unless',
  'bool',
  'offset',
  'group_left',
  'group_right',
  'inf',
  'nan',
]);

/**
 * The metric names a PromQL expression reads: strings, label matchers, ranges and label lists
 * removed, then every name not called as a function.
 */
function metricNamesIn(expression: string): string[] {
  const text = expression
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, '');
  const names = new Set<string>();
  for (const match of text.matchAll(/(?<![\w.$])[a-zA-Z_:][\w:]*/g)) {
    const rest = text.slice(match.index + match[0].length);
    if (/^\s*\(/.test(rest) || PROMQL_WORDS.has(match[0].toLowerCase())) continue;
    names.add(match[0]);
  }
  return [...names];
}

/** Every metric name a Prometheus exposition serves, a histogram's series included. */
function exposedNames(exposition: string): Set<string> {
  const names = new Set<string>();
  for (const line of exposition.split('\n')) {
    const family = /^# TYPE (\S+) (\w+)/.exec(line);
    if (family) {
      const [, name, type] = family as unknown as [string, string, string];
      names.add(name);
      const series = { histogram: ['_bucket', '_sum', '_count'], summary: ['_sum', '_count'] }[type] ?? [];
      for (const suffix of series) names.add(`${name}${suffix}`);
    } else if (line && !line.startsWith('#')) {
      names.add(/^[^{\s]+/.exec(line)![0]);
    }
  }
  return names;
}

async function promtool(...args: string[]) {
  try {
    const { stdout, stderr } = await run('promtool', args, { cwd: ROOT });
    return { code: 0, output: `${stdout}${stderr}` };
  } catch (error) {
    const failed = error as { code?: number | string; stdout?: string; stderr?: string };
    if (failed.code === 'ENOENT')
      throw new Error('promtool is missing: apt-get install prometheus (.ci/run does)');
    return { code: Number(failed.code), output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

describe('the Prometheus rules, their runbooks and the Grafana dashboard', () => {
  it('pass promtool’s checks and its unit tests', async () => {
    const checked = await promtool('check', 'rules', ...ruleFiles);
    expect(checked).toMatchObject({ code: 0 });
    const tests = readdirSync(RULE_TESTS_DIR).map((name) => path.join(RULE_TESTS_DIR, name));
    expect(tests.length).toBeGreaterThan(0);
    const tested = await promtool('test', 'rules', ...tests);
    expect(tested.output).toContain('SUCCESS');
    expect(tested).toMatchObject({ code: 0 });
  });

  it('has a dashboard whose every panel query is PromQL promtool accepts', async () => {
    const expressions = dashboardExpressions();
    expect(expressions.length).toBeGreaterThanOrEqual(20);
    // Each query as a recording rule, Grafana's interval variable as a fixed range.
    const asRules = {
      groups: [
        {
          name: 'dashboard',
          rules: expressions.map((expr, i) => ({
            record: `dashboard:panel_${i}`,
            expr: expr.replaceAll('$__rate_interval', '5m'),
          })),
        },
      ],
    };
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'oi-dashboard-')), 'dashboard-rules.yml');
    writeFileSync(file, yaml.dump(asRules));
    expect(await promtool('check', 'rules', file)).toMatchObject({ code: 0 });
  });

  it('unit tests every alert', () => {
    const tested = new Set(
      readdirSync(RULE_TESTS_DIR).flatMap((name) =>
        (
          yaml.load(readFileSync(path.join(RULE_TESTS_DIR, name), 'utf8')) as {
            tests: Array<{ alert_rule_test?: Array<{ alertname: string; exp_alerts: unknown[] }> }>;
          }
        ).tests.flatMap((test) =>
          (test.alert_rule_test ?? []).filter((t) => t.exp_alerts.length > 0).map((t) => t.alertname),
        ),
      ),
    );
    expect(alerts.map((rule) => rule.alert).filter((name) => !tested.has(name!))).toEqual([]);
  });

  it('gives every alert a severity, a summary, a description and a runbook that exists; every runbook has its alert', () => {
    expect(alerts.length).toBeGreaterThanOrEqual(8);
    const linked = new Set<string>();
    for (const rule of alerts) {
      expect({ alert: rule.alert, severity: rule.labels?.severity }).toEqual({
        alert: rule.alert,
        severity: expect.stringMatching(/^(critical|warning)$/),
      });
      expect(rule.annotations).toEqual(
        expect.objectContaining({ summary: expect.any(String), description: expect.any(String) }),
      );
      const runbook = rule.annotations?.runbook_url ?? '';
      expect({ alert: rule.alert, runbook }).toEqual({
        alert: rule.alert,
        runbook: expect.stringMatching(/^docs\/operations\/runbooks\/[a-z0-9-]+\.md$/),
      });
      expect({ runbook, exists: existsSync(path.join(ROOT, runbook)) }).toEqual({ runbook, exists: true });
      linked.add(path.basename(runbook));
    }
    const runbooks = readdirSync(RUNBOOKS_DIR).filter((name) => name.endsWith('.md') && name !== 'README.md');
    expect(runbooks.filter((name) => !linked.has(name))).toEqual([]);
  });

  it('reads metric names out of PromQL', () => {
    expect(
      metricNamesIn(
        'histogram_quantile(0.95, sum by (le, route) (rate(http_request_duration_seconds_bucket{status=~"5.."}[$__rate_interval])))',
      ),
    ).toEqual(['http_request_duration_seconds_bucket']);
    expect(
      metricNamesIn('max by (mode) (attention_open offset 1d) > 0 and on (mode) group_left a:b:c * 1e3'),
    ).toEqual(['attention_open', 'a:b:c']);
  });

  describe('against what a running API and worker serve', () => {
    let stack: Stack;
    let worker: ChildProcess;
    let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
    let temporal: Awaited<ReturnType<typeof startTcpProxy>>;
    let workerUrl: string;

    beforeAll(async () => {
      stack = await startStack({ worker: false });
      receiver = await startWebhookReceiver();
      // The worker reaches Temporal through a relay the test cuts, as a network partition would.
      const [host, port] = requireEnv(testEnv.temporalAddress).split(':') as [string, string];
      temporal = await startTcpProxy({ host, port: Number(port) });
      const started = await startWorkerWithProbes(stack, { TEMPORAL_ADDRESS: `127.0.0.1:${temporal.port}` });
      worker = started.child;
      workerUrl = `${started.base}/metrics`;
    }, 60_000);
    afterAll(async () => {
      if (worker) await stopWorkerProcess(worker);
      await temporal?.close();
      await receiver?.close();
      await stack?.close();
    });

    const scrape = (url: string) => fetch(url).then((response) => response.text());

    it('serves every metric the rules and the dashboard read', async () => {
      const app = await stack.registerApp();
      const { secret } = await stack.setWebhook(app.app.id, receiver.url);
      const payment = await stack.paidPayment(app.test);
      await receiver.verified(secret, 'payment.succeeded', payment.reference);
      // A wrong secret with the app's key, then the right one of a revoked credential.
      const wrong = await stack.api('GET', '/api/v1/payments', { creds: { ...app.test, secret: 'not-it' } });
      expect(wrong.status).toBe(401);
      const developer = await signInAs(stack, 'DEVELOPER');
      const detail = await developer.call('GET', `/api/v1/admin/apps/${app.app.id}`);
      const credential = detail.body.data.credentials.find((c: { mode: string }) => c.mode === 'TEST');
      expect((await developer.call('POST', `/api/v1/admin/credentials/${credential.id}/revoke`)).status).toBe(
        200,
      );
      expect((await stack.api('GET', '/api/v1/payments', { creds: app.test })).status).toBe(401);

      const api = await scrape(`${stack.apiUrl}/metrics`);
      expect(api).toContain(
        `api_authentication_refused_total{code="INVALID_CREDENTIALS",app_id="${app.app.id}"} 1`,
      );
      expect(api).toContain(
        `api_authentication_refused_total{code="CREDENTIAL_REVOKED",app_id="${app.app.id}"} 1`,
      );
      // The worker ran the ledger's checks when it created their schedule; the API shows that run.
      const ledgerRun = await eventually(
        async () => {
          const text = await scrape(`${stack.apiUrl}/metrics`);
          return /ledger_verify_breaches\{check="balanced-entries"\} \d/.test(text) ? text : null;
        },
        40_000,
        'the scheduled ledger run shown',
      );
      expect(ledgerRun).toMatch(/^ledger_verify_last_run_timestamp_seconds [1-9]/m);
      expect(api).toMatch(/db_pool_connections\{state="used"\} \d/);

      const working = await eventually(
        async () => {
          const text = await scrape(workerUrl);
          return /oi_webhook_attempts_total\{outcome="DELIVERED"\} [1-9]/.test(text) ? text : null;
        },
        30_000,
        'the delivered webhook counted',
      );
      expect(working).toMatch(
        /gateway_calls_total\{gateway="sslcommerz",operation="openSession",outcome="OK"\} 1/,
      );
      expect(working).toMatch(
        /gateway_calls_total\{gateway="sslcommerz",operation="confirm",outcome="OK"\} 1/,
      );

      // Temporal away: the worker's polls fail, and the SDK says so.
      temporal.cut();
      const partitioned = await eventually(
        async () => {
          const text = await scrape(workerUrl);
          return /temporal_long_request_failure\{[^}]*operation="PollWorkflowTaskQueue"/.test(text)
            ? text
            : null;
        },
        60_000,
        'failed polls counted',
      );
      temporal.restore();

      const served = new Set([...exposedNames(api), ...exposedNames(working), ...exposedNames(partitioned)]);
      const read = [...rules.map((rule) => rule.expr), ...dashboardExpressions()].flatMap(metricNamesIn);
      const unserved = [...new Set(read)].filter((name) => !served.has(name) && !recorded.has(name));
      expect(unserved).toEqual([]);
    }, 120_000);
  });
});
