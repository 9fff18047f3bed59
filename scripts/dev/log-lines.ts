/**
 * The development stack's terminal: the services write JSON log lines (pino), as they do in
 * production, and the launcher turns each into one short line a person reads. Request lines are
 * most of what the API writes, so by default only the app API's requests and failed ones show:
 * the pages' and probes' requests would bury the lines the quick start points at.
 */

/** `pretty`: short lines, the default; `json`: every line as the service wrote it. */
export type DevLogStyle = 'pretty' | 'json';
/** `api`: the app API's requests and any request answered 4xx or 5xx; `all`: every request. */
export type DevLogRequests = 'api' | 'all';

export interface DevLogOptions {
  style: DevLogStyle;
  requests: DevLogRequests;
}

const LEVELS: Record<number, string> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO',
  40: 'WARN',
  50: 'ERROR',
  60: 'FATAL',
};

/** pino's own fields, shown in the line's shape rather than as key=value. */
const PINO_FIELDS = new Set(['level', 'time', 'pid', 'hostname', 'service', 'msg', 'err']);

interface PinoRecord {
  level: number;
  msg: string;
  [field: string]: unknown;
}

function asPinoRecord(line: string): PinoRecord | null {
  if (!line.startsWith('{')) return null;
  try {
    const parsed = JSON.parse(line) as Record<string, unknown>;
    return typeof parsed.level === 'number' && typeof parsed.msg === 'string' ? (parsed as PinoRecord) : null;
  } catch {
    return null;
  }
}

function value(field: unknown): string {
  if (typeof field === 'string') return /\s/.test(field) || field === '' ? JSON.stringify(field) : field;
  return JSON.stringify(field);
}

/** An error as its message, then its stack indented below (the stack's first line repeats it). */
function errorLines(err: unknown): string {
  if (!err || typeof err !== 'object') return '';
  const { message, stack } = err as { message?: unknown; stack?: unknown };
  const head = typeof message === 'string' ? ` error=${JSON.stringify(message)}` : '';
  const trace =
    typeof stack === 'string'
      ? stack
          .split('\n')
          .slice(1)
          .map((frame) => `\n    ${frame.trim()}`)
          .join('')
      : '';
  return head + trace;
}

function isRequest(
  record: PinoRecord,
): record is PinoRecord & { method: string; route: string; status: number } {
  return (
    record.msg === 'request' &&
    typeof record.method === 'string' &&
    typeof record.route === 'string' &&
    typeof record.status === 'number'
  );
}

/** One request as `POST /api/v1/payments 201 34ms`; null for one the options leave out. */
function requestLine(
  record: PinoRecord & { method: string; route: string; status: number },
  requests: DevLogRequests,
): string | null {
  const shown = requests === 'all' || record.status >= 400 || record.route.startsWith('/api/v1/');
  if (!shown) return null;
  const ms = typeof record.ms === 'number' ? ` ${record.ms}ms` : '';
  const level = record.status >= 500 ? 'ERROR ' : record.status >= 400 ? 'WARN  ' : '';
  return `${level}${record.method} ${record.route} ${record.status}${ms}`;
}

/**
 * The line the terminal shows for one line a service printed, or null to leave it out. Lines that
 * are not pino's JSON (the Temporal server's, a crash's stack) pass through as they are.
 */
export function devLogLine(line: string, options: DevLogOptions): string | null {
  if (options.style === 'json') return line;
  const record = asPinoRecord(line);
  if (!record) return line;
  if (isRequest(record)) return requestLine(record, options.requests);
  const level = (LEVELS[record.level] ?? String(record.level)).padEnd(5);
  const fields = Object.entries(record)
    .filter(([name]) => !PINO_FIELDS.has(name))
    .map(([name, field]) => ` ${name}=${value(field)}`)
    .join('');
  return `${level} ${record.msg}${fields}${errorLines(record.err)}`;
}
