import type { Mode } from '../../domain/shared/mode.js';

/**
 * Stripe tells a key's mode by its prefix: sk_test_/rk_test_ keys move no money, sk_live_/rk_live_
 * keys move real money. A key of the other mode is refused outright: a test key on LIVE would let
 * Stripe's test cards "pay" a LIVE checkout, a live key on TEST would charge real cards in tests.
 */
export function stripeKeyModeProblem(secretKey: string, mode: Mode): string | null {
  const keyMode = /^(?:sk|rk)_(test|live)_/.exec(secretKey.trim())?.[1];
  if (keyMode === undefined) return null; // Not a Stripe key at all: the credentials schema says so.
  const wanted = mode === 'LIVE' ? 'live' : 'test';
  if (keyMode === wanted) return null;
  return `is a ${keyMode} key (sk_${keyMode}_…); ${mode} needs a ${wanted} key (sk_${wanted}_… or rk_${wanted}_…)`;
}
