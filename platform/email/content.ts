import type { InvoiceView } from '../../db/invoices/invoice-view.js';
import type { PaymentView } from '../../db/payments/payment-view.js';
import type { CustomerEmailKind } from '../../domain/customer-emails/customer-emails.js';
import { formatMoney, isCurrency } from '../../domain/shared/money.js';

/**
 * What each message says, as plain facts and sentences; layout.ts turns them into HTML and text.
 * Every figure comes from the event the message reports, so it says what was true then.
 */
export interface EmailContent {
  heading: string;
  greeting: string;
  paragraphs: string[];
  facts: Array<{ label: string; value: string }>;
  action: { label: string; url: string } | null;
  /** Said when the message carries a PDF. */
  attachmentNote: string | null;
}

/** An installment notice's event: the invoice with the installment it is about. */
type InstallmentNotice = InvoiceView & { installment: InvoiceView['installments'][number] | null };

export interface ContentInput {
  kind: CustomerEmailKind;
  /** The event's data: an InvoiceView (with `installment` for notices) or a PaymentView. */
  data: Record<string, unknown>;
  appName: string;
  paidInvoice: { number: string | null; outstandingMinor: number } | null;
  /** The company's time zone (COMPANY_TIME_ZONE): the one its invoices' due days are counted in. */
  timeZone: string;
}

const money = (amountMinor: number, currency: string) =>
  isCurrency(currency) ? formatMoney(amountMinor, currency) : `${amountMinor} ${currency} (minor units)`;

/** `2027-01-31` as people write it: 31 January 2027. */
function calendarDate(date: string): string {
  const parsed = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime())) return date;
  return new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(parsed);
}

/** An instant in the company's time zone, named: "20 February 2030 at 10:00 (Asia/Dhaka)". */
function timeInZone(iso: string, zone: string): string {
  const parsed = new Date(iso);
  if (Number.isNaN(parsed.getTime())) return iso;
  const text = new Intl.DateTimeFormat('en-GB', {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: zone,
  }).format(parsed);
  return `${text} (${zone})`;
}

const greeting = (name: string | null | undefined) => (name?.trim() ? `Dear ${name.trim()},` : 'Hello,');

function payAction(invoice: InvoiceView, label: string): EmailContent['action'] {
  return invoice.payableUrl ? { label, url: invoice.payableUrl } : null;
}

function invoiceIssued(invoice: InvoiceView, appName: string): EmailContent {
  const number = invoice.number ?? invoice.reference;
  const total = money(invoice.totals.totalMinor, invoice.currency);
  const [first] = invoice.installments;
  const schedule =
    invoice.installments.length > 1 && first
      ? `It is payable in ${invoice.installments.length} installments; the first, ${money(first.amountMinor, invoice.currency)}, is due on ${calendarDate(first.dueDate)}.`
      : `It is due on ${calendarDate(invoice.dueDate)}.`;
  return {
    heading: `Invoice ${number}`,
    greeting: greeting(invoice.customer.name),
    paragraphs: [`${appName} has sent you invoice ${number} for ${total}.`, schedule],
    facts: [
      { label: 'Invoice', value: number },
      { label: 'Total', value: total },
      {
        label: invoice.installments.length > 1 ? 'First installment due' : 'Due',
        value: calendarDate(first?.dueDate ?? invoice.dueDate),
      },
      { label: 'To pay', value: money(invoice.totals.outstandingMinor, invoice.currency) },
    ],
    action: payAction(invoice, 'View and pay the invoice'),
    attachmentNote: 'The invoice is attached as a PDF.',
  };
}

function installmentNotice(notice: InstallmentNotice, appName: string, overdue: boolean): EmailContent {
  const number = notice.number ?? notice.reference;
  const installment = notice.installment;
  const sequence = installment?.sequence ?? 1;
  const left = money(
    installment ? installment.amountMinor - installment.paidMinor : notice.totals.outstandingMinor,
    notice.currency,
  );
  const due = calendarDate(installment?.dueDate ?? notice.dueDate);
  const which = `installment ${sequence} of ${notice.installments.length}`;
  return {
    heading: overdue ? `Installment ${sequence} is overdue` : `Installment ${sequence} is due on ${due}`,
    greeting: greeting(notice.customer.name),
    paragraphs: overdue
      ? [
          `Installment ${sequence} of invoice ${number} from ${appName}, ${left}, was due on ${due} and has not been paid yet.`,
          'If you have paid it in the meantime, thank you; please disregard this message.',
        ]
      : [
          `This is a reminder that installment ${sequence} of invoice ${number} from ${appName}, ${left}, is due on ${due}.`,
        ],
    facts: [
      { label: 'Invoice', value: number },
      { label: 'Installment', value: which },
      { label: overdue ? 'Unpaid' : 'Amount due', value: left },
      { label: 'Due', value: due },
      { label: 'Still to pay on the invoice', value: money(notice.totals.outstandingMinor, notice.currency) },
    ],
    action: payAction(notice, 'Pay now'),
    attachmentNote: null,
  };
}

function paymentReceipt(
  payment: PaymentView,
  appName: string,
  paidInvoice: ContentInput['paidInvoice'],
  zone: string,
): EmailContent {
  const amount = money(payment.amountMinor, payment.currency);
  return {
    heading: 'Payment received',
    greeting: greeting(payment.customerName),
    paragraphs: [`Thank you. ${appName} has received your payment of ${amount}.`],
    facts: [
      { label: 'Amount', value: amount },
      ...(payment.productName ? [{ label: 'For', value: payment.productName }] : []),
      { label: 'Reference', value: payment.reference },
      { label: 'Paid', value: timeInZone(payment.settledAt ?? payment.updatedAt, zone) },
      ...(paidInvoice?.number
        ? [
            { label: 'Invoice', value: paidInvoice.number },
            {
              label: 'Still to pay on the invoice',
              value: money(paidInvoice.outstandingMinor, payment.currency),
            },
          ]
        : []),
    ],
    action: null,
    attachmentNote: 'Your receipt is attached as a PDF.',
  };
}

export function emailContent(input: ContentInput): EmailContent {
  switch (input.kind) {
    case 'invoice_issued':
      return invoiceIssued(input.data as unknown as InvoiceView, input.appName);
    case 'installment_due':
      return installmentNotice(input.data as unknown as InstallmentNotice, input.appName, false);
    case 'installment_overdue':
      return installmentNotice(input.data as unknown as InstallmentNotice, input.appName, true);
    case 'payment_receipt':
      return paymentReceipt(
        input.data as unknown as PaymentView,
        input.appName,
        input.paidInvoice,
        input.timeZone,
      );
  }
}
