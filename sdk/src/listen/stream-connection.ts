import { SseParser, type SseMessage } from './sse-parser.js';

/** The service refused to open the stream: its status and the envelope's errorCode and message. */
export class StreamRefusedError extends Error {
  override readonly name = 'StreamRefusedError';
  constructor(
    readonly status: number,
    readonly errorCode: string | null,
    message: string,
  ) {
    super(message);
  }

  /** Worth trying again later: a limit, or the service (or a proxy) failing for now. */
  get passing(): boolean {
    return this.status === 408 || this.status === 429 || this.status >= 500;
  }
}

export interface StreamRequest {
  /** The service's address, with or without /api/v1. */
  baseUrl: string;
  apiKey: string;
  apiSecret: string;
  /** Go on after this event id (sent as Last-Event-ID). */
  after: string | null;
  /** Only these event types. */
  types?: string[];
  signal: AbortSignal;
  /**
   * A connection silent this long is taken for dead and dropped (the service sends a comment
   * after 15 s without an event; a cut network path may never say it closed).
   */
  idleTimeoutMs: number;
  fetch?: typeof fetch;
}

export function streamUrl(baseUrl: string, types?: string[]): string {
  const trimmed = baseUrl.replace(/\/+$/, '');
  const api = trimmed.endsWith('/api/v1') ? trimmed : `${trimmed}/api/v1`;
  const query = types?.length ? `?type=${encodeURIComponent(types.join(','))}` : '';
  return `${api}/events/stream${query}`;
}

async function refusal(response: Response): Promise<StreamRefusedError> {
  const text = await response.text().catch(() => '');
  try {
    const meta = (JSON.parse(text) as { meta?: { errorCode?: string; message?: string } }).meta;
    if (meta?.message) return new StreamRefusedError(response.status, meta.errorCode ?? null, meta.message);
  } catch {
    // Not the service's envelope: a proxy's page, say.
  }
  return new StreamRefusedError(
    response.status,
    null,
    `HTTP ${response.status} ${text.slice(0, 200)}`.trim(),
  );
}

/**
 * Opens the event stream and yields its messages until it ends, fails or goes silent. Throws
 * StreamRefusedError when the service answers with an error instead of a stream.
 */
export async function* openEventStream(request: StreamRequest): AsyncGenerator<SseMessage> {
  const connection = new AbortController();
  const stop = () => connection.abort();
  request.signal.addEventListener('abort', stop, { once: true });
  let idle: NodeJS.Timeout | undefined;
  const awake = () => {
    clearTimeout(idle);
    idle = setTimeout(() => connection.abort(new Error('the stream went silent')), request.idleTimeoutMs);
  };
  try {
    awake();
    const response = await (request.fetch ?? fetch)(streamUrl(request.baseUrl, request.types), {
      headers: {
        accept: 'text/event-stream',
        'x-api-key': request.apiKey,
        'x-api-secret': request.apiSecret,
        ...(request.after && { 'last-event-id': request.after }),
      },
      signal: connection.signal,
    });
    if (!response.ok || !response.body) throw await refusal(response);
    const parser = new SseParser();
    const decoder = new TextDecoder();
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      awake();
      for (const message of parser.push(decoder.decode(chunk, { stream: true }))) yield message;
    }
  } finally {
    clearTimeout(idle);
    request.signal.removeEventListener('abort', stop);
    connection.abort();
  }
}
