import { Writable } from 'node:stream';
import pino from 'pino';
import { devLogLine, type DevLogOptions } from '../../../scripts/dev/log-lines.js';

/** The lines a real pino logger (as the services configure it) writes for `log`. */
function pinoLines(log: (logger: pino.Logger) => void): string[] {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  log(pino({ level: 'info', base: { service: 'api' } }, sink));
  return lines;
}

const pretty: DevLogOptions = { style: 'pretty', requests: 'api' };
const request = (route: string, status: number, method = 'GET') =>
  pinoLines((logger) => logger.info({ requestId: 'req_1', method, route, status, ms: 34 }, 'request'))[0]!;

describe("npm start's terminal lines", () => {
  it('shows a service’s JSON log line as one short line', () => {
    const [line] = pinoLines((logger) =>
      logger.info({ port: 8080, host: 'every interface' }, 'api listening'),
    );
    expect(devLogLine(line!, pretty)).toBe('INFO  api listening port=8080 host="every interface"');
  });

  it('shows the app API’s requests and failed ones in a few words, and leaves out pages and probes', () => {
    expect(devLogLine(request('/api/v1/payments', 201, 'POST'), pretty)).toBe(
      'POST /api/v1/payments 201 34ms',
    );
    expect(devLogLine(request('/checkout/:reference', 200), pretty)).toBeNull();
    expect(devLogLine(request('/health', 200), pretty)).toBeNull();
    expect(devLogLine(request('unmatched', 404), pretty)).toBe('WARN  GET unmatched 404 34ms');
    expect(devLogLine(request('/admin/payments', 500), pretty)).toBe('ERROR GET /admin/payments 500 34ms');
    expect(devLogLine(request('/checkout/:reference', 200), { ...pretty, requests: 'all' })).toBe(
      'GET /checkout/:reference 200 34ms',
    );
  });

  it('shows an error’s message with its stack below', () => {
    const [line] = pinoLines((logger) => logger.error({ err: new Error('boom') }, 'gateway session failed'));
    const shown = devLogLine(line!, pretty)!.split('\n');
    expect(shown[0]).toBe('ERROR gateway session failed error="boom"');
    expect(shown[1]).toMatch(/^ {4}at /);
  });

  it('passes through what is not a pino line, and everything when asked for JSON', () => {
    expect(devLogLine('temporal dev server started', pretty)).toBe('temporal dev server started');
    expect(devLogLine('{"not":"pino"}', pretty)).toBe('{"not":"pino"}');
    const raw = request('/health', 200);
    expect(devLogLine(raw, { style: 'json', requests: 'api' })).toBe(raw);
  });
});
