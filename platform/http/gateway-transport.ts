import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

/** A request to a gateway's API, as its client sends it. */
export interface GatewayHttpRequest {
  method: string;
  headers: Record<string, string>;
  body?: string;
  /** Aborts the request, the body's reading included. */
  signal: AbortSignal;
}

/** What the gateway clients read of an answer: `fetch`'s Response has this shape too. */
export interface GatewayHttpAnswer {
  status: number;
  text(): Promise<string>;
}

/** How a gateway client reaches its gateway; `fetch` is one (the tests pass recording ones). */
export type GatewayTransport = (url: URL | string, request: GatewayHttpRequest) => Promise<GatewayHttpAnswer>;

/**
 * Connections to a gateway are kept open between calls: a payment makes two or three calls to the
 * same host within seconds (open the session, confirm, perhaps query), and a TLS handshake per
 * call would cost more than the call.
 */
const agents = {
  // An idle connection is closed after 4 s, before a server that announces no keep-alive timeout
  // closes it on its side (node's own default is 5 s) and a call sent on it meets a reset.
  'http:': new HttpAgent({ keepAlive: true, timeout: 4_000 }),
  'https:': new HttpsAgent({ keepAlive: true, timeout: 4_000 }),
};

/**
 * The default transport: node's own HTTP client. Each call through `fetch` cost the worker several
 * times what the same request costs here (its WHATWG streams, headers and body objects), on every
 * session opened and every confirmation. A network failure is the socket's own error, its `code`
 * (ECONNREFUSED, ECONNRESET…) on it; an abort rejects with the signal's reason.
 */
export const nodeHttpTransport: GatewayTransport = (address, request) =>
  new Promise<GatewayHttpAnswer>((resolve, reject) => {
    const url = typeof address === 'string' ? new URL(address) : address;
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const agent = agents[url.protocol as keyof typeof agents];
    if (!agent) {
      reject(new Error(`unsupported protocol ${url.protocol}`));
      return;
    }
    const headers: Record<string, string | number> = { ...request.headers };
    if (request.body !== undefined) headers['content-length'] = Buffer.byteLength(request.body);
    const outgoing = send(url, { method: request.method, headers, agent, signal: request.signal }, (answer) =>
      resolve({ status: answer.statusCode ?? 0, text: () => readText(answer, request.signal) }),
    );
    outgoing.on('error', reject);
    outgoing.end(request.body);
  });

/** The answer's body as text; rejects when the signal aborts before it has all arrived. */
function readText(answer: IncomingMessage, signal: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      answer.destroy();
      reject(signal.reason);
      return;
    }
    const chunks: Buffer[] = [];
    const onAbort = () => {
      answer.destroy();
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    answer.on('data', (chunk: Buffer) => chunks.push(chunk));
    answer.on('end', () => {
      signal.removeEventListener('abort', onAbort);
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    answer.on('error', (error) => {
      signal.removeEventListener('abort', onAbort);
      reject(error);
    });
  });
}

/**
 * A network failure in words that name no address: the socket's code (ECONNREFUSED, ECONNRESET…)
 * when it has one; `fetch`'s failures carry it on their cause.
 */
export function networkCause(error: unknown): string {
  // Read by shape, not `instanceof`: socket errors may come from another realm.
  if (typeof error !== 'object' || error === null) return String(error);
  const { code, message, cause } = error as {
    code?: unknown;
    message?: unknown;
    cause?: { code?: unknown; message?: unknown };
  };
  if (typeof code === 'string') return code;
  const detail = cause?.code ?? cause?.message;
  const text = typeof message === 'string' ? message : String(error);
  return typeof detail === 'string' ? `${text} (${detail})` : text;
}
