/**
 * The one error catalogue: every errorCode the API can return, with its HTTP status.
 * Codes are a stable contract with integrating apps; never rename one.
 */
export const ERROR_CATALOGUE = {
  AUTHENTICATION_REQUIRED: { status: 401, message: 'X-Api-Key and X-Api-Secret headers are required' },
  INVALID_CREDENTIALS: { status: 401, message: 'The API key or secret is not valid' },
  CREDENTIAL_EXPIRED: { status: 401, message: 'This credential was rotated and its grace window has ended' },
  CREDENTIAL_REVOKED: { status: 401, message: 'This credential has been revoked' },
  APP_SUSPENDED: { status: 403, message: 'This app is suspended' },
  INSUFFICIENT_SCOPE: {
    status: 403,
    message: 'This API key does not have the scope this request needs (details.requiredScope)',
  },
  LIMIT_EXCEEDED: { status: 403, message: "This request is over one of the app's limits" },
  GATEWAY_SWITCHED_OFF: { status: 403, message: 'This gateway is switched off for this app' },
  VELOCITY_LIMITED: {
    status: 429,
    message: 'Too many payments, refunds or payouts this minute; try again after the time in Retry-After',
  },
  SESSION_REQUIRED: { status: 401, message: 'Sign in to continue' },
  INVALID_LOGIN: { status: 401, message: 'The email or password is not correct' },
  LOGIN_THROTTLED: { status: 429, message: 'Too many failed sign-ins; try again later' },
  RATE_LIMITED: { status: 429, message: 'Too many requests; try again after the time in Retry-After' },
  LEDGER_VERIFICATION_THROTTLED: {
    status: 429,
    message: 'The ledger was verified moments ago; verify again after the time in Retry-After',
  },
  CSRF_TOKEN_INVALID: { status: 403, message: 'The request is missing a valid CSRF token' },
  FORBIDDEN: { status: 403, message: 'Your role does not allow this action' },
  STEP_UP_REQUIRED: { status: 403, message: 'Confirm your password to continue' },
  SECOND_FACTOR_REQUIRED: {
    status: 401,
    message: 'The password is right; now give the code from your authenticator app (or a recovery code)',
  },
  SECOND_FACTOR_INVALID: { status: 401, message: 'That code is not valid, or it was already used' },
  SECOND_FACTOR_ENROLMENT_REQUIRED: {
    status: 403,
    message: 'Your role needs a second factor: enrol an authenticator app at /admin/account first',
  },
  SECOND_FACTOR_NOT_PENDING: {
    status: 409,
    message: 'Start enrolment first (no secret is waiting for a code)',
  },
  SIGN_IN_CHALLENGE_INVALID: {
    status: 401,
    message: 'This sign-in has expired; start again with your password',
  },
  PASSWORD_TOO_WEAK: { status: 422, message: 'The new password does not meet the rules' },
  PASSWORD_RESET_INVALID: { status: 400, message: 'This reset link is not valid: used, expired or replaced' },
  APP_NOT_FOUND: { status: 404, message: 'No such app' },
  CREDENTIAL_NOT_FOUND: { status: 404, message: 'No such credential' },
  APP_NAME_TAKEN: { status: 409, message: 'An app with this name already exists' },
  WEBHOOK_ENDPOINT_NOT_FOUND: { status: 404, message: 'No such webhook endpoint in this app and mode' },
  WEBHOOK_ENDPOINT_LIMIT: {
    status: 409,
    message: 'This app and mode already have the most webhook endpoints allowed; delete one first',
  },
  WEBHOOK_ENDPOINT_DISABLED: { status: 409, message: 'The webhook endpoint is disabled' },
  KEY_NAME_TAKEN: {
    status: 409,
    message: 'A working key of this mode already has this name; choose another, or revoke that key first',
  },
  KEY_REQUEST_NOT_FOUND: { status: 404, message: 'No such key request' },
  KEY_REQUEST_NOT_WAITING: { status: 409, message: 'This key request has already been decided or withdrawn' },
  KEY_REQUEST_NOT_APPROVED: {
    status: 409,
    message:
      'This key request has not been approved: its key can be collected only after a money role approves it',
  },
  KEY_REQUEST_ALREADY_COLLECTED: {
    status: 409,
    message:
      'This key was already collected; its secret is shown only once (rotate or ask again if it is lost)',
  },
  OPERATOR_NOT_FOUND: { status: 404, message: 'No such operator' },
  EVENT_NOT_FOUND: { status: 404, message: 'No such event' },
  REQUEST_NOT_FOUND: { status: 404, message: 'No such request in the request log' },
  EVENT_STREAM_TEST_ONLY: {
    status: 403,
    message:
      "The event stream serves TEST credentials only: LIVE events reach the app's own webhook endpoints, never a laptop",
  },
  EVENT_STREAM_LIMIT: {
    status: 429,
    message: 'This app has the most event streams open that one server allows; close one and try again',
  },
  RECON_RUN_NOT_FOUND: { status: 404, message: 'No such reconciliation run' },
  EMAIL_TAKEN: { status: 409, message: 'An operator with this email already exists' },
  OPERATOR_SELF_CHANGE: { status: 409, message: 'You cannot disable or demote your own account' },
  OPERATOR_NOT_DISABLED: { status: 409, message: 'The account is not disabled' },
  LOGOUT_TOKEN_INVALID: { status: 400, message: 'The logout token is not valid' },
  BREAK_GLASS_NOT_LINKABLE: {
    status: 409,
    message: 'A break-glass ADMIN signs in without the identity provider and is never linked to it',
  },
  IDENTITY_ALREADY_LINKED: {
    status: 409,
    message: 'The account, or the identity-provider person, is already linked',
  },
  PEOPLE_CHANGE_NOT_FOUND: { status: 404, message: 'No such change to people' },
  PEOPLE_CHANGE_NOT_PENDING: { status: 409, message: 'This change to people has already been decided' },
  PEOPLE_CHANGE_STALE: {
    status: 409,
    message: 'The account has changed since this change was proposed; propose it again',
  },
  PEOPLE_CHANGE_WAITING: {
    status: 409,
    message: 'Another proposal for this account waits; decide or withdraw it first',
  },
  OPERATOR_EMAIL_NOT_SENT: {
    status: 503,
    message: 'The link could not be emailed to the operator, so nothing was applied; try again',
  },
  OIDC_NOT_CONFIGURED: { status: 404, message: 'Sign-in through an identity provider is not configured' },
  LOCAL_SIGN_IN_DISABLED: {
    status: 403,
    message: 'Password sign-in is for break-glass only and is turned off; sign in with the identity provider',
  },
  SECOND_FACTOR_LOCKED: {
    status: 429,
    message: 'Too many wrong codes for this operator; sign-in is locked for a while',
  },
  VALIDATION_ERROR: { status: 400, message: 'The request is not valid' },
  PAGE_TOO_DEEP: {
    status: 400,
    message:
      'page × size may be at most 10000: page further with the cursor (pagination.nextCursor as `after`)',
  },
  INVALID_JSON: { status: 400, message: 'The request body is not valid JSON' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'Send the request body as application/json' },
  PAYLOAD_TOO_LARGE: { status: 413, message: 'The request body is larger than 1 MiB' },
  NOT_FOUND: { status: 404, message: 'No such route' },
  METHOD_NOT_ALLOWED: { status: 405, message: 'That method is not allowed on this route' },
  REQUEST_TIMEOUT: { status: 408, message: 'The request was not received in time' },
  HEADERS_TOO_LARGE: { status: 431, message: 'The request headers are too large' },
  MALFORMED_REQUEST: { status: 400, message: 'The request is not valid HTTP' },
  PAYMENT_NOT_FOUND: { status: 404, message: 'No such payment' },
  INVOICE_NOT_FOUND: { status: 404, message: 'No such invoice' },
  DUPLICATE_ORDER: {
    status: 409,
    message: 'This order already has a payment that is open or succeeded',
  },
  INVOICE_NOT_EDITABLE: { status: 409, message: 'Only a DRAFT invoice can be changed' },
  INVOICE_NOT_DRAFT: { status: 409, message: 'Only a DRAFT invoice is issued' },
  INVOICE_NOT_PAYABLE: { status: 409, message: 'This invoice cannot be paid or voided in its current state' },
  INVOICE_PAYMENT_IN_FLIGHT: {
    status: 409,
    message: 'A payment for this invoice is still in progress',
  },
  PAYMENT_EXCEEDS_OUTSTANDING: { status: 422, message: 'The amount is more than the invoice lacks' },
  INVOICE_CURRENCY_MISMATCH: { status: 422, message: "The payment's currency is not the invoice's" },
  INVOICE_TOTAL_TOO_LARGE: { status: 422, message: 'The invoice is larger than the service can hold' },
  INVOICE_TOTAL_NOT_POSITIVE: { status: 422, message: 'An invoice must be for more than zero' },
  DISCOUNT_EXCEEDS_LINE: { status: 422, message: "A discount is more than its line's amount" },
  INSTALLMENTS_DO_NOT_SUM: { status: 422, message: "The installments do not sum to the invoice's total" },
  INSTALLMENT_DATES_NOT_ASCENDING: {
    status: 422,
    message: 'Each installment falls due after the one before it',
  },
  TOO_MANY_INSTALLMENTS: { status: 422, message: 'More installments than the total has minor units' },
  GATEWAY_NOT_FOUND: { status: 404, message: 'No such gateway' },
  FEE_SCHEDULE_NOT_FOUND: { status: 404, message: 'No such fee schedule' },
  SAVED_VIEW_NOT_FOUND: { status: 404, message: 'No such saved view' },
  SAVED_VIEW_NAME_TAKEN: {
    status: 409,
    message: 'This list already has a saved view of this name; choose another name',
  },
  MAINTENANCE_WINDOW_NOT_FOUND: {
    status: 404,
    message: 'No such maintenance window still to come or in force',
  },
  MAINTENANCE_WINDOW_INVALID: { status: 422, message: 'The maintenance window cannot be entered as given' },
  GATEWAY_CREDENTIALS_WRONG_MODE: {
    status: 422,
    message: "These credentials are for the gateway's other mode (a test key on LIVE, or a live key on TEST)",
  },
  RECEIPT_NOT_FOUND: { status: 404, message: 'No such receipt' },
  PAYMENT_NOT_OFFLINE: {
    status: 409,
    message: 'This payment is not paid outside a gateway: its gateway reports the money itself',
  },
  PAYMENT_NOT_AWAITING_RECEIPT: {
    status: 409,
    message: 'This payment does not wait for money: only a PENDING payment takes a receipt',
  },
  RECEIPT_ALREADY_RECORDED: {
    status: 409,
    message: 'A receipt already stands for this payment (waiting for approval or confirmed)',
  },
  RECEIPT_AMOUNT_MISMATCH: {
    status: 422,
    message: "A receipt is for the payment's whole amount, in its currency",
  },
  RECEIPT_DATE_IN_FUTURE: { status: 422, message: 'The money cannot have been received after today' },
  RECEIPT_NOT_AWAITING_APPROVAL: { status: 409, message: 'This receipt does not wait for a decision' },
  AMOUNT_OUT_OF_RANGE: { status: 422, message: 'The amount or currency is outside what the gateway accepts' },
  RECEIPT_NOT_AVAILABLE: { status: 409, message: 'A receipt is available only for a settled payment' },
  RECEIPTS_DISABLED: { status: 403, message: 'Receipts are not enabled for this app' },
  PAYMENT_NOT_PAYABLE: { status: 409, message: 'This payment can no longer be paid' },
  GATEWAY_SESSION_FAILED: { status: 502, message: 'The gateway could not open a checkout session' },
  REFUND_NOT_FOUND: { status: 404, message: 'No such refund' },
  PAYOUT_NOT_FOUND: { status: 404, message: 'No such payout' },
  REPORT_RUN_NOT_FOUND: {
    status: 404,
    message: 'No such report run in this app and mode, or it is older than the 90 days runs are kept',
  },
  REPORT_SCHEDULE_NOT_FOUND: { status: 404, message: 'No such report schedule' },
  REPORT_SFTP_NOT_CONFIGURED: {
    status: 409,
    message:
      'SFTP delivery needs the key the service signs in with (REPORT_SFTP_PRIVATE_KEY_FILE); deliver by email instead',
  },
  PAYOUT_NOT_CANCELLABLE: {
    status: 409,
    message: 'This payout can no longer be cancelled: its cancel window is over or the rail has been asked',
  },
  PAYOUT_NOT_WAITING_APPROVAL: { status: 409, message: 'This payout does not wait for a decision' },
  PAYOUT_AMOUNT_OUT_OF_RANGE: {
    status: 422,
    message: "The amount is outside what the beneficiary's rail pays in one transfer; details name the range",
  },
  PAYOUT_BATCH_NOT_FOUND: { status: 404, message: 'No such payout batch' },
  PAYOUT_BATCH_LINES_INVALID: {
    status: 422,
    message:
      "Some of the batch's lines are not valid; details.lines names each with its line number and errorCode, and nothing was created",
  },
  PAYOUT_BATCH_NOT_CANCELLABLE: {
    status: 409,
    message:
      "This batch can no longer be cancelled: its cancel window is over and its lines' payouts are made",
  },
  PAYOUT_BATCH_NOT_WAITING_APPROVAL: {
    status: 409,
    message: 'This payout batch does not wait for a decision',
  },
  RAIL_NOT_CONFIGURED: {
    status: 422,
    message: "The beneficiary's payout rail is not configured for this mode",
  },
  PAYOUTS_NOT_ENABLED: {
    status: 403,
    message:
      "This app's LIVE payouts are off: finance turns them on in the app's controls (an ADMIN approves it)",
  },
  RAIL_SWITCHED_OFF: {
    status: 422,
    message:
      "The beneficiary's payout rail is switched off for this mode by operators; try again once it is back on",
  },
  REFUND_DESTINATION_REQUIRED: {
    status: 422,
    message:
      "This payment's gateway cannot refund by API: give a destination (a wallet or bank account) to pay the customer back to, or choose finance's manual confirmation",
  },
  REFUND_DESTINATION_CONFLICT: {
    status: 422,
    message: 'Give a destination or choose manual confirmation, not both',
  },
  RAIL_NOT_AVAILABLE: {
    status: 422,
    message:
      'No payout rail can pay this destination now (its rail is not configured, or the amount is outside its limits)',
  },
  PAYMENT_NOT_REFUNDABLE: {
    status: 409,
    message: 'Only a SUCCEEDED or PARTIALLY_REFUNDED payment can be refunded',
  },
  REFUND_EXCEEDS_REFUNDABLE: {
    status: 422,
    message: 'The refund is larger than what is left to refund on this payment',
  },
  ACCOUNT_NOT_FOUND: { status: 404, message: 'No such ledger account' },
  PAYMENT_NOT_FLAGGED: { status: 409, message: 'This payment has no open attention flag' },
  ATTENTION_FUNDS_PARKED: {
    status: 409,
    message: 'Money is parked for this payment: refund it or apply it to the app instead',
  },
  ATTENTION_NOTHING_PARKED: { status: 409, message: 'No captured money is parked for this payment' },
  ATTENTION_REFUND_IN_FLIGHT: {
    status: 409,
    message: 'Part of the parked money is being or has been refunded; it can no longer be applied',
  },
  ATTENTION_REQUEST_NOT_FOUND: { status: 404, message: 'No such request on this payment' },
  ATTENTION_REQUEST_NOT_PENDING: { status: 409, message: 'This request has already been decided' },
  ATTENTION_REQUEST_STALE: {
    status: 409,
    message: 'The flag or its parked money has changed since this request was made; ask again',
  },
  REFUND_NOT_PENDING_APPROVAL: { status: 409, message: 'This refund does not wait for a decision' },
  CONTROL_CHANGE_NOT_FOUND: { status: 404, message: 'No such control change' },
  CONTROL_CHANGE_NOT_PENDING: { status: 409, message: 'This control change has already been decided' },
  CONTROL_CHANGE_STALE: {
    status: 409,
    message: 'The control has changed since this change was proposed; propose it again',
  },
  REFUND_NOT_AWAITING_CONFIRMATION: {
    status: 409,
    message: 'This refund does not wait for a confirmation of its outcome',
  },
  SELF_APPROVAL_FORBIDDEN: {
    status: 403,
    message: 'A refund is decided by someone other than the operator who asked for it',
  },
  APPROVER_ALREADY_APPROVED: {
    status: 403,
    message: 'This refund needs approvals from different people; you have already approved it',
  },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    message: 'This Idempotency-Key was already used with a different request',
  },
  IDEMPOTENCY_REQUEST_IN_PROGRESS: {
    status: 409,
    message: 'A request with this Idempotency-Key is still being processed',
  },
  INVALID_IDEMPOTENCY_KEY: { status: 400, message: 'Idempotency-Key must be 1 to 255 printable characters' },
  SETTLEMENT_FILE_INVALID: {
    status: 422,
    message: 'The settlement report cannot be read: details name the row and column of its first problem',
  },
  SETTLEMENT_IMPORT_NOT_FOUND: { status: 404, message: 'No such settlement import' },
  UPLOAD_TOO_LARGE: {
    status: 413,
    message: 'The file is larger than the upload limit (UPLOAD_MAX_BYTES); details name the limit',
  },
  UPLOAD_DECOMPRESSED_TOO_LARGE: {
    status: 422,
    message:
      'The workbook inflates past the limit (UPLOAD_MAX_DECOMPRESSED_BYTES or UPLOAD_MAX_COMPRESSION_RATIO); details name it',
  },
  UPLOAD_TOO_MANY_ROWS: { status: 422, message: 'The file has more rows than allowed (UPLOAD_MAX_ROWS)' },
  UPLOAD_TOO_MANY_CELLS: {
    status: 422,
    message: 'A row of the file has more columns than allowed (UPLOAD_MAX_COLUMNS)',
  },
  UPLOAD_ARCHIVE_INVALID: {
    status: 422,
    message: 'The workbook is not a sound zip archive (its declared sizes or layout are false)',
  },
  UPLOAD_PARSER_FAILED: {
    status: 422,
    message:
      'Reading the file needed more memory than allowed (UPLOAD_PARSER_HEAP_MB), made no progress for UPLOAD_READER_STALL_SECONDS, or the reader failed; details name the setting',
  },
  UPLOAD_NOT_FOUND: { status: 404, message: 'No such upload' },
  BANK_ACCOUNT_NOT_NAMED: {
    status: 422,
    message:
      'No bank account is named for this gateway and mode: name it (Gateway fees and bank accounts) before importing its statements',
  },
  BANK_STATEMENT_NOT_FOUND: { status: 404, message: 'No such bank statement import' },
  RAIL_STATEMENT_NOT_FOUND: { status: 404, message: 'No such rail statement import' },
  RECON_EXCEPTION_NOT_FOUND: { status: 404, message: 'No such reconciliation exception' },
  RECON_EXCEPTION_NOT_OPEN: { status: 409, message: 'This reconciliation exception is already resolved' },
  RECON_ACTION_NOT_ALLOWED: {
    status: 422,
    message: 'This action does not resolve this kind of reconciliation exception',
  },
  RECON_REFUND_PENDING: {
    status: 409,
    message: 'A refund asked for on this exception waits for approval or the gateway',
  },
  RECON_SECOND_OPERATOR_REQUIRED: {
    status: 403,
    message:
      'Another FINANCE or ADMIN operator must approve this: not the one who proposed it, nor whoever uploaded its report',
  },
  RECON_PROPOSAL_PENDING: {
    status: 409,
    message: 'A proposal on this exception already waits for a second operator',
  },
  RECON_NO_PROPOSAL: { status: 409, message: 'No proposal on this exception waits for approval' },
  RECON_PROPOSAL_STALE: {
    status: 409,
    message: 'What the proposal would post has changed since it was made; propose again',
  },
  CALLBACK_REJECTED: { status: 400, message: 'The gateway callback was rejected' },
  SERVICE_UNAVAILABLE: {
    status: 503,
    message: 'A dependency is unavailable; retry with the same Idempotency-Key',
  },
  NOT_READY: {
    status: 503,
    message: 'Not ready to take traffic: a dependency failed its check, or the process is draining',
  },
  INTERNAL_ERROR: { status: 500, message: 'An unexpected error occurred' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

/** Whether a stored string (a refusal recorded earlier) is one of the catalogue's codes. */
export const isErrorCode = (value: string): value is ErrorCode => Object.hasOwn(ERROR_CATALOGUE, value);

export interface FieldIssue {
  field: string;
  message: string;
  code?: string;
}

/** An error the API turns into its envelope; anything else becomes INTERNAL_ERROR. */
export class ApiError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly details?: FieldIssue[] | Record<string, unknown>,
  ) {
    super(message ?? ERROR_CATALOGUE[code].message);
    this.name = 'ApiError';
    this.status = ERROR_CATALOGUE[code].status;
  }
}
