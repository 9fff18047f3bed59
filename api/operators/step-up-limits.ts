import type { Mode } from '../../domain/shared/mode.js';
import type { ApiDeps } from '../deps.js';

type StepUpConfig = Pick<
  ApiDeps['config'],
  | 'REFUND_APPROVAL_STEP_UP_ABOVE_MINOR'
  | 'REFUND_APPROVAL_STEP_UP_ABOVE_MINOR_LIVE'
  | 'MANUAL_RECEIPT_STEP_UP_ABOVE_MINOR'
  | 'MANUAL_RECEIPT_STEP_UP_ABOVE_MINOR_LIVE'
>;

/**
 * Above how many minor units an operator's act needs their password again, by mode: LIVE moves
 * real money, so its limit is set apart from TEST's (and much lower by default).
 */
export function stepUpAboveMinor(
  config: StepUpConfig,
  act: 'REFUND_APPROVAL' | 'MANUAL_RECEIPT',
  mode: Mode,
) {
  if (act === 'REFUND_APPROVAL') {
    return mode === 'LIVE'
      ? config.REFUND_APPROVAL_STEP_UP_ABOVE_MINOR_LIVE
      : config.REFUND_APPROVAL_STEP_UP_ABOVE_MINOR;
  }
  return mode === 'LIVE'
    ? config.MANUAL_RECEIPT_STEP_UP_ABOVE_MINOR_LIVE
    : config.MANUAL_RECEIPT_STEP_UP_ABOVE_MINOR;
}
