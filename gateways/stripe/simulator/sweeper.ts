import { runDailyPayouts } from './payouts.js';
import type { Simulator } from './context.js';
import { unixSeconds } from './context.js';
import { expire, settleDebit } from './payments.js';
import { settleRefund } from './refunds.js';

/**
 * What falls due with time on the simulator's clock: sessions past `expires_at` expire, delayed
 * payments and pending refunds get the bank's answer. Run before every request (so a test that
 * moves the clock sees the outcome at once) and on an interval by the standalone runner.
 */
export function runDueWork(simulator: Simulator): void {
  const nowMs = simulator.now();
  runDailyPayouts(simulator);
  const { state } = simulator;
  for (const session of state.sessions.values()) {
    if (session.status === 'open' && session.expiresAt <= unixSeconds(simulator))
      void expire(simulator, session);
    if (session.asyncSettlement && session.asyncSettlement.atMs <= nowMs)
      void settleDebit(simulator, session);
  }
  for (const refund of state.refunds.values()) {
    if (refund.status === 'pending' && refund.settlesAtMs <= nowMs) void settleRefund(simulator, refund);
  }
}
