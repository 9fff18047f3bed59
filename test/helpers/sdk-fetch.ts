import { assertDocumentedAnswer } from './openapi-conformance.js';

export interface SentRequest {
  method: string;
  path: string;
  idempotencyKey: string | null;
  /** The answer's status, or null when the wire "failed" (by the test's design or for real). */
  status: number | null;
  headers: Headers | null;
  at: number;
}

/**
 * A fetch for the SDK under test: it records every attempt, holds every answer to the OpenAPI
 * document, and lets a test lose the answer to an attempt the server did receive and carry out
 * (a connection that dies on the way back), or swap it for a proxy's 502.
 */
export function recordingFetch() {
  const sent: SentRequest[] = [];
  const lost: Array<'network' | 502> = [];
  const fetchFn = async (request: Request): Promise<Response> => {
    const path = new URL(request.url).pathname + new URL(request.url).search;
    const entry: SentRequest = {
      method: request.method,
      path,
      idempotencyKey: request.headers.get('idempotency-key'),
      status: null,
      headers: null,
      at: Date.now(),
    };
    sent.push(entry);
    const response = await fetch(request);
    // The answer's bytes as they came: a file (a report's XLSX) is no text.
    const body = new Uint8Array(await response.arrayBuffer());
    const failure = lost.shift();
    if (failure === 'network') throw new TypeError('fetch failed: the connection closed before the answer');
    if (failure === 502) return new Response('<html>Bad Gateway</html>', { status: 502 });
    entry.status = response.status;
    entry.headers = response.headers;
    const type = response.headers.get('content-type');
    if (type?.includes('application/json')) {
      const parsed: unknown = JSON.parse(new TextDecoder().decode(body));
      assertDocumentedAnswer(request.method, path, response.status, type, parsed);
    }
    return new Response(body.length === 0 ? null : body, {
      status: response.status,
      headers: response.headers,
    });
  };
  return {
    fetch: fetchFn,
    sent,
    /** The next attempts reach the server, and their answers are lost on the way back. */
    loseNextAnswers(...how: Array<'network' | 502>) {
      lost.push(...how);
    },
  };
}
