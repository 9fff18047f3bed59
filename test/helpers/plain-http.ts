import { request } from 'node:http';

export interface PlainAnswer {
  status: number;
  body: any;
}

/**
 * One request on a connection of its own (no keep-alive pool), so a refused connection shows as
 * ECONNREFUSED: how a new client meets a server that stopped listening. `pauseMs` holds the
 * request open by sending the body's second half only then: a request in flight that long.
 */
export function plainRequest(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string; pauseMs?: number } = {},
): Promise<PlainAnswer> {
  return new Promise((resolve, reject) => {
    const body = init.body ?? '';
    const req = request(url, {
      method: init.method ?? 'GET',
      agent: false,
      headers: {
        ...init.headers,
        ...(init.body !== undefined && { 'content-length': String(Buffer.byteLength(body)) }),
      },
    });
    req.on('error', reject);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: unknown = text;
        try {
          parsed = JSON.parse(text);
        } catch {
          // not JSON
        }
        resolve({ status: res.statusCode ?? 0, body: parsed });
      });
    });
    if (!init.pauseMs) {
      req.end(body);
      return;
    }
    const half = Math.floor(body.length / 2);
    req.write(body.slice(0, half));
    setTimeout(() => req.end(body.slice(half)), init.pauseMs);
  });
}

/** The error code a refused or failed request ended with (ECONNREFUSED), or null when it was answered. */
export const refusal = (url: string): Promise<string | null> =>
  plainRequest(url).then(
    () => null,
    (error: NodeJS.ErrnoException) => error.code ?? String(error),
  );
