import { GatewayError } from '../types.js';
import { TokenRejected } from './http.js';

/**
 * The id_token of one bKash credential (username + app key). bKash asks merchants to reuse a token
 * for its lifetime rather than grant one per call, so one is kept, refreshed shortly before it
 * expires, and replaced by a new grant when bKash turns it down mid-flight.
 */

export interface IssuedToken {
  idToken: string;
  refreshToken: string;
  issuedAtMs: number;
  expiresAtMs: number;
}

export interface TokenIssuer {
  grant(): Promise<IssuedToken>;
  refresh(refreshToken: string): Promise<IssuedToken>;
}

/** Renew this long before expiry (a tenth of the lifetime for short-lived tokens), so no call carries a dying token. */
const RENEW_MARGIN_MS = 5 * 60_000;

function renewAtMs(token: IssuedToken): number {
  const lifetimeMs = token.expiresAtMs - token.issuedAtMs;
  return token.expiresAtMs - Math.min(RENEW_MARGIN_MS, lifetimeMs / 10);
}

export class TokenCache {
  private current: IssuedToken | null = null;
  /** The grant or refresh under way: concurrent callers wait for the same one. */
  private pending: Promise<IssuedToken> | null = null;

  constructor(
    private readonly issuer: TokenIssuer,
    private readonly now: () => number,
  ) {}

  /** A token good for a while yet: the cached one, a refreshed one near its expiry, else a new grant. */
  async token(): Promise<string> {
    const current = this.current;
    if (current && this.now() < renewAtMs(current)) return current.idToken;
    return (await this.renew(current)).idToken;
  }

  /**
   * Runs `call` with a token. A 401 means bKash refused the token before doing anything, so the
   * call is safe to repeat: once, with a newly granted token.
   */
  async withToken<T>(call: (idToken: string) => Promise<T>): Promise<T> {
    const idToken = await this.token();
    try {
      return await call(idToken);
    } catch (error) {
      if (!(error instanceof TokenRejected)) throw error;
    }
    const fresh = await this.replace(idToken);
    try {
      return await call(fresh);
    } catch (error) {
      if (!(error instanceof TokenRejected)) throw error;
      throw new GatewayError('GATEWAY_REJECTED', 'bKash refused a newly granted token', { path: error.path });
    }
  }

  /** Only the first caller to meet a refused token grants anew; the others share that grant or its result. */
  private async replace(refused: string): Promise<string> {
    if (this.current?.idToken === refused) this.current = null;
    if (this.current) return this.current.idToken;
    return (await this.renew(null)).idToken;
  }

  private renew(stale: IssuedToken | null): Promise<IssuedToken> {
    this.pending ??= this.obtain(stale)
      .then((token) => {
        this.current = token;
        return token;
      })
      .finally(() => {
        this.pending = null;
      });
    return this.pending;
  }

  private async obtain(stale: IssuedToken | null): Promise<IssuedToken> {
    if (stale) {
      try {
        return await this.issuer.refresh(stale.refreshToken);
      } catch {
        // A refresh token can expire or be revoked too; a grant needs only the credentials.
      }
    }
    return this.issuer.grant();
  }
}
