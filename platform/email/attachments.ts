import type { AppBrand, EmailToSend } from '../../db/customer-emails/customer-emails.js';
import type { InvoiceView } from '../../db/invoices/invoice-view.js';
import type { PaymentView } from '../../db/payments/payment-view.js';
import type { DocumentBrand } from '../documents/brand.js';
import { renderInvoicePdf } from '../documents/invoice-pdf.js';
import { loadLogo } from '../documents/logo.js';
import { renderReceiptPdf, type ReceiptDocument } from '../documents/receipt-pdf.js';

/** The PDF a message carries: the receipt of a settled payment, the invoice just issued. */
export interface PdfAttachment {
  filename: string;
  content: Buffer;
  contentType: 'application/pdf';
}

/** The receipt as the payment's event reported it, with the invoice it paid (if it paid one). */
export function receiptDocument(
  payment: PaymentView,
  paidInvoice: EmailToSend['paidInvoice'],
  timeZone: string,
): ReceiptDocument {
  return {
    reference: payment.reference,
    paidAt: new Date(payment.settledAt ?? payment.updatedAt),
    timeZone,
    amountMinor: payment.amountMinor,
    currency: payment.currency,
    description: payment.productName,
    customer: { name: payment.customerName, email: payment.customerEmail },
    method: (payment.gateway ?? '').toUpperCase(),
    mode: payment.mode,
    invoice: paidInvoice?.number
      ? { number: paidInvoice.number, outstandingMinor: paidInvoice.outstandingMinor }
      : null,
  };
}

async function documentBrand(brand: AppBrand): Promise<DocumentBrand> {
  return { name: brand.displayName, color: brand.brandColor, logo: await loadLogo(brand.logoUrl) };
}

/** A file name made only of characters every mail client keeps. */
const fileName = (stem: string) => `${stem.replace(/[^A-Za-z0-9._-]+/g, '-')}.pdf`;

/** The PDFs a message carries, their dates in the company's time zone (`timeZone`). */
export async function pdfAttachments(message: EmailToSend, timeZone: string): Promise<PdfAttachment[]> {
  const { email, data } = message;
  if (email.kind === 'payment_receipt') {
    const payment = data as unknown as PaymentView;
    const content = await renderReceiptPdf(
      receiptDocument(payment, message.paidInvoice, timeZone),
      await documentBrand(message.brand),
    );
    return [{ filename: fileName(`receipt-${payment.reference}`), content, contentType: 'application/pdf' }];
  }
  if (email.kind === 'invoice_issued') {
    const invoice = data as unknown as InvoiceView;
    const content = await renderInvoicePdf(invoice, await documentBrand(message.brand), timeZone);
    return [
      {
        filename: fileName(`invoice-${invoice.number ?? invoice.reference}`),
        content,
        contentType: 'application/pdf',
      },
    ];
  }
  return [];
}
