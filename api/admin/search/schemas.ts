import { z } from 'zod';
import { SEARCH_TERM_MAX } from '../../../domain/reports/search.js';

/** The search's query: one term, as typed in the dashboard's search box. */
export const searchQuery = z.strictObject({
  q: z
    .string()
    .trim()
    .min(1, 'type a reference, an order id, a transaction id, a phone or an invoice number')
    .max(SEARCH_TERM_MAX)
    .describe(
      "A payment, refund, payout or invoice reference; an order id; a gateway's transaction or refund id; a customer's phone or a wallet or account paid (01XXXXXXXXX, +8801XXXXXXXXX and 8801… alike); an invoice number",
    ),
});
