import { ERROR_CODES, UNAUTHORIZED_MESSAGE } from '../protocol.js';
import type { MerchantCredentials, Simulator } from './context.js';
import type { SimToken } from './state.js';
import { newToken, refusal, successful } from './wire.js';
import type { Answer } from './wire.js';

/** token/grant, token/refresh, and the token check in front of every checkout call. */

export interface Reply {
  status: number;
  body: Answer;
}

export const UNAUTHORIZED: Reply = { status: 401, body: { message: UNAUTHORIZED_MESSAGE } };

const ok = (body: Answer): Reply => ({ status: 200, body });

/** A refresh token outlives its id_tokens by far (bKash: 28 days). */
const REFRESH_TOKEN_TTL_MS = 28 * 24 * 3_600_000;

/** The username and password headers are checked by bKash's API gateway, before the body is read. */
function merchantByLogin(simulator: Simulator, headers: Record<string, string | undefined>) {
  return simulator.merchants.find(
    (merchant) => merchant.username === headers.username && merchant.password === headers.password,
  );
}

function issue(simulator: Simulator, merchant: MerchantCredentials, refreshToken: string | null): Answer {
  const nowMs = simulator.now();
  const idToken = newToken();
  const holder = { username: merchant.username, appKey: merchant.appKey };
  simulator.state.idTokens.set(idToken, { ...holder, expiresAtMs: nowMs + simulator.tokenTtlSeconds * 1000 });
  const refresh = refreshToken ?? newToken();
  if (refreshToken === null) {
    simulator.state.refreshTokens.set(refresh, { ...holder, expiresAtMs: nowMs + REFRESH_TOKEN_TTL_MS });
  }
  simulator.state.tokenIssues.push({
    username: merchant.username,
    kind: refreshToken === null ? 'grant' : 'refresh',
    atMs: nowMs,
  });
  return successful({
    id_token: idToken,
    token_type: 'Bearer',
    expires_in: simulator.tokenTtlSeconds,
    refresh_token: refresh,
  });
}

/** A merchant's own app key and secret in the body, or the refusal bKash gives. */
function appCheck(merchant: MerchantCredentials, body: Record<string, string>): Reply | null {
  if (!body.app_key || !body.app_secret) return ok(refusal(ERROR_CODES.MANDATORY_FIELD_MISSING));
  if (body.app_key !== merchant.appKey || body.app_secret !== merchant.appSecret) {
    return ok(refusal(ERROR_CODES.INVALID_APP_KEY));
  }
  return null;
}

export function grantToken(
  simulator: Simulator,
  headers: Record<string, string | undefined>,
  body: Record<string, string>,
): Reply {
  const merchant = merchantByLogin(simulator, headers);
  if (!merchant) return UNAUTHORIZED;
  return appCheck(merchant, body) ?? ok(issue(simulator, merchant, null));
}

export function refreshToken(
  simulator: Simulator,
  headers: Record<string, string | undefined>,
  body: Record<string, string>,
): Reply {
  const merchant = merchantByLogin(simulator, headers);
  if (!merchant) return UNAUTHORIZED;
  const refused = appCheck(merchant, body);
  if (refused) return refused;
  if (!body.refresh_token) return ok(refusal(ERROR_CODES.MANDATORY_FIELD_MISSING));
  const known = simulator.state.refreshTokens.get(body.refresh_token);
  if (!known || known.appKey !== merchant.appKey || simulator.now() >= known.expiresAtMs) return UNAUTHORIZED;
  return ok(issue(simulator, merchant, body.refresh_token));
}

/**
 * The merchant a checkout call is made for. The id_token may come bare (bKash's own plugin) or
 * as "Bearer <id_token>" (other clients); its app key must come with it.
 */
export function authenticate(
  simulator: Simulator,
  headers: Record<string, string | undefined>,
): { token: SimToken } | { reply: Reply } {
  const idToken = (headers.authorization ?? '').replace(/^Bearer\s+/i, '').trim();
  const token = simulator.state.idTokens.get(idToken);
  if (!token || simulator.now() >= token.expiresAtMs) return { reply: UNAUTHORIZED };
  if (headers['x-app-key'] !== token.appKey) return { reply: ok(refusal(ERROR_CODES.INVALID_APP_KEY)) };
  return { token };
}
