import type { EmailToSend } from '../../db/customer-emails/customer-emails.js';
import { pdfAttachments, type PdfAttachment } from './attachments.js';
import { emailContent } from './content.js';
import { renderHtml, renderText } from './layout.js';

/** A message ready for the SMTP server. */
export interface OutgoingEmail {
  /** Stable across attempts (the event id): the Message-ID is made of it. */
  key: string;
  /** The sender's display name: the app the customer deals with. */
  fromName: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  attachments: PdfAttachment[];
}

/**
 * Renders a queued message from the event it reports and the app's brand as it is now, its times
 * in the company's time zone (`timeZone`, COMPANY_TIME_ZONE).
 */
export async function composeCustomerEmail(message: EmailToSend, timeZone: string): Promise<OutgoingEmail> {
  const { email, brand } = message;
  const content = emailContent({
    kind: email.kind,
    data: message.data,
    appName: brand.displayName,
    paidInvoice: message.paidInvoice,
    timeZone,
  });
  const look = { name: brand.displayName, color: brand.brandColor };
  return {
    key: email.eventId,
    fromName: brand.displayName,
    to: email.recipient,
    subject: email.subject,
    text: renderText(content, look, email.mode),
    html: renderHtml(content, look, email.mode),
    attachments: await pdfAttachments(message, timeZone),
  };
}
