/**
 * Why a delivery failed, in the terms its caller acts on: whether trying again later can help.
 * A host key that is not the pinned one, or credentials the server refuses, stay so until a person
 * changes the target; a network that did not carry the connection may carry the next one.
 */

export type SftpFailure = 'HOST_KEY_MISMATCH' | 'AUTH_FAILED' | 'UNREACHABLE' | 'REMOTE_ERROR';

export class SftpDeliveryError extends Error {
  constructor(
    readonly code: SftpFailure,
    message: string,
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SftpDeliveryError';
  }
}

/** What the upload saw of a failed attempt, beside the error it ended with. */
export interface AttemptEvidence {
  /** `user@host:port`, for the message. */
  where: string;
  /** Whether the server had accepted the credentials when it failed. */
  authenticated: boolean;
  /** The fingerprint the server offered when it was not the pinned one. */
  refusedHostKey: string | null;
  pinnedHostKey: string;
  /** ssh2's own error: its `level` names the stage that failed, which the client library drops when it wraps it. */
  connectionError: (Error & { level?: string; code?: unknown }) | null;
  /** Set when the attempt was cut off at its deadline. */
  timedOutAfterMs: number | null;
}

/** Socket errors: the network or the server's listener, not the server's answer. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'ENETDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);

/** ssh2's stages of a connection that failed on the way, never at the server's word. */
const NETWORK_LEVELS = new Set(['client-socket', 'client-dns', 'client-timeout']);

/** SFTP status codes (draft-ietf-secsh-filexfer-02) that the same request meets again: a missing directory, no permission, an operation the server lacks. */
const LASTING_STATUS = new Map([
  [2, 'no such file or directory'],
  [3, 'permission denied'],
  [8, 'operation not supported'],
]);
/** NO_CONNECTION and CONNECTION_LOST: the session went away under the request. */
const LOST_STATUS = new Set([6, 7]);

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The delivery error an attempt's failure means. */
export function classifyFailure(error: unknown, seen: AttemptEvidence): SftpDeliveryError {
  if (error instanceof SftpDeliveryError) return error;
  const cause = { cause: error };
  if (seen.refusedHostKey) {
    return new SftpDeliveryError(
      'HOST_KEY_MISMATCH',
      `${seen.where} offered host key ${seen.refusedHostKey}, not the pinned ${seen.pinnedHostKey}: nothing was sent`,
      false,
      cause,
    );
  }
  if (seen.timedOutAfterMs !== null) {
    return new SftpDeliveryError(
      'UNREACHABLE',
      `${seen.where} did not finish the delivery within ${seen.timedOutAfterMs} ms`,
      true,
      cause,
    );
  }
  const connection = seen.connectionError;
  if (connection?.level === 'client-authentication') {
    return new SftpDeliveryError(
      'AUTH_FAILED',
      `${seen.where} refused the credentials: ${connection.message}`,
      false,
      cause,
    );
  }
  const code = (error as { code?: unknown } | null)?.code ?? connection?.code;
  // ssh2 refuses a key it cannot read before it opens a socket: no stage, no socket error.
  if (!seen.authenticated && !connection && code === undefined) {
    return new SftpDeliveryError(
      'AUTH_FAILED',
      `the credentials for ${seen.where} cannot be used: ${messageOf(error)}`,
      false,
      cause,
    );
  }
  if (
    (connection?.level && NETWORK_LEVELS.has(connection.level)) ||
    (typeof code === 'string' && NETWORK_CODES.has(code)) ||
    (typeof code === 'number' && LOST_STATUS.has(code))
  ) {
    return new SftpDeliveryError(
      'UNREACHABLE',
      `${seen.where} could not be reached: ${messageOf(connection ?? error)}`,
      true,
      cause,
    );
  }
  if (typeof code === 'number' && LASTING_STATUS.has(code)) {
    return new SftpDeliveryError(
      'REMOTE_ERROR',
      `${seen.where} refused the delivery (${LASTING_STATUS.get(code)}): ${messageOf(error)}`,
      false,
      cause,
    );
  }
  // A failure during the key exchange that is not the host key (no algorithm both sides know) is
  // the server's set-up, which a retry meets again.
  if (connection?.level === 'handshake' || connection?.level === 'protocol') {
    return new SftpDeliveryError(
      'REMOTE_ERROR',
      `${seen.where} could not agree on a connection: ${connection.message}`,
      false,
      cause,
    );
  }
  // The connection closing under a request, or a server's general failure (a full disk): may pass.
  return new SftpDeliveryError('REMOTE_ERROR', `${seen.where}: ${messageOf(error)}`, true, cause);
}
