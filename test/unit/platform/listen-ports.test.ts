import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { ConfigError, loadConfig } from '../../../platform/config/index.js';
import { reportListeningPort } from '../../../platform/http/listening-port.js';
import type { Readiness } from '../../../platform/health/readiness.js';
import { serveWorkerMetrics, workerMetricsListenPort } from '../../../worker/metrics.js';

const developmentStack = {
  OI_PAYMENTS_STACK: 'development',
  CREDENTIAL_PEPPER: randomBytes(32).toString('base64'),
};

/**
 * A process started on an ephemeral port names the port it got (its log, LISTEN_PORT_FILE), so
 * whoever started it never chooses a port for it; WORKER_METRICS_PORT keeps 0 as "not served".
 */
describe('ports the kernel picks', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'oi-listen-ports-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads WORKER_METRICS_PORT as before, with `ephemeral` for a port the kernel picks', () => {
    const metricsPort = (value: string | undefined) =>
      workerMetricsListenPort(
        loadConfig({ ...developmentStack, WORKER_METRICS_PORT: value }).WORKER_METRICS_PORT,
      );
    expect(metricsPort(undefined)).toBe(9464);
    expect(metricsPort('9100')).toBe(9100);
    expect(metricsPort('0')).toBeNull();
    expect(metricsPort('ephemeral')).toBe(0);
    for (const bad of ['any', 'EPHEMERAL', '-1', '65536', '9464.5']) {
      expect(() => loadConfig({ ...developmentStack, WORKER_METRICS_PORT: bad })).toThrow(ConfigError);
      expect(() => loadConfig({ ...developmentStack, WORKER_METRICS_PORT: bad })).toThrow(
        /WORKER_METRICS_PORT:/,
      );
    }
  });

  it('takes PORT=0 for the API and a LISTEN_PORT_FILE', () => {
    const config = loadConfig({ ...developmentStack, PORT: '0', LISTEN_PORT_FILE: path.join(dir, 'port') });
    expect(config).toMatchObject({ PORT: 0, LISTEN_PORT_FILE: path.join(dir, 'port') });
    expect(loadConfig({ ...developmentStack, LISTEN_PORT_FILE: '' }).LISTEN_PORT_FILE).toBeUndefined();
  });

  it('writes the port whole, and nothing when no file is named', () => {
    const file = path.join(dir, 'port');
    reportListeningPort(undefined, 1234);
    reportListeningPort(file, 41_234);
    expect(readFileSync(file, 'utf8')).toBe('41234\n');
    reportListeningPort(file, 41_235);
    expect(readFileSync(file, 'utf8')).toBe('41235\n');
    expect(existsSync(`${file}.${process.pid}.partial`)).toBe(false);
  });

  it("serves the worker's probes on a port the kernel picks, and names it in its log and the file", async () => {
    const file = path.join(dir, 'worker-port');
    const logged: Array<Record<string, unknown>> = [];
    const readiness = { report: async () => ({ status: 'ready', checks: {} }) } as unknown as Readiness;
    const server = await serveWorkerMetrics({
      port: 0,
      portFile: file,
      host: '127.0.0.1',
      metrics: null,
      readiness,
      logger: {
        info: (details: Record<string, unknown>) => logged.push(details),
        warn: () => undefined,
      } as never,
    });
    try {
      const port = Number(readFileSync(file, 'utf8'));
      expect(port).toBeGreaterThan(0);
      expect(logged).toEqual([{ port }]);
      expect((await fetch(`http://127.0.0.1:${port}/health/live`)).status).toBe(200);
    } finally {
      await new Promise((resolve) => server!.close(resolve));
    }
  });
});
