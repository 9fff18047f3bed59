import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { tokenDigest } from './operators.js';

/**
 * A sign-in through the identity provider between leaving and coming back (table oidc_sign_ins):
 * the PKCE verifier and nonce the callback checks, and the digest of the value the starting
 * browser holds (only that browser may finish it), kept by the digest of the state the provider
 * returns, usable once and for ten minutes.
 */
export const OIDC_SIGN_IN_TTL_MS = 10 * 60_000;

export interface PendingOidcSignIn {
  codeVerifier: string;
  nonce: string;
  nextPath: string;
  /** A step-up: the session the fresh sign-in confirms (its id), else null. */
  stepUpSessionId: string | null;
  /** The digest of the value the browser that started it holds; null for a row from before that. */
  browserDigest: string | null;
}

export async function rememberOidcSignIn(
  em: EntityManager,
  state: string,
  pending: Omit<PendingOidcSignIn, 'browserDigest'> & { browserBinding: string },
  now: Date,
): Promise<void> {
  await em.execute(
    `insert into oidc_sign_ins (state_digest, code_verifier, nonce, next_path, step_up_session_id, browser_digest, created_at, expires_at)
     values (?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      tokenDigest(state),
      pending.codeVerifier,
      pending.nonce,
      pending.nextPath,
      pending.stepUpSessionId,
      tokenDigest(pending.browserBinding),
      now,
      new Date(now.getTime() + OIDC_SIGN_IN_TTL_MS),
    ],
  );
}

/**
 * Takes the sign-in a returned state names, once; null when unknown, used or expired. Taken even
 * when the browser turns out to be another: a sign-in sent to someone else is not finished later.
 */
export async function takeOidcSignIn(
  em: EntityManager,
  state: string,
  now: Date,
): Promise<PendingOidcSignIn | null> {
  const [row] = await em.execute<
    Array<{
      code_verifier: string;
      nonce: string;
      next_path: string;
      step_up_session_id: string | null;
      browser_digest: string | null;
    }>
  >(
    `update oidc_sign_ins set used_at = ? where state_digest = ? and used_at is null and expires_at > ?
      returning code_verifier, nonce, next_path, step_up_session_id, browser_digest`,
    [now, tokenDigest(state), now],
  );
  return row
    ? {
        codeVerifier: row.code_verifier,
        nonce: row.nonce,
        nextPath: row.next_path,
        stepUpSessionId: row.step_up_session_id,
        browserDigest: row.browser_digest,
      }
    : null;
}

/**
 * A step-up the provider confirmed, waiting for the session's own browser to come back on this
 * site (the redirect from the provider carries no SameSite=Strict cookie): its proof, given once
 * to the page the callback shows, names the sign-in and when the person signed in there.
 */
export async function recordStepUpProof(em: EntityManager, state: string, provenAt: Date): Promise<string> {
  const proof = randomBytes(32).toString('base64url');
  await em.execute(
    'update oidc_sign_ins set proof_digest = ?, proven_at = ? where state_digest = ? and proof_digest is null',
    [tokenDigest(proof), provenAt, tokenDigest(state)],
  );
  return proof;
}

export interface StepUpProof {
  stepUpSessionId: string;
  provenAt: Date;
  nextPath: string;
}

/** Spends a step-up proof, once, while its sign-in has not expired; null otherwise. */
export async function takeStepUpProof(
  em: EntityManager,
  proof: string,
  now: Date,
): Promise<StepUpProof | null> {
  const [row] = await em.execute<
    Array<{ step_up_session_id: string | null; proven_at: Date | string; next_path: string }>
  >(
    `update oidc_sign_ins set proof_used_at = ?
      where proof_digest = ? and proof_used_at is null and expires_at > ? and step_up_session_id is not null
      returning step_up_session_id, proven_at, next_path`,
    [now, tokenDigest(proof), now],
  );
  return row?.step_up_session_id
    ? { stepUpSessionId: row.step_up_session_id, provenAt: new Date(row.proven_at), nextPath: row.next_path }
    : null;
}
