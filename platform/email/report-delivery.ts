import { escapeHtml } from '../../domain/shared/text.js';
import type { OutgoingEmail } from './compose.js';

/**
 * The email a scheduled report is delivered by: what it covers, how many rows, and a link that
 * downloads the file without signing in, for 7 days. The file itself is not attached: a link
 * expires and is audited when used, an attachment lives forever in every mailbox it reaches.
 */
export function reportDeliveryEmail(input: {
  /** Stable across attempts (the run and recipient): the Message-ID is made of it. */
  key: string;
  to: string;
  scheduleName: string;
  what: string;
  period: { from: string; to: string };
  rowCount: number;
  fileName: string;
  url: string;
  validUntil: Date;
  mode: string;
}): OutgoingEmail {
  const days =
    input.period.from === input.period.to ? input.period.from : `${input.period.from} to ${input.period.to}`;
  const lines = [
    `${input.scheduleName}: ${input.what}, ${days} (${input.mode}).`,
    `${input.rowCount} ${input.rowCount === 1 ? 'row' : 'rows'}, in ${input.fileName}.`,
    '',
    `Download it here until ${input.validUntil.toISOString()} (no sign-in needed; each download is recorded):`,
    input.url,
    '',
    'After that, anyone who may read reports downloads it again from the dashboard (Reports) for 90 days.',
  ];
  const html = lines
    .filter((line) => line !== '')
    .map((line) =>
      line === input.url
        ? `<p><a href="${escapeHtml(input.url)}">${escapeHtml(input.fileName)}</a></p>`
        : `<p>${escapeHtml(line)}</p>`,
    )
    .join('');
  return {
    key: input.key,
    fromName: 'OI Payments reports',
    to: input.to,
    subject: `${input.scheduleName}: ${days}`,
    text: lines.join('\n'),
    html,
    attachments: [],
  };
}
