/**
 * Types of the non-retryable failures workflows and activities raise for business rejections;
 * the API maps them to error codes.
 */
export const FAILURE_TYPES = {
  notPayable: 'PAYMENT_NOT_PAYABLE',
  gatewaySessionFailed: 'GATEWAY_SESSION_FAILED',
  refundNotPendingApproval: 'REFUND_NOT_PENDING_APPROVAL',
  selfApproval: 'SELF_APPROVAL_FORBIDDEN',
  approverAlreadyApproved: 'APPROVER_ALREADY_APPROVED',
  forbidden: 'FORBIDDEN',
  refundNotAwaitingConfirmation: 'REFUND_NOT_AWAITING_CONFIRMATION',
  validation: 'VALIDATION_ERROR',
  /** A refund was to be booked final with no final answer of its gateway on record. */
  refundOutcomeUnrecorded: 'REFUND_OUTCOME_UNRECORDED',
  /** A refund was to wait for finance while its gateway, on record, gave no such answer. */
  refundConfirmationUnfounded: 'REFUND_CONFIRMATION_UNFOUNDED',
  /** A refund's approval was to expire while the window its row holds is still open. */
  refundApprovalWindowOpen: 'REFUND_APPROVAL_WINDOW_OPEN',
  /** A checkout was to expire before the deadline its payment's row holds. */
  paymentNotExpired: 'PAYMENT_NOT_EXPIRED',
  /**
   * A refund was to go out by a payout while neither its recorded route nor its gateway's recorded
   * answer (a refusal past the refund window) says it does.
   */
  refundPayoutUnfounded: 'REFUND_PAYOUT_UNFOUNDED',
} as const;
