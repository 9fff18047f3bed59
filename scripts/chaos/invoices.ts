import { randomUUID } from 'node:crypto';
import { PENDING_CHECKS_AFTER_MS } from '../../domain/payments/pending-checks.js';
import {
  openCheckoutAtApi,
  payAtSimulatedGateway,
  Refused,
  retrying,
  transient,
  type DriverOptions,
} from './driver.js';

/**
 * Invoices through the faults, as an app bills a customer: each with two installments, issued
 * (the customer is emailed the invoice), then paid one installment at a time through the hosted
 * checkout at SSLCOMMERZ (each payment emails a receipt). Every request is retried with its key.
 */

export interface InvoiceDriverResult {
  /** Invoices issued, by reference. */
  issued: string[];
  /** Installment payments created (201). */
  paymentsCreated: number;
  /** Installment payments completed at the gateway. */
  installmentsPaid: number;
  /** Invoices whose every installment was paid and read back SUCCEEDED: each must end PAID. */
  paidInFull: string[];
  /** Invoices some step of which never got an answer within the patience window. */
  givenUp: number;
}

type InvoiceDriverOptions = Pick<
  DriverOptions,
  'apiUrl' | 'simulatorUrl' | 'credentials' | 'stepPatienceMs' | 'concurrency'
> & { invoices: number };

const INSTALLMENTS = 2;

/**
 * How long a paid installment may take to read SUCCEEDED: its IPN can be lost to an outage, and
 * the payment then learns of the money when it asks the gateway, 5 minutes after the click.
 */
const recordPatience = (stepPatienceMs: number) =>
  Math.max(stepPatienceMs, PENDING_CHECKS_AFTER_MS[0]! + 120_000);

export async function driveInvoices(options: InvoiceDriverOptions): Promise<InvoiceDriverResult> {
  const recordPatienceMs = recordPatience(options.stepPatienceMs);
  const result: InvoiceDriverResult = {
    issued: [],
    paymentsCreated: 0,
    installmentsPaid: 0,
    paidInFull: [],
    givenUp: 0,
  };
  const auth = { 'x-api-key': options.credentials.key, 'x-api-secret': options.credentials.secret };

  /** One request, repeated with its Idempotency-Key until answered; the answer's `data`. */
  const call = <T>(method: string, path: string, body: unknown, what: string) => {
    const key = randomUUID();
    return retrying<T>(options.stepPatienceMs, async () => {
      const response = await fetch(`${options.apiUrl}/api/v1${path}`, {
        method,
        headers: { ...auth, 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(30_000),
      });
      if (transient(response.status)) return 'retry';
      if (response.status !== 200 && response.status !== 201)
        throw new Refused(`${what} answered ${response.status}: ${await response.text()}`);
      return ((await response.json()) as { data: T }).data;
    });
  };

  const bill = async (index: number) => {
    const draft = await call<{ reference: string }>(
      'POST',
      '/invoices',
      {
        customer: {
          customerReference: `chaos_invoice_${index}`,
          name: 'Chaos Customer',
          email: `chaos${index}@example.com`,
        },
        lines: [{ description: 'Chaos course', quantity: 1, unitAmountMinor: 20_000 + index * 100 }],
        dueDate: '2035-01-31',
        installmentPlan: { count: INSTALLMENTS, interval: 'MONTH' },
      },
      'invoice create',
    );
    if (!draft) return void (result.givenUp += 1);
    const issued = await call<{ installments: Array<{ amountMinor: number }> }>(
      'POST',
      `/invoices/${draft.reference}/issue`,
      {},
      'invoice issue',
    );
    if (!issued) return void (result.givenUp += 1);
    result.issued.push(draft.reference);
    for (const installment of issued.installments) {
      const payment = await call<{ reference: string }>(
        'POST',
        '/payments',
        {
          gateway: 'sslcommerz',
          invoiceId: draft.reference,
          amountMinor: installment.amountMinor,
          customerReference: `chaos_invoice_${index}`,
          productName: 'Chaos course installment',
        },
        'installment payment',
      );
      if (!payment) return void (result.givenUp += 1);
      result.paymentsCreated += 1;
      if (!(await openCheckoutAtApi(options, payment.reference))) return void (result.givenUp += 1);
      if (!(await payAtSimulatedGateway(options, payment.reference))) return void (result.givenUp += 1);
      result.installmentsPaid += 1;
      // The next installment is asked for once this one is recorded: the API refuses a payment
      // beyond what is outstanding, and a pending one still counts against it.
      const recorded = await retrying(recordPatienceMs, async () => {
        const response = await fetch(`${options.apiUrl}/api/v1/payments/${payment.reference}`, {
          headers: auth,
          signal: AbortSignal.timeout(30_000),
        });
        if (!response.ok) return 'retry';
        const read = (await response.json()) as { data: { status: string } };
        return read.data.status === 'SUCCEEDED' ? true : 'retry';
      });
      if (!recorded) return void (result.givenUp += 1);
    }
    result.paidInFull.push(draft.reference);
  };

  let next = 0;
  const lanes = Array.from({ length: Math.min(options.concurrency, options.invoices) }, async () => {
    while (next < options.invoices) await bill(next++);
  });
  await Promise.all(lanes);
  return result;
}
