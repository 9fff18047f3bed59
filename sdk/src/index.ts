export { OiPayments, type OiPaymentsOptions } from './client.js';
export { OiPaymentsConnectionError, OiPaymentsError, WebhookVerificationError } from './errors.js';
export { Webhooks, type WebhookHeaders } from './webhooks.js';
export type { RequestOptions } from './request-options.js';
export type { RetrySettings } from './retry-policy.js';
export type { FetchLike } from './retrying-fetch.js';
export type * from './types.js';
