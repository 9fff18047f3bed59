import { PAYMENT_EXPIRY_MINUTES } from '../../domain/payments/payment-expiry.js';
import { CURSOR_OR_PAGE, cursorOrPage, queryCursor, queryInstant, queryInt } from '../query-values.js';
import { z } from 'zod';
import { CURRENCIES } from '../../domain/shared/money.js';
import { boundedText, visibleText } from '../../domain/shared/text-fields.js';
import { metadataField } from '../../domain/shared/metadata-field.js';
import { PAYMENT_STATUSES } from '../../domain/payments/payment-status.js';
import { PAYMENT_METHOD_TYPES } from '../../domain/payments/payment-method-type.js';
import { GATEWAY_MODULES } from '../../gateways/catalogue.js';

/**
 * Request and response schemas: strict (unknown fields are an error), and the single source of
 * the OpenAPI document.
 */
const httpUrl = z.url({ protocol: /^https?$/ }).max(2048);
export const createPaymentBody = z
  .strictObject({
    amountMinor: z
      .number()
      .int()
      .positive()
      .max(Number.MAX_SAFE_INTEGER)
      .describe('Integer minor units, > 0 (10000 = 100.00 BDT)'),
    currency: z.enum(CURRENCIES).default('BDT').describe('ISO-4217 code; defaults to BDT'),
    customerReference: visibleText(128).describe('Your identifier for the customer'),
    customerEmail: z.email().max(254).optional(),
    customerPhone: z
      .string()
      .regex(/^\+?[0-9][0-9 -]{5,19}$/, 'Invalid phone number')
      .optional(),
    customerName: visibleText(100).optional(),
    productName: visibleText(255).optional().describe('Shown on the checkout page'),
    invoiceId: visibleText(64).optional().describe('Link this payment to an invoice'),
    orderId: visibleText(128)
      .optional()
      .describe(
        'Your order id: a second payment for an order that has an open or succeeded one is refused (409 DUPLICATE_ORDER)',
      ),
    metadata: metadataField(),
    returnUrl: httpUrl.optional().describe('Where checkout links the customer back after the outcome'),
    cancelUrl: httpUrl.optional().describe('Where checkout links the customer back after cancelling'),
    expiresInMinutes: z
      .number()
      .int()
      .min(PAYMENT_EXPIRY_MINUTES.min)
      .max(PAYMENT_EXPIRY_MINUTES.max)
      .optional()
      .describe(
        `Checkout window, ${PAYMENT_EXPIRY_MINUTES.min} to ${PAYMENT_EXPIRY_MINUTES.max} minutes; default ${PAYMENT_EXPIRY_MINUTES.default}`,
      ),
    gateway: visibleText(32)
      .optional()
      .describe(
        `The gateway to pay with (${GATEWAY_MODULES.map((module) => module.name).join(', ')}); without it the customer chooses among the app's gateways on the hosted checkout`,
      ),
  })
  .meta({
    // What the reference shows and "Try it out" sends: runnable as it is with a TEST key, again and
    // again (no orderId, which would refuse a second payment for the order).
    examples: [
      {
        amountMinor: 125000,
        currency: 'BDT',
        customerReference: 'customer-58213',
        customerEmail: 'farhana.rahman@example.com',
        customerPhone: '+8801712345678',
        customerName: 'Farhana Rahman',
        productName: 'Pro plan, annual',
        metadata: { plan: 'pro-annual', cartId: 'cart-77120' },
        returnUrl: 'https://shop.example.com/orders/complete',
        cancelUrl: 'https://shop.example.com/cart',
      },
    ],
  });

export type CreatePaymentBody = z.infer<typeof createPaymentBody>;

const statusList = z
  .string()
  .transform((v) => v.split(',').map((s) => s.trim().toUpperCase()))
  .pipe(z.array(z.enum(PAYMENT_STATUSES)).min(1));

const instant = queryInstant();

export const listPaymentsQuery = z
  .strictObject({
    customerReference: boundedText(128).min(1).optional(),
    status: statusList.optional().describe('One status, or several separated by commas'),
    gateway: boundedText(32).min(1).optional(),
    orderId: boundedText(128).min(1).optional().describe("Only this order's payments"),
    paymentMethod: boundedText(64)
      .min(1)
      .optional()
      .describe("Only payments made with this wallet or card scheme, in the gateway's words"),
    paymentMethodType: z
      .enum(PAYMENT_METHOD_TYPES)
      .optional()
      .describe(`Only payments paid with this kind of method: ${PAYMENT_METHOD_TYPES.join(', ')}`),
    from: instant.optional().describe('Created at or after (ISO-8601)'),
    to: instant.optional().describe('Created before (ISO-8601)'),
    amountMin: queryInt({ min: 0 }).optional(),
    amountMax: queryInt({ min: 0 }).optional(),
    page: queryInt({ min: 1, max: 100000 }).default(1),
    size: queryInt({ min: 1, max: 100 }).default(20),
    after: queryCursor('payment'),
  })
  .refine(cursorOrPage, CURSOR_OR_PAGE);

export const paymentIdParam = z
  .string()
  .regex(/^(\d{1,15}|pay_[0-9a-z]{20})$/, 'Expected a payment id or reference');
