import { z } from 'zod';
import { isCurrency, toDecimalString } from '../../../domain/shared/money.js';
import { MAX_CHARGE_MINOR, MIN_CHARGE_MINOR, SESSION_LIFETIME_SECONDS } from '../protocol.js';
import { unixSeconds } from './context.js';
import type { Simulator } from './context.js';
import { invalidRequest, resourceMissing } from './errors.js';
import type { FormObject } from './form.js';
import { newId } from './ids.js';
import { expandList, integer, metadata, parseParams } from './params.js';
import { expire } from './payments.js';
import type { Deliveries } from './payments.js';
import type { SimSession } from './state.js';

/** `POST /v1/checkout/sessions` for one-off payments on the hosted page, and its retrieval and expiry. */

const lineItem = z
  .object({
    quantity: integer.pipe(z.number().int().min(1).max(999_999)),
    price_data: z
      .object({
        currency: z.string().regex(/^[a-z]{3}$/, 'must be a lower-case ISO currency code'),
        unit_amount: integer.pipe(z.number().int().min(0)),
        product_data: z
          .object({ name: z.string().min(1).max(250), description: z.string().max(500).optional() })
          .strict(),
      })
      .strict(),
  })
  .strict();

const createSchema = z
  .object({
    mode: z.literal('payment', 'this simulator takes mode=payment only'),
    line_items: z.array(lineItem).min(1).max(100),
    success_url: z.string().url().max(5000).optional(),
    cancel_url: z.string().url().max(5000).optional(),
    client_reference_id: z
      .string()
      .max(200)
      .regex(/^[A-Za-z0-9_-]+$/, 'may hold letters, digits, dashes and underscores only')
      .optional(),
    customer_email: z.string().email().max(800).optional(),
    metadata: metadata.optional(),
    payment_intent_data: z
      .object({ metadata: metadata.optional(), description: z.string().max(1000).optional() })
      .strict()
      .optional(),
    payment_method_types: z.array(z.enum(['card', 'us_bank_account'])).optional(),
    expires_at: integer.optional(),
    locale: z.string().optional(),
    ui_mode: z.literal('hosted_page').optional(),
    expand: expandList,
  })
  .strict();

type CreateParams = z.infer<typeof createSchema>;

function money(amountMinor: number, currency: string): string {
  const code = currency.toUpperCase();
  return isCurrency(code)
    ? `${toDecimalString(amountMinor, code)} ${currency}`
    : `${amountMinor} ${currency}`;
}

/** One currency across the line items, within Stripe's minimum and maximum charge. */
function orderTotal(params: CreateParams): { amountMinor: number; currency: string } {
  const currencies = new Set(params.line_items.map((item) => item.price_data.currency));
  if (currencies.size > 1) throw invalidRequest('All line items must use the same currency.', 'line_items');
  const currency = params.line_items[0]?.price_data.currency ?? '';
  const code = currency.toUpperCase();
  if (!isCurrency(code))
    throw invalidRequest(`Invalid currency: ${currency}.`, 'line_items[0][price_data][currency]');
  const amountMinor = params.line_items.reduce(
    (sum, item) => sum + item.price_data.unit_amount * item.quantity,
    0,
  );
  if (amountMinor < MIN_CHARGE_MINOR[code]) {
    throw invalidRequest(
      `The Checkout Session's total amount due must add up to at least ${money(MIN_CHARGE_MINOR[code], currency)}`,
      undefined,
      'amount_too_small',
    );
  }
  if (amountMinor > MAX_CHARGE_MINOR) {
    throw invalidRequest(
      `The Checkout Session's total amount due must be no more than ${money(MAX_CHARGE_MINOR, currency)}`,
      undefined,
      'amount_too_large',
    );
  }
  return { amountMinor, currency };
}

function expiresAt(params: CreateParams, created: number): number {
  if (params.expires_at === undefined) return created + SESSION_LIFETIME_SECONDS.max;
  if (params.expires_at < created + SESSION_LIFETIME_SECONDS.min) {
    throw invalidRequest(
      'The `expires_at` timestamp must be at least 30 minutes from Checkout Session creation.',
      'expires_at',
    );
  }
  if (params.expires_at > created + SESSION_LIFETIME_SECONDS.max) {
    throw invalidRequest(
      'The `expires_at` timestamp must be less than 24 hours from Checkout Session creation.',
      'expires_at',
    );
  }
  return params.expires_at;
}

export function createSession(simulator: Simulator, form: FormObject): SimSession {
  const params = parseParams(createSchema, form);
  const { amountMinor, currency } = orderTotal(params);
  const created = unixSeconds(simulator);
  const session: SimSession = {
    id: newId.session(),
    created,
    expiresAt: expiresAt(params, created),
    clientReferenceId: params.client_reference_id ?? null,
    amountMinor,
    amountTotal: amountMinor,
    currency,
    productName: params.line_items.map((item) => item.price_data.product_data.name).join(', '),
    successUrl: params.success_url ?? null,
    cancelUrl: params.cancel_url ?? null,
    customerEmail: params.customer_email ?? null,
    metadata: params.metadata ?? {},
    intentMetadata: params.payment_intent_data?.metadata ?? {},
    status: 'open',
    paymentStatus: 'unpaid',
    paymentIntentId: null,
    asyncSettlement: null,
  };
  simulator.state.sessions.set(session.id, session);
  return session;
}

export function findSession(simulator: Simulator, id: string): SimSession {
  const session = simulator.state.sessions.get(id);
  if (!session) throw resourceMissing('checkout.session', id, 'session');
  return session;
}

export function expireSession(simulator: Simulator, session: SimSession): Deliveries {
  if (session.status !== 'open') {
    throw invalidRequest('Only Checkout Sessions with a status in ["open"] can be expired.', 'session');
  }
  return expire(simulator, session);
}

/** The `expand[]` list of a request (query string for GET, body for POST). */
export function expansions(params: FormObject): string[] {
  return parseParams(z.object({ expand: expandList }).passthrough(), params).expand ?? [];
}
