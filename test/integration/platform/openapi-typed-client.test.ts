import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { startStack, type Stack } from '../../helpers/stack.js';

const run = promisify(execFile);
const root = resolve(__dirname, '..', '..', '..');

/**
 * A client generated from the served document reads what the document promises: payment fields
 * that are null until set, each error code's details, an invoice line's discount and the fields a
 * webhook adds to its object. The sample program must type-check in strict mode.
 */
const SAMPLE = `
import type { components, paths, webhooks } from './api';

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;
type GetPayment = Json<paths['/payments/{id}']['get']['responses'][200]>;
type RefundRefused = Json<paths['/payments/{id}/refunds']['post']['responses'][422]>;
type CreatePaymentRefused = Json<paths['/payments']['post']['responses'][400]>;
type PartiallyPaid = webhooks['invoice.partially_paid']['post']['requestBody']['content']['application/json'];
type InstallmentDue = webhooks['invoice.installment_due']['post']['requestBody']['content']['application/json'];

export function gatewayOf(answer: GetPayment): string | null {
  const gateway: string | null = answer.data.gateway;
  // @ts-expect-error the gateway is null until the customer chooses one
  const chosen: string = answer.data.gateway;
  return chosen ?? gateway;
}

export function refundable(answer: RefundRefused): number | undefined {
  if (answer.meta.errorCode === 'REFUND_EXCEEDS_REFUNDABLE') return answer.meta.details?.refundableMinor;
  return undefined;
}

export function refusedFields(answer: CreatePaymentRefused): string[] {
  if (answer.meta.errorCode === 'VALIDATION_ERROR') {
    return (answer.meta.details ?? []).map((issue) => issue.field + ': ' + issue.message + (issue.code ?? ''));
  }
  if (answer.meta.errorCode === 'DUPLICATE_ORDER') return [answer.meta.details.reference];
  return [];
}

export function discounts(invoice: components['schemas']['Invoice']): number[] {
  return invoice.lines.map((line) => {
    const discount = line.discount;
    if (discount === null) return 0;
    return discount.type === 'PERCENT' ? discount.basisPoints : discount.amountMinor;
  });
}

export function planCount(invoice: components['schemas']['Invoice']): number {
  const plan = invoice.installmentPlan;
  if (plan === null) return 1;
  return 'count' in plan ? plan.count : plan.schedule.length;
}

export function paidBy(event: PartiallyPaid): string {
  return event.data.payment.reference + ' ' + event.data.payment.amountMinor + ' ' + event.data.totals.paidMinor;
}

export function reminded(event: InstallmentDue): number {
  return event.data.installment.sequence;
}

export function audited(entry: components['schemas']['AuditEntry']): unknown {
  return entry.before?.['status'];
}
`;

describe('A client generated from the OpenAPI document', () => {
  let stack: Stack;
  let folder: string;

  beforeAll(async () => {
    stack = await startStack({ worker: false });
    folder = await mkdtemp(join(tmpdir(), 'openapi-client-'));
  });
  afterAll(async () => {
    await stack.close();
    await rm(folder, { recursive: true, force: true });
  });

  it('types documented fields so a strict program reads them', async () => {
    const served = await stack.api('GET', '/api/v1/openapi.json');
    expect(served.status).toBe(200);
    await writeFile(join(folder, 'openapi.json'), JSON.stringify(served.body));
    await run(
      process.execPath,
      [
        join(root, 'node_modules/openapi-typescript/bin/cli.js'),
        join(folder, 'openapi.json'),
        '--output',
        join(folder, 'api.ts'),
      ],
      { cwd: folder },
    );
    await writeFile(join(folder, 'sample.ts'), SAMPLE);
    const compiled = await run(
      process.execPath,
      [
        join(root, 'node_modules/typescript/bin/tsc'),
        '--strict',
        '--noEmit',
        '--skipLibCheck',
        '--target',
        'es2022',
        '--module',
        'nodenext',
        '--moduleResolution',
        'nodenext',
        join(folder, 'sample.ts'),
      ],
      { cwd: folder },
    ).then(
      () => '',
      (error: { stdout?: string; stderr?: string }) => `${error.stdout ?? ''}${error.stderr ?? ''}`,
    );
    expect(compiled).toBe('');
  }, 120_000);
});
