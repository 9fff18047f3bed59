import { randomUUID } from 'node:crypto';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { ERROR_CATALOGUE, type ErrorCode } from '../../domain/shared/errors.js';

export interface ServerLimits {
  /** Time a client has to send all its headers. */
  headersTimeoutMs: number;
  /** Time a client has to send its whole request. */
  requestTimeoutMs: number;
  maxHeaderBytes: number;
  /**
   * How long an idle keep-alive connection stays open. Longer than a load balancer's idle timeout
   * (60 s is common), so a proxy never sends a request down a socket we are closing; Node's 5 s
   * default also lets a stalled event loop close a socket whose next request is already waiting.
   */
  keepAliveTimeoutMs: number;
}

export const DEFAULT_SERVER_LIMITS: ServerLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  maxHeaderBytes: 16 * 1024,
  keepAliveTimeoutMs: 65_000,
};

/** Node's own refusals (before Koa sees the request), answered in the envelope where it can be. */
const CLIENT_ERRORS: Record<string, { status: number; code: ErrorCode }> = {
  HPE_HEADER_OVERFLOW: { status: 431, code: 'HEADERS_TOO_LARGE' },
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, code: 'REQUEST_TIMEOUT' },
};

function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const known = CLIENT_ERRORS[error.code ?? ''] ?? { status: 400, code: 'MALFORMED_REQUEST' as ErrorCode };
  const body = JSON.stringify({
    data: null,
    meta: {
      success: false,
      timestamp: new Date().toISOString(),
      requestId: `req_${randomUUID()}`,
      errorCode: known.code,
      message: ERROR_CATALOGUE[known.code].message,
    },
  });
  socket.end(
    `HTTP/1.1 ${known.status} ${ERROR_CATALOGUE[known.code].message}\r\n` +
      'Content-Type: application/json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
  );
}

/**
 * The API's HTTP server: a slow client cannot hold a request open (headers within 10 s, the whole
 * request within 30 s), headers are capped at 16 KiB, and what Node refuses itself is still
 * answered in the envelope.
 */
export function createApiServer(
  handler?: RequestListener,
  limits: ServerLimits = DEFAULT_SERVER_LIMITS,
): Server {
  const server = createServer({
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    maxHeaderSize: limits.maxHeaderBytes,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    // How often Node looks for requests past their time; its default (30 s) would triple them.
    connectionsCheckingInterval: Math.min(1_000, limits.headersTimeoutMs),
  });
  if (handler) server.on('request', handler);
  server.on('clientError', answerClientError);
  return server;
}
