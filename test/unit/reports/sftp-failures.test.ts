import {
  classifyFailure,
  SftpDeliveryError,
  type AttemptEvidence,
} from '../../../platform/sftp/delivery-errors.js';

const PINNED = 'SHA256:3I5Dm9mfa6K475enQz51kSstZBeYS0ALQz5vU4Y7DR4';
const OFFERED = 'SHA256:vWyUm3XGQUfNzIQpRYA8MwuQEvT1EOnFEYsKHdcSKQM';

const evidence = (seen: Partial<AttemptEvidence> = {}): AttemptEvidence => ({
  where: 'oi-reports@sftp.example.com:22',
  authenticated: false,
  refusedHostKey: null,
  pinnedHostKey: PINNED,
  connectionError: null,
  timedOutAfterMs: null,
  ...seen,
});

/** An error as ssh2 raises it: `level` names the stage. */
const ssh2Error = (message: string, level: string, code?: string) =>
  Object.assign(new Error(message), { level, ...(code ? { code } : {}) });

/** An error as ssh2-sftp-client rewraps it: a numeric SFTP status or a string code, no stage. */
const clientError = (message: string, code: number | string) =>
  Object.assign(new Error(message), { code, custom: true });

const verdict = (error: SftpDeliveryError) => ({ code: error.code, retryable: error.retryable });

describe('what a failed delivery means to its caller', () => {
  it('names the offered key of a server that is not the pinned one, and never tries again', () => {
    const error = classifyFailure(
      clientError('getConnection: Host denied (verification failed)', 'ERR_GENERIC_CLIENT'),
      evidence({
        refusedHostKey: OFFERED,
        connectionError: ssh2Error('Host denied (verification failed)', 'handshake'),
      }),
    );
    expect(verdict(error)).toEqual({ code: 'HOST_KEY_MISMATCH', retryable: false });
    expect(error.message).toContain(OFFERED);
    expect(error.message).toContain(PINNED);
  });

  it('does not try credentials the server refused again, nor a key ssh2 cannot read', () => {
    const refused = ssh2Error('All configured authentication methods failed', 'client-authentication');
    expect(verdict(classifyFailure(refused, evidence({ connectionError: refused })))).toEqual({
      code: 'AUTH_FAILED',
      retryable: false,
    });
    const unreadable = new Error('Cannot parse privateKey: Unsupported key format');
    expect(verdict(classifyFailure(unreadable, evidence()))).toEqual({
      code: 'AUTH_FAILED',
      retryable: false,
    });
  });

  it('tries again when the network or the deadline ended it', () => {
    const refused = ssh2Error('connect ECONNREFUSED 127.0.0.1:22', 'client-socket', 'ECONNREFUSED');
    expect(verdict(classifyFailure(refused, evidence({ connectionError: refused })))).toEqual({
      code: 'UNREACHABLE',
      retryable: true,
    });
    const lookup = ssh2Error('getaddrinfo ENOTFOUND sftp.example.com', 'client-dns', 'ENOTFOUND');
    expect(classifyFailure(lookup, evidence({ connectionError: lookup })).code).toBe('UNREACHABLE');
    const handshake = ssh2Error('Timed out while waiting for handshake', 'client-timeout');
    expect(classifyFailure(handshake, evidence({ connectionError: handshake })).code).toBe('UNREACHABLE');
    const lost = clientError('_put: Write stream error: Connection lost', 7);
    expect(verdict(classifyFailure(lost, evidence({ authenticated: true })))).toEqual({
      code: 'UNREACHABLE',
      retryable: true,
    });
    const cut = classifyFailure(
      new Error('deadline'),
      evidence({ authenticated: true, timedOutAfterMs: 5_000 }),
    );
    expect(verdict(cut)).toEqual({ code: 'UNREACHABLE', retryable: true });
    expect(cut.message).toMatch(/within 5000 ms/);
  });

  it("does not try again what the server's set-up refuses: a missing directory, no permission", () => {
    for (const status of [2, 3, 8]) {
      const error = classifyFailure(
        clientError('_put: Write stream error', status),
        evidence({ authenticated: true }),
      );
      expect(verdict(error)).toEqual({ code: 'REMOTE_ERROR', retryable: false });
    }
    const noCommonAlgorithm = ssh2Error('Handshake failed: no matching host key format', 'handshake');
    expect(
      verdict(classifyFailure(noCommonAlgorithm, evidence({ connectionError: noCommonAlgorithm }))),
    ).toEqual({
      code: 'REMOTE_ERROR',
      retryable: false,
    });
  });

  it("tries again after the server's general failure (a full disk) or a session closed under a request", () => {
    expect(
      verdict(
        classifyFailure(
          clientError('_put: Write stream error: Failure', 4),
          evidence({ authenticated: true }),
        ),
      ),
    ).toEqual({ code: 'REMOTE_ERROR', retryable: true });
    const closed = clientError('put: Unexpected close event', 'ERR_GENERIC_CLIENT');
    expect(verdict(classifyFailure(closed, evidence({ authenticated: true })))).toEqual({
      code: 'REMOTE_ERROR',
      retryable: true,
    });
  });

  it('keeps a delivery error it is given, and the original as its cause otherwise', () => {
    const given = new SftpDeliveryError('REMOTE_ERROR', 'short file', true);
    expect(classifyFailure(given, evidence())).toBe(given);
    const original = clientError('_put: Write stream error', 3);
    expect(classifyFailure(original, evidence({ authenticated: true })).cause).toBe(original);
  });
});
