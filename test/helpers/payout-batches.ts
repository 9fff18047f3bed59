import type { Credentials, Stack } from './stack.js';

/** Payout batch calls and reads for the tests: the app's API, and what PostgreSQL holds. */

export const walletLine = (n: number, amountMinor = 1000 + n) => ({
  lineReference: `line-${String(n).padStart(4, '0')}`,
  amountMinor,
  beneficiary: {
    type: 'BKASH_WALLET',
    walletNumber: `0171${String(1000000 + n).slice(-7)}`,
    name: `Winner ${n}`,
  },
  narrative: 'Quiz prize',
});

export function payoutBatchCalls(stack: Stack) {
  return {
    createBatch: (creds: Credentials, lines: unknown[], key?: string) =>
      stack.api('POST', '/api/v1/payout-batches', {
        creds,
        body: { lines },
        ...(key && { headers: { 'idempotency-key': key } }),
      }),
    readBatch: async (creds: Credentials, reference: string) =>
      (await stack.api('GET', `/api/v1/payout-batches/${reference}`, { creds })).body.data,
    /** Each line's payout, once made, in line order. */
    payoutsOfBatch: (reference: string) =>
      stack.em().execute<Array<{ reference: string; status: string; line_number: number }>>(
        `select p.reference, p.status, l.line_number from payout_batch_lines l
           join payout_batches b on b.id = l.batch_id join payouts p on p.id = l.payout_id
          where b.reference = ? order by l.line_number`,
        [reference],
      ),
    batchEvents: async (reference: string) =>
      (
        await stack
          .em()
          .execute<Array<{ type: string }>>(
            `select type from events where source_type = 'payout_batch' and source_id = ? order by created_at`,
            [reference],
          )
      ).map((row) => row.type),
  };
}
