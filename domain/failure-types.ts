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
} as const;
