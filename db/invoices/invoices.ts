import type { EntityManager } from '@mikro-orm/postgresql';
import type { InvoiceTotals, LineDiscount, PricedLine } from '../../domain/invoices/invoice-arithmetic.js';
import type { PlannedInstallment, PlanRequest } from '../../domain/invoices/installments.js';
import type { InvoiceStatus } from '../../domain/invoices/invoices.js';
import { companyZone } from '../../domain/shared/company-time.js';
import type { PaymentInFlight } from '../../domain/invoices/pay-page.js';
import type { Mode } from '../../domain/shared/mode.js';
import type { AppScope } from '../payments/payments.js';
import { instant, json, text, type Row } from '../../platform/orm/row-values.js';

/** Invoices, their lines and installments, as plain SQL like the other money tables. */

export interface InvoiceCustomer {
  reference: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  address: string | null;
}

export interface InvoiceLine extends PricedLine {
  position: number;
}

export interface InvoiceInstallment {
  sequence: number;
  amountMinor: number;
  dueDate: string;
  paidMinor: number;
  paidAt: Date | null;
  remindedAt: Date | null;
  overdueAt: Date | null;
}

/** What an invoice says: set on a draft, fixed once it is issued. */
export interface InvoiceContent {
  currency: string;
  customer: InvoiceCustomer;
  dueDate: string;
  notes: string | null;
  metadata: Record<string, unknown>;
  plan: PlanRequest | null;
  lines: PricedLine[];
  totals: InvoiceTotals;
  installments: PlannedInstallment[];
}

/** A stored invoice: its content, with positions and payments on its lines and installments. */
export interface Invoice extends Omit<InvoiceContent, 'lines' | 'installments'> {
  id: number;
  reference: string;
  appId: number;
  mode: Mode;
  status: InvoiceStatus;
  number: string | null;
  paidMinor: number;
  payableToken: string | null;
  idempotencyKey: string | null;
  createdByOperatorId: number | null;
  issuedAt: Date | null;
  paidAt: Date | null;
  voidedAt: Date | null;
  voidReason: string | null;
  createdAt: Date;
  updatedAt: Date;
  lines: InvoiceLine[];
  installments: InvoiceInstallment[];
}

/** A `date` column read back as the calendar date it holds. */
const DATE_TEXT = (column: string) => `to_char(${column}, 'YYYY-MM-DD')`;

const INVOICE_COLUMNS = `id, reference, app_id, mode, status, number, currency, customer_reference, customer_name,
  customer_email, customer_phone, customer_address, ${DATE_TEXT('due_date')} as due_date, notes, metadata, plan,
  subtotal_minor, discount_minor, tax_minor, total_minor, paid_minor, payable_token, idempotency_key,
  created_by_operator_id, issued_at, paid_at, voided_at, void_reason, created_at, updated_at`;

function invoiceFromRow(row: Row, lines: InvoiceLine[], installments: InvoiceInstallment[]): Invoice {
  return {
    id: Number(row.id),
    reference: String(row.reference),
    appId: Number(row.app_id),
    mode: row.mode as Mode,
    status: row.status as InvoiceStatus,
    number: text(row.number),
    currency: String(row.currency),
    customer: {
      reference: String(row.customer_reference),
      name: text(row.customer_name),
      email: text(row.customer_email),
      phone: text(row.customer_phone),
      address: text(row.customer_address),
    },
    dueDate: String(row.due_date),
    notes: text(row.notes),
    metadata: json(row.metadata),
    plan: row.plan == null ? null : json(row.plan),
    totals: {
      subtotalMinor: Number(row.subtotal_minor),
      discountMinor: Number(row.discount_minor),
      taxMinor: Number(row.tax_minor),
      totalMinor: Number(row.total_minor),
    },
    paidMinor: Number(row.paid_minor),
    payableToken: text(row.payable_token),
    idempotencyKey: text(row.idempotency_key),
    createdByOperatorId: row.created_by_operator_id == null ? null : Number(row.created_by_operator_id),
    issuedAt: instant(row.issued_at),
    paidAt: instant(row.paid_at),
    voidedAt: instant(row.voided_at),
    voidReason: text(row.void_reason),
    createdAt: instant(row.created_at)!,
    updatedAt: instant(row.updated_at)!,
    lines,
    installments,
  };
}

function lineFromRow(row: Row): InvoiceLine {
  const discount: LineDiscount | null =
    row.discount_type === 'PERCENT'
      ? { type: 'PERCENT', basisPoints: Number(row.discount_value) }
      : row.discount_type === 'AMOUNT'
        ? { type: 'AMOUNT', amountMinor: Number(row.discount_value) }
        : null;
  return {
    position: Number(row.position),
    description: String(row.description),
    quantity: Number(row.quantity),
    unitAmountMinor: Number(row.unit_amount_minor),
    taxRateBasisPoints: Number(row.tax_rate_basis_points),
    discount,
    grossMinor: Number(row.gross_minor),
    discountMinor: Number(row.discount_minor),
    taxMinor: Number(row.tax_minor),
    totalMinor: Number(row.total_minor),
  };
}

function installmentFromRow(row: Row): InvoiceInstallment {
  return {
    sequence: Number(row.sequence),
    amountMinor: Number(row.amount_minor),
    dueDate: String(row.due_date),
    paidMinor: Number(row.paid_minor),
    paidAt: instant(row.paid_at),
    remindedAt: instant(row.reminded_at),
    overdueAt: instant(row.overdue_at),
  };
}

/** Invoices matching `where`, each with its lines and installments (two more queries in all). */
async function selectInvoices(
  em: EntityManager,
  where: string,
  params: unknown[],
  suffix = '',
): Promise<Invoice[]> {
  const rows = await em.execute<Row[]>(
    `select ${INVOICE_COLUMNS} from invoices where ${where} ${suffix}`,
    params,
  );
  if (!rows.length) return [];
  const ids = rows.map((row) => Number(row.id));
  const [lines, installments] = await Promise.all([
    em.execute<Row[]>(
      `select * from invoice_lines where invoice_id in (select jsonb_array_elements_text(?::jsonb)::bigint)
        order by invoice_id, position`,
      [JSON.stringify(ids)],
    ),
    em.execute<Row[]>(
      `select invoice_id, sequence, amount_minor, ${DATE_TEXT('due_date')} as due_date, paid_minor, paid_at,
         reminded_at, overdue_at
       from invoice_installments where invoice_id in (select jsonb_array_elements_text(?::jsonb)::bigint)
       order by invoice_id, sequence`,
      [JSON.stringify(ids)],
    ),
  ]);
  const linesOf = group(lines, lineFromRow);
  const installmentsOf = group(installments, installmentFromRow);
  return rows.map((row) =>
    invoiceFromRow(row, linesOf.get(Number(row.id)) ?? [], installmentsOf.get(Number(row.id)) ?? []),
  );
}

function group<T>(rows: Row[], map: (row: Row) => T): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const row of rows) {
    const id = Number(row.invoice_id);
    out.set(id, [...(out.get(id) ?? []), map(row)]);
  }
  return out;
}

async function selectInvoice(em: EntityManager, where: string, params: unknown[]): Promise<Invoice | null> {
  const [invoice] = await selectInvoices(em, where, params);
  return invoice ?? null;
}

export function findInvoiceById(em: EntityManager, id: number): Promise<Invoice | null> {
  return selectInvoice(em, 'id = ?', [id]);
}

/** By numeric id or `inv_…` reference, across apps (operators). */
export function findInvoice(em: EntityManager, idOrReference: string | number): Promise<Invoice | null> {
  return typeof idOrReference === 'number'
    ? findInvoiceById(em, idOrReference)
    : selectInvoice(em, 'reference = ?', [idOrReference]);
}

/** The column and value naming an invoice: its numeric id or its reference. */
const keyOf = (idOrReference: string | number): [string, string | number] =>
  typeof idOrReference === 'number' ? ['id', idOrReference] : ['reference', idOrReference];

/** One of an app's invoices in its credential's mode, by id or reference; null for anyone else's. */
export function findScopedInvoice(
  em: EntityManager,
  scope: AppScope,
  idOrReference: string | number,
): Promise<Invoice | null> {
  const [column, value] = keyOf(idOrReference);
  return selectInvoice(em, `${column} = ? and app_id = ? and mode = ?`, [value, scope.appId, scope.mode]);
}

/** As `findScopedInvoice`, taking the invoice's row lock for the rest of the transaction first. */
export async function lockScopedInvoice(
  tx: EntityManager,
  scope: AppScope,
  idOrReference: string | number,
): Promise<Invoice | null> {
  const [column, value] = keyOf(idOrReference);
  const [row] = await tx.execute<Array<{ id: string }>>(
    `select id from invoices where ${column} = ? and app_id = ? and mode = ? for update`,
    [value, scope.appId, scope.mode],
  );
  return row ? findInvoiceById(tx, Number(row.id)) : null;
}

export function findInvoiceByIdempotencyKey(
  em: EntityManager,
  scope: AppScope,
  key: string,
): Promise<Invoice | null> {
  return selectInvoice(em, 'app_id = ? and mode = ? and idempotency_key = ?', [scope.appId, scope.mode, key]);
}

/** The invoice behind a payable link; drafts have no token, so they are never found. */
export function findInvoiceByToken(em: EntityManager, token: string): Promise<Invoice | null> {
  return selectInvoice(em, 'payable_token = ?', [token]);
}

/** Takes the invoice's row lock for the rest of the transaction and reads it. */
export async function lockInvoice(tx: EntityManager, id: number): Promise<Invoice | null> {
  await tx.execute('select id from invoices where id = ? for update', [id]);
  return findInvoiceById(tx, id);
}

/** Stores a new DRAFT with its lines and installments, in the caller's transaction. */
export async function insertInvoice(
  tx: EntityManager,
  scope: AppScope,
  input: InvoiceContent & {
    reference: string;
    idempotencyKey: string | null;
    createdByOperatorId: number | null;
  },
): Promise<Invoice> {
  const [row] = await tx.execute<Array<{ id: string }>>(
    `insert into invoices (reference, app_id, mode, status, currency, customer_reference, customer_name,
       customer_email, customer_phone, customer_address, due_date, notes, metadata, plan, subtotal_minor,
       discount_minor, tax_minor, total_minor, idempotency_key, created_by_operator_id)
     values (?, ?, ?, 'DRAFT', ?, ?, ?, ?, ?, ?, ?::date, ?, ?::jsonb, ?::jsonb, ?, ?, ?, ?, ?, ?) returning id`,
    [
      input.reference,
      scope.appId,
      scope.mode,
      ...contentColumns(input),
      input.idempotencyKey,
      input.createdByOperatorId,
    ],
  );
  const id = Number(row!.id);
  await writeLinesAndInstallments(tx, id, input);
  return (await findInvoiceById(tx, id))!;
}

function contentColumns(input: InvoiceContent): unknown[] {
  return [
    input.currency,
    input.customer.reference,
    input.customer.name,
    input.customer.email,
    input.customer.phone,
    input.customer.address,
    input.dueDate,
    input.notes,
    JSON.stringify(input.metadata),
    input.plan === null ? null : JSON.stringify(input.plan),
    input.totals.subtotalMinor,
    input.totals.discountMinor,
    input.totals.taxMinor,
    input.totals.totalMinor,
  ];
}

async function writeLinesAndInstallments(tx: EntityManager, invoiceId: number, input: InvoiceContent) {
  await tx.execute('delete from invoice_lines where invoice_id = ?', [invoiceId]);
  await tx.execute('delete from invoice_installments where invoice_id = ?', [invoiceId]);
  // Rows travel as one JSON array: the driver would spread a JavaScript array into a list.
  await tx.execute(
    `insert into invoice_lines (invoice_id, position, description, quantity, unit_amount_minor,
       tax_rate_basis_points, discount_type, discount_value, gross_minor, discount_minor, tax_minor, total_minor)
     select ?, l.* from jsonb_to_recordset(?::jsonb) as l(position int, description text, quantity bigint,
       unit_amount_minor bigint, tax_rate_basis_points int, discount_type text, discount_value bigint,
       gross_minor bigint, discount_minor bigint, tax_minor bigint, total_minor bigint)`,
    [
      invoiceId,
      JSON.stringify(
        input.lines.map((l, i) => ({
          position: i + 1,
          description: l.description,
          quantity: l.quantity,
          unit_amount_minor: l.unitAmountMinor,
          tax_rate_basis_points: l.taxRateBasisPoints,
          discount_type: l.discount?.type ?? null,
          discount_value:
            l.discount === null
              ? null
              : l.discount.type === 'PERCENT'
                ? l.discount.basisPoints
                : l.discount.amountMinor,
          gross_minor: l.grossMinor,
          discount_minor: l.discountMinor,
          tax_minor: l.taxMinor,
          total_minor: l.totalMinor,
        })),
      ),
    ],
  );
  await tx.execute(
    `insert into invoice_installments (invoice_id, sequence, amount_minor, due_date)
     select ?, i.* from jsonb_to_recordset(?::jsonb) as i(sequence int, amount_minor bigint, due_date date)`,
    [
      invoiceId,
      JSON.stringify(
        input.installments.map((i) => ({
          sequence: i.sequence,
          amount_minor: i.amountMinor,
          due_date: i.dueDate,
        })),
      ),
    ],
  );
}

/** Replaces a DRAFT's content (the caller holds its lock and has checked it is a draft). */
export async function replaceDraft(
  tx: EntityManager,
  invoiceId: number,
  input: InvoiceContent,
): Promise<Invoice> {
  await tx.execute(
    `update invoices set currency = ?, customer_reference = ?, customer_name = ?, customer_email = ?,
       customer_phone = ?, customer_address = ?, due_date = ?::date, notes = ?, metadata = ?::jsonb,
       plan = ?::jsonb, subtotal_minor = ?, discount_minor = ?, tax_minor = ?, total_minor = ?, updated_at = now()
     where id = ? and status = 'DRAFT'`,
    [...contentColumns(input), invoiceId],
  );
  await writeLinesAndInstallments(tx, invoiceId, input);
  return (await findInvoiceById(tx, invoiceId))!;
}

/**
 * Issues a DRAFT: the next number of the app's sequence for the mode and year, the payable
 * link's token, OPEN. Returns null when it was no longer a draft (a second issue).
 */
export async function markIssued(
  tx: EntityManager,
  invoice: Pick<Invoice, 'id' | 'appId' | 'mode'>,
  year: number,
  numberFor: (sequence: number) => string,
  token: string,
): Promise<Invoice | null> {
  const [next] = await tx.execute<Array<{ last_number: number }>>(
    `insert into invoice_numbers (app_id, mode, year, last_number) values (?, ?, ?, 1)
     on conflict (app_id, mode, year) do update set last_number = invoice_numbers.last_number + 1
     returning last_number`,
    [invoice.appId, invoice.mode, year],
  );
  const moved = await tx.execute<Array<{ id: string }>>(
    `update invoices set status = 'OPEN', number = ?, payable_token = ?, issued_at = now(), updated_at = now()
     where id = ? and status = 'DRAFT' returning id`,
    [numberFor(Number(next!.last_number)), token, invoice.id],
  );
  return moved.length ? findInvoiceById(tx, invoice.id) : null;
}

export async function markVoided(
  tx: EntityManager,
  invoiceId: number,
  reason: string | null,
): Promise<Invoice | null> {
  const moved = await tx.execute<Array<{ id: string }>>(
    `update invoices set status = 'VOID', voided_at = now(), void_reason = ?, updated_at = now()
     where id = ? and status in ('DRAFT', 'OPEN', 'PARTIALLY_PAID') returning id`,
    [reason, invoiceId],
  );
  return moved.length ? findInvoiceById(tx, invoiceId) : null;
}

/** What payments still in flight for an invoice (CREATED or PENDING) may yet bring in. */
export async function invoicePaymentsInFlight(
  tx: EntityManager,
  invoice: Pick<Invoice, 'reference' | 'appId' | 'mode'>,
): Promise<{ count: number; amountMinor: number }> {
  const [row] = await tx.execute<Array<{ count: string; amount: string }>>(
    `select count(*) as count, coalesce(sum(amount_minor), 0) as amount from payments
      where invoice_id = ? and app_id = ? and mode = ? and status in ('CREATED', 'PENDING')`,
    [invoice.reference, invoice.appId, invoice.mode],
  );
  return { count: Number(row?.count ?? 0), amountMinor: Number(row?.amount ?? 0) };
}

/** The invoice's payments still in flight, one by one, for the pay page to continue one of them. */
export async function listInvoicePaymentsInFlight(
  em: EntityManager,
  invoice: Pick<Invoice, 'reference' | 'appId' | 'mode'>,
): Promise<PaymentInFlight[]> {
  const rows = await em.execute<Row[]>(
    `select reference, status, amount_minor, expires_at from payments
      where invoice_id = ? and app_id = ? and mode = ? and status in ('CREATED', 'PENDING')
      order by id`,
    [invoice.reference, invoice.appId, invoice.mode],
  );
  return rows.map((row) => ({
    reference: String(row.reference),
    status: row.status as PaymentInFlight['status'],
    amountMinor: Number(row.amount_minor),
    expiresAt: instant(row.expires_at)!,
  }));
}

/** Every payment made for an invoice, oldest first, as operators read them beside it. */
export async function paymentsOfInvoice(
  em: EntityManager,
  invoice: Pick<Invoice, 'reference' | 'appId' | 'mode'>,
): Promise<
  Array<{ reference: string; status: string; amountMinor: number; createdAt: Date; settledAt: Date | null }>
> {
  const rows = await em.execute<Row[]>(
    `select reference, status, amount_minor, created_at, settled_at from payments
      where invoice_id = ? and app_id = ? and mode = ? order by id`,
    [invoice.reference, invoice.appId, invoice.mode],
  );
  return rows.map((row) => ({
    reference: String(row.reference),
    status: String(row.status),
    amountMinor: Number(row.amount_minor),
    createdAt: instant(row.created_at)!,
    settledAt: instant(row.settled_at),
  }));
}

/** Records a settled payment on the invoice and its installments (the caller decided the amounts). */
export async function recordInvoicePayment(
  tx: EntityManager,
  invoice: Invoice,
  paidPerInstallment: number[],
  status: InvoiceStatus,
): Promise<Invoice> {
  const paidMinor = paidPerInstallment.reduce((sum, paid) => sum + paid, 0);
  await tx.execute(
    `update invoice_installments i set paid_minor = p.paid,
       paid_at = case when p.paid = i.amount_minor and i.paid_at is null then now() else i.paid_at end
     from jsonb_to_recordset(?::jsonb) as p(sequence int, paid bigint)
     where i.invoice_id = ? and i.sequence = p.sequence`,
    [
      JSON.stringify(
        invoice.installments.map((i, at) => ({ sequence: i.sequence, paid: paidPerInstallment[at] })),
      ),
      invoice.id,
    ],
  );
  await tx.execute(
    `update invoices set paid_minor = ?, status = ?, paid_at = case when ? = 'PAID' then now() else paid_at end,
       updated_at = now() where id = ?`,
    [paidMinor, status, status, invoice.id],
  );
  return (await findInvoiceById(tx, invoice.id))!;
}

/** Marks an installment's reminder or overdue notice as sent, once; false when it already was. */
export async function markInstallmentNotice(
  tx: EntityManager,
  invoiceId: number,
  sequence: number,
  notice: 'reminded_at' | 'overdue_at',
): Promise<boolean> {
  const moved = await tx.execute<Array<{ sequence: number }>>(
    `update invoice_installments set ${notice} = now()
      where invoice_id = ? and sequence = ? and ${notice} is null returning sequence`,
    [invoiceId, sequence],
  );
  return moved.length > 0;
}

export async function markInvoiceWorkflowStarted(em: EntityManager, invoiceId: number): Promise<void> {
  await em.execute('update invoices set workflow_started = true where id = ? and not workflow_started', [
    invoiceId,
  ]);
}

/** Issued, unpaid invoices whose workflow may never have started (the API stopped after issuing). */
export function invoicesAwaitingWorkflow(
  em: EntityManager,
  issuedBefore: Date,
  limit: number,
): Promise<Invoice[]> {
  return selectInvoices(
    em,
    `not workflow_started and status in ('OPEN', 'PARTIALLY_PAID') and issued_at < ?`,
    [issuedBefore],
    `order by issued_at, id limit ${Math.max(1, Math.floor(limit))}`,
  );
}

export interface InvoiceListFilters {
  appId?: number;
  mode: Mode;
  status?: InvoiceStatus[];
  customer?: string;
  /** Only issued, unpaid invoices with an installment past its due date (as of `now`). */
  overdue?: boolean;
  now: Date;
  /** The company's time zone (COMPANY_TIME_ZONE; Asia/Dhaka when none), whose midnight ends a due date. */
  companyTimeZone: string | undefined;
  from?: Date;
  to?: Date;
  /** Overdue ones first (the dashboard's order), else newest first. */
  overdueFirst?: boolean;
  page: number;
  size: number;
}

/**
 * The first unpaid installment is past the end of its due day in the company's time zone. Its two
 * values: the zone (COMPANY_TIME_ZONE), then the time it is judged at.
 */
const OVERDUE_SQL = `status in ('OPEN', 'PARTIALLY_PAID') and exists (select 1 from invoice_installments i
  where i.invoice_id = invoices.id and i.paid_minor < i.amount_minor
    and (i.due_date + 1)::timestamp at time zone ?::text <= ?)`;

export async function listInvoices(
  em: EntityManager,
  filters: InvoiceListFilters,
): Promise<{ items: Invoice[]; total: number }> {
  const zone = companyZone(filters.companyTimeZone);
  const conditions = ['mode = ?'];
  const params: unknown[] = [filters.mode];
  if (filters.appId !== undefined) {
    conditions.push('app_id = ?');
    params.push(filters.appId);
  }
  if (filters.status?.length) {
    conditions.push(`status in (${filters.status.map(() => '?').join(', ')})`);
    params.push(...filters.status);
  }
  if (filters.customer !== undefined) {
    conditions.push('customer_reference = ?');
    params.push(filters.customer);
  }
  if (filters.overdue !== undefined) {
    conditions.push(filters.overdue ? OVERDUE_SQL : `not (${OVERDUE_SQL})`);
    params.push(zone, filters.now);
  }
  if (filters.from) {
    conditions.push('created_at >= ?');
    params.push(filters.from);
  }
  if (filters.to) {
    conditions.push('created_at < ?');
    params.push(filters.to);
  }
  const where = conditions.join(' and ');
  const [counted] = await em.execute<Array<{ total: string }>>(
    `select count(*) as total from invoices where ${where}`,
    params,
  );
  const order = filters.overdueFirst
    ? `order by (${OVERDUE_SQL}) desc, created_at desc, id desc`
    : 'order by created_at desc, id desc';
  const orderParams = filters.overdueFirst ? [zone, filters.now] : [];
  const limit = `limit ${filters.size} offset ${(filters.page - 1) * filters.size}`;
  const items = await selectInvoices(em, where, [...params, ...orderParams], `${order} ${limit}`);
  return { items, total: Number(counted?.total ?? 0) };
}
