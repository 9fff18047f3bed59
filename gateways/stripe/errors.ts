import { stripeSdk } from './sdk.js';
import { GatewayError } from '../types.js';

/**
 * Stripe SDK errors in our terms. A refusal of the request itself (bad parameters, a declined
 * card, a wrong key) is the gateway's business answer; a failure to get any answer (network,
 * 5xx, throttling) means "try again later". An idempotency conflict means we sent two different
 * requests under one key: our bug, not Stripe's verdict.
 */
export function toGatewayError(error: unknown, operation: string): unknown {
  // A Stripe error can only come from the SDK, so it is loaded by now.
  const Stripe = stripeSdk();
  if (!(error instanceof Stripe.errors.StripeError)) return error;
  const details = {
    operation,
    type: error.type,
    code: error.code ?? null,
    param: error.param ?? null,
    statusCode: error.statusCode ?? null,
    requestId: error.requestId ?? null,
  };
  if (error instanceof Stripe.errors.StripeIdempotencyError) {
    return new GatewayError('GATEWAY_PROTOCOL_ERROR', error.message, details);
  }
  if (
    error instanceof Stripe.errors.StripeInvalidRequestError ||
    error instanceof Stripe.errors.StripeCardError ||
    error instanceof Stripe.errors.StripePermissionError ||
    error instanceof Stripe.errors.StripeAuthenticationError
  ) {
    return new GatewayError('GATEWAY_REJECTED', error.message, details);
  }
  if (
    error instanceof Stripe.errors.StripeConnectionError ||
    error instanceof Stripe.errors.StripeRateLimitError ||
    error instanceof Stripe.errors.StripeAPIError ||
    (error.statusCode ?? 0) >= 500
  ) {
    return new GatewayError('GATEWAY_UNAVAILABLE', error.message, details);
  }
  return new GatewayError('GATEWAY_PROTOCOL_ERROR', error.message, details);
}

/** Runs one SDK call, translating its errors. */
export async function callStripe<T>(operation: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toGatewayError(error, operation);
  }
}
