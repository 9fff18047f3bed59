import type { EntityManager } from '@mikro-orm/postgresql';
import { registerApp } from '../../db/apps/apps.js';
import { postJournalEntries } from '../../db/ledger/ledger.js';
import type { Payment } from '../../platform/orm/entities.js';
import { insertPayment, transitionPayment } from '../../db/payments/payments.js';
import { newPaymentReference } from '../../domain/shared/ids.js';
import { captureEntries } from '../../domain/ledger/ledger.js';
import { scratchDatabase } from './scratch-database.js';
import { TEST_PEPPER } from './stack.js';

/**
 * A ledger on a database of its own, with one app, for the checks that break it on purpose
 * (`ledger:verify` reads the shared database when the suite is done).
 */
export interface ScratchLedger {
  url: string;
  appId: number;
  em: () => EntityManager;
  drop: () => Promise<void>;
}

export async function scratchLedger(appName: string): Promise<ScratchLedger> {
  const { orm, url, drop } = await scratchDatabase();
  const em = () => orm.em.fork() as EntityManager;
  const appId = (await registerApp(em(), { name: appName }, TEST_PEPPER)).app.id;
  return { url, appId, em, drop };
}

/**
 * A TEST payment of 100.00 BDT the way the service settles it: SUCCEEDED, with its capture (and
 * fee, where the gateway reported one) posted, unless `post` is false.
 */
export async function capturedPayment(
  ledger: ScratchLedger,
  options: { gateway: string; feeMinor: number | null; customerReference: string; post?: boolean },
): Promise<Payment> {
  return ledger.em().transactional(async (tx) => {
    const payment = await insertPayment(tx, {
      reference: newPaymentReference(),
      appId: ledger.appId,
      mode: 'TEST',
      amountMinor: 10_000,
      currency: 'BDT',
      customerReference: options.customerReference,
      customerEmail: null,
      customerPhone: null,
      customerName: null,
      productName: null,
      invoiceId: null,
      orderId: null,
      metadata: {},
      returnUrl: null,
      cancelUrl: null,
      gateway: options.gateway,
      expiresAt: new Date(Date.now() + 3_600_000),
      idempotencyKey: null,
    });
    await transitionPayment(tx, { paymentId: payment.id, from: ['CREATED'], to: 'SUCCEEDED' });
    if (options.post ?? true) {
      await postJournalEntries(
        tx,
        captureEntries({
          paymentReference: payment.reference,
          appId: String(ledger.appId),
          mode: 'TEST',
          gateway: options.gateway,
          currency: 'BDT',
          amountMinor: 10_000,
          feeMinor: options.feeMinor,
        }),
      );
    }
    return payment;
  });
}
