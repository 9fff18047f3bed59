/** What one webhook delivery attempt's answer means for the event's delivery. */
export interface DeliveryVerdict {
  /** True when no further attempt should be made. */
  final: boolean;
  outcome: 'DELIVERED' | 'RETRY' | 'GONE';
  /** The event's delivery status this attempt settles, if it ends the delivery. */
  settles: 'DELIVERED' | 'FAILED' | null;
}

/**
 * Any 2xx takes the event. 410 Gone says the endpoint is gone for good: the delivery stops
 * rather than retrying for days. Everything else (other statuses, timeouts, refused connections,
 * shown as null) is retried on the schedule.
 */
export function judgeDeliveryAttempt(statusCode: number | null): DeliveryVerdict {
  if (statusCode !== null && statusCode >= 200 && statusCode < 300) {
    return { final: true, outcome: 'DELIVERED', settles: 'DELIVERED' };
  }
  if (statusCode === 410) return { final: true, outcome: 'GONE', settles: 'FAILED' };
  return { final: false, outcome: 'RETRY', settles: null };
}

/**
 * Why a delivery got no HTTP answer, in words that name no address. A host name that does not
 * resolve and one that resolves only to addresses deliveries may not reach (private, loopback,
 * cloud metadata) are one kind, NO_REACHABLE_ADDRESS: told apart, they would let anyone with an
 * app's keys learn which internal host names the service's resolver knows.
 */
export type DeliveryFailure =
  | 'TIMEOUT'
  | 'NO_REACHABLE_ADDRESS'
  | 'CONNECTION_REFUSED'
  | 'CONNECTION_RESET'
  | 'TLS_ERROR'
  | 'UNREACHABLE';

/**
 * What a failed attempt records: the kind of socket failure, or the class of the receiver's
 * status. Never the resolver's or the socket's own words: those name addresses and tell a DNS
 * answer from a closed port, and the attempts are read back through the app API.
 */
export type DeliveryFailureReason = DeliveryFailure | 'HTTP_3XX' | 'HTTP_4XX' | 'HTTP_5XX' | 'HTTP_OTHER';

export const DELIVERY_FAILURE_REASONS: readonly DeliveryFailureReason[] = [
  'TIMEOUT',
  'NO_REACHABLE_ADDRESS',
  'CONNECTION_REFUSED',
  'CONNECTION_RESET',
  'TLS_ERROR',
  'UNREACHABLE',
  'HTTP_3XX',
  'HTTP_4XX',
  'HTTP_5XX',
  'HTTP_OTHER',
];

const FAILURE_MESSAGES: Record<DeliveryFailure, string> = {
  TIMEOUT: 'The endpoint did not answer in time',
  NO_REACHABLE_ADDRESS: "The endpoint's host gave no address deliveries may reach",
  CONNECTION_REFUSED: 'The endpoint refused the connection',
  CONNECTION_RESET: 'The connection closed before the endpoint answered',
  TLS_ERROR: 'The TLS handshake with the endpoint failed',
  UNREACHABLE: 'The endpoint could not be reached',
};

/** A failure as anyone may read it: its kind, never the address or the system's words. */
export function neutralFailureMessage(failure: DeliveryFailure): string {
  return `${FAILURE_MESSAGES[failure]} (${failure})`;
}

const FAILURE_CODES: Record<string, DeliveryFailure> = {
  ECONNREFUSED: 'CONNECTION_REFUSED',
  // Said as a refused address is: a name that does not resolve is not told from one that
  // resolves to a private address (an internal host the resolver knows).
  ENOTFOUND: 'NO_REACHABLE_ADDRESS',
  EAI_AGAIN: 'NO_REACHABLE_ADDRESS',
  EAI_NONAME: 'NO_REACHABLE_ADDRESS',
  EAI_NODATA: 'NO_REACHABLE_ADDRESS',
  ECONNRESET: 'CONNECTION_RESET',
  EPIPE: 'CONNECTION_RESET',
  ETIMEDOUT: 'TIMEOUT',
  ESOCKETTIMEDOUT: 'TIMEOUT',
  EHOSTUNREACH: 'UNREACHABLE',
  ENETUNREACH: 'UNREACHABLE',
};

/** The kind of a failure thrown while sending, read from its shape (name, code, message). */
export function classifyDeliveryFailure(cause: unknown): DeliveryFailure {
  // Read by shape, not `instanceof`: socket errors may come from another realm or as plain text.
  const {
    name = '',
    message = String(cause),
    code: given = '',
  } = (cause ?? {}) as {
    name?: string;
    message?: string;
    code?: string;
  };
  if (name === 'TimeoutError') return 'TIMEOUT';
  // request-filtering-agent refuses a private or metadata address with this wording.
  if (/is not allowed/i.test(message)) return 'NO_REACHABLE_ADDRESS';
  // The filtering agent passes some socket errors on as text only ("Error: connect ECONNREFUSED …").
  const code = given || (/\b(E[A-Z_]{3,}|ERR_[A-Z_]+)\b/.exec(message)?.[1] ?? '');
  if (FAILURE_CODES[code]) return FAILURE_CODES[code];
  if (code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL') || /certificate|CERT_|SSL/i.test(code))
    return 'TLS_ERROR';
  return 'UNREACHABLE';
}

/** The reason an attempt records: null when the receiver took it (2xx). */
export function deliveryFailureReason(outcome: {
  statusCode: number | null;
  failure: DeliveryFailure | null;
}): DeliveryFailureReason | null {
  const { statusCode } = outcome;
  if (statusCode === null) return outcome.failure ?? 'UNREACHABLE';
  if (statusCode >= 200 && statusCode < 300) return null;
  if (statusCode >= 300 && statusCode < 400) return 'HTTP_3XX';
  if (statusCode >= 400 && statusCode < 500) return 'HTTP_4XX';
  if (statusCode >= 500 && statusCode < 600) return 'HTTP_5XX';
  return 'HTTP_OTHER';
}
