import { randomUUID } from 'node:crypto';
import { createMailTransport, type MailSettings } from './transport.js';
import type { OutgoingEmail } from './compose.js';

/**
 * The one-time link that lets an operator choose their password (a new local account, or a reset
 * a second ADMIN approved), sent to the operator's own address: nobody who asked for it sees it.
 */
export function operatorResetEmail(input: {
  to: string;
  resetUrl: string;
  expiresAt: Date;
  isNewAccount: boolean;
}): OutgoingEmail {
  const opening = input.isNewAccount
    ? 'An operator account for the payment service was created for you.'
    : 'A reset of your payment service password was approved.';
  const text = [
    opening,
    '',
    `Choose your password here (once, until ${input.expiresAt.toISOString()}):`,
    input.resetUrl,
    '',
    'If you did not expect this, tell your security team: someone asked for it in your name.',
  ].join('\n');
  const escape = (value: string) =>
    value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
  return {
    key: randomUUID(),
    fromName: 'OI Payments',
    to: input.to,
    subject: input.isNewAccount ? 'Your OI Payments operator account' : 'Your OI Payments password reset',
    text,
    html: `<p>${escape(opening)}</p><p>Choose your password here (once, until ${escape(
      input.expiresAt.toISOString(),
    )}):</p><p><a href="${escape(input.resetUrl)}">${escape(input.resetUrl)}</a></p><p>If you did not expect this, tell your security team: someone asked for it in your name.</p>`,
    attachments: [],
  };
}

/**
 * Sends it now; throws when no SMTP server is configured or the server refuses, so the approval
 * that issued the link does not commit without the person receiving it.
 */
export async function sendOperatorResetEmail(settings: MailSettings, message: OutgoingEmail): Promise<void> {
  const transport = createMailTransport(settings);
  if (!transport) throw new Error('no SMTP server is configured (SMTP_URL)');
  const result = await transport.send(message);
  if (result.outcome !== 'SENT') throw new Error(`the mail server did not take the message: ${result.error}`);
}
