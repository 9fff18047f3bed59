import { OiPaymentsError } from './errors.js';
import type { ErrorMeta, Pagination } from './types.js';

/** What openapi-fetch resolves to: the parsed body on success, the parsed error body otherwise. */
export interface Answer<D> {
  data?: D;
  error?: unknown;
  response: Response;
}

function isErrorEnvelope(body: unknown): body is { meta: ErrorMeta } {
  const meta = (body as { meta?: { success?: unknown; errorCode?: unknown } } | null)?.meta;
  return (
    typeof meta === 'object' && meta !== null && meta.success === false && typeof meta.errorCode === 'string'
  );
}

/** The OiPaymentsError for an answer that is not a success. */
export function errorOf(answer: Answer<unknown>): OiPaymentsError {
  const { error, response } = answer;
  if (isErrorEnvelope(error)) return new OiPaymentsError(response.status, error.meta, response.headers);
  const text = typeof error === 'string' ? error.slice(0, 200) : undefined;
  return new OiPaymentsError(response.status, null, response.headers, text || undefined);
}

/** The `data` of a success envelope; an error answer throws OiPaymentsError. */
export function unwrap<T>(answer: Answer<{ data: T }>): T {
  if (answer.data === undefined || !answer.response.ok) throw errorOf(answer);
  return answer.data.data;
}

/** A list answer's `data` (items, and summary where there is one) with its `pagination`. */
export function unwrapPage<T extends object>(
  answer: Answer<{ data: T; pagination: Pagination }>,
): T & { pagination: Pagination } {
  if (answer.data === undefined || !answer.response.ok) throw errorOf(answer);
  return { ...answer.data.data, pagination: answer.data.pagination };
}
