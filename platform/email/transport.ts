import type nodemailer from 'nodemailer';
import type { NodemailerError } from 'nodemailer';
import { judgeSendFailure } from '../../domain/customer-emails/customer-emails.js';
import type { OutgoingEmail } from './compose.js';

/** Where customers' emails go out: an SMTP server (none: nothing is sent) and the sender's address. */
export interface MailSettings {
  smtpUrl: string | null;
  from: string;
}

/** What the SMTP server answered: it took the message, it may take it later, or it never will. */
export type SendResult =
  { outcome: 'SENT'; messageId: string } | { outcome: 'RETRY' | 'REJECTED'; error: string };

export interface MailTransport {
  send(message: OutgoingEmail): Promise<SendResult>;
}

/**
 * The Message-ID of a message: its key (a customer email's event id) at the sender's domain. The
 * same on every attempt, so a copy sent again after a crash reads as the same message.
 */
export const messageIdOf = (key: string, from: string): string => `<${key}@${from.split('@')[1]}>`;

/** The key a Message-ID of ours names (`<key@domain>`); null for one of any other shape. */
export function keyOfMessageId(messageId: string | null | undefined): string | null {
  const match = /^<([^@<>\s]+)@[^<>\s]+>$/.exec(messageId ?? '');
  return match ? match[1]! : null;
}

const MAX_ERROR_LENGTH = 500;

/** The server's reply when there is one (`550 5.1.1 no such user`), else what went wrong on the way. */
function describe(error: NodemailerError): string {
  const cause = error.originalCode ?? error.code;
  const words = error.response ?? error.message;
  const described = error.responseCode ? words : `${cause ? `${cause}: ` : ''}${words}`;
  return described.slice(0, MAX_ERROR_LENGTH);
}

/** Bounded waits, so a server that stops answering is a failed attempt, not a stuck one. */
const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 60_000 };

/**
 * One SMTP transport per worker; null when no server is configured. nodemailer reads its options
 * from the URL too: `smtps://` is TLS from the first byte, `?requireTLS=true` refuses to send
 * unless STARTTLS succeeds (start-up requires one of them outside the development stack).
 */
export function createMailTransport(settings: MailSettings): MailTransport | null {
  if (!settings.smtpUrl) return null;
  // nodemailer loads only where an SMTP server is set.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const transporter = (require('nodemailer') as typeof nodemailer).createTransport({
    url: settings.smtpUrl,
    ...TIMEOUTS,
  });
  return {
    async send(message) {
      try {
        const info = await transporter.sendMail({
          from: { name: message.fromName, address: settings.from },
          to: message.to,
          subject: message.subject,
          text: message.text,
          html: message.html,
          attachments: message.attachments,
          messageId: messageIdOf(message.key, settings.from),
          headers: { 'Auto-Submitted': 'auto-generated' },
        });
        return { outcome: 'SENT', messageId: info.messageId };
      } catch (error) {
        const failure = error as NodemailerError;
        const verdict = judgeSendFailure({
          responseCode: failure.responseCode ?? null,
          code: failure.code ?? null,
        });
        return { outcome: verdict === 'PERMANENT' ? 'REJECTED' : 'RETRY', error: describe(failure) };
      }
    },
  };
}
