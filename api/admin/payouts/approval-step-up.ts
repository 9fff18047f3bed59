import { decisionNeedsStepUp } from '../../../domain/refunds/refund-approval.js';
import { STEP_UP_WINDOW_MS } from '../../../domain/operators/permissions.js';
import { ApiError } from '../../../domain/shared/errors.js';
import type { Mode } from '../../../domain/shared/mode.js';
import type { RouteDeps } from '../../deps.js';
import { stepUpAboveMinor } from '../../operators/step-up-limits.js';
import { now, type AdminState } from '../session.js';

/**
 * Approving money out above the refund approval's step-up amount (per mode) needs the approver's
 * password within the last few minutes, as approving a refund that large does; rejecting never
 * does, it moves no money. A payout is judged by its amount, a batch by its total.
 */
export function requireStepUpToApprove(
  deps: Pick<RouteDeps, 'config' | 'clock'>,
  admin: AdminState,
  verdict: 'APPROVE' | 'REJECT',
  money: { amountMinor: number; mode: Mode },
): void {
  const limit = stepUpAboveMinor(deps.config, 'REFUND_APPROVAL', money.mode);
  const { stepUpAt } = admin.session;
  const fresh = stepUpAt !== null && now(deps).getTime() - stepUpAt.getTime() <= STEP_UP_WINDOW_MS;
  if (decisionNeedsStepUp(verdict, money.amountMinor, limit) && !fresh) {
    throw new ApiError('STEP_UP_REQUIRED', 'Approving this much money out needs your password again');
  }
}
