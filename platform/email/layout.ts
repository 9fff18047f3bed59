import type { Mode } from '../../domain/shared/mode.js';
import { escapeHtml } from '../../domain/shared/text.js';
import type { EmailContent } from './content.js';

/**
 * A message's two bodies: plain text, and simple HTML in the app's colour with its name on top.
 * The HTML is tables and inline styles only, which is what mail clients render alike.
 */

export interface EmailBrand {
  name: string;
  /** `#rrggbb`; anything else falls back to the service's own colour. */
  color: string | null;
}

const DEFAULT_COLOR = '#0f766e';

const escape = escapeHtml;

/** Only a plain colour reaches a style attribute. */
const colorOf = (brand: EmailBrand) =>
  brand.color && /^#[0-9a-fA-F]{6}$/.test(brand.color) ? brand.color : DEFAULT_COLOR;

/** Only http(s) links become buttons; the text body still shows the address. */
const linkable = (url: string) => /^https?:\/\//i.test(url);

function footer(brand: EmailBrand, mode: Mode): string[] {
  return [
    `You receive this email because of your business with ${brand.name}. OI Payments sent it on their behalf.`,
    ...(mode === 'TEST'
      ? ['TEST mode: this message is a rehearsal. No real money was asked for or moved.']
      : []),
  ];
}

export function renderText(content: EmailContent, brand: EmailBrand, mode: Mode): string {
  const width = Math.max(...content.facts.map((f) => f.label.length), 0);
  return [
    brand.name,
    '',
    content.heading,
    '',
    content.greeting,
    '',
    ...content.paragraphs.flatMap((p) => [p, '']),
    ...content.facts.map((f) => `${`${f.label}:`.padEnd(width + 2)}${f.value}`),
    '',
    ...(content.action ? [`${content.action.label}: ${content.action.url}`, ''] : []),
    ...(content.attachmentNote ? [content.attachmentNote, ''] : []),
    '--',
    ...footer(brand, mode),
    '',
  ].join('\n');
}

export function renderHtml(content: EmailContent, brand: EmailBrand, mode: Mode): string {
  const color = colorOf(brand);
  const paragraphs = content.paragraphs.map((p) => `<p style="margin:0 0 12px">${escape(p)}</p>`).join('');
  const facts = content.facts
    .map(
      (f) =>
        `<tr><td style="padding:6px 12px 6px 0;color:#6b7280;white-space:nowrap;vertical-align:top">${escape(f.label)}</td>` +
        `<td style="padding:6px 0;font-weight:600">${escape(f.value)}</td></tr>`,
    )
    .join('');
  const action =
    content.action && linkable(content.action.url)
      ? `<p style="margin:20px 0"><a href="${escape(content.action.url)}" style="display:inline-block;background:${color};color:#ffffff;text-decoration:none;padding:12px 20px;border-radius:6px;font-weight:600">${escape(content.action.label)}</a></p>` +
        `<p style="margin:0 0 12px;font-size:13px;color:#6b7280">Or open this link: <a href="${escape(content.action.url)}" style="color:${color}">${escape(content.action.url)}</a></p>`
      : '';
  const note = content.attachmentNote
    ? `<p style="margin:12px 0 0;color:#6b7280">${escape(content.attachmentNote)}</p>`
    : '';
  const foot = footer(brand, mode)
    .map((line) => `<p style="margin:0 0 6px">${escape(line)}</p>`)
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(content.heading)}</title></head>
<body style="margin:0;padding:0;background:#f3f4f6;font-family:Arial,Helvetica,sans-serif;color:#1f2937">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f3f4f6;padding:24px 0"><tr><td align="center">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:560px;background:#ffffff;border-radius:8px;overflow:hidden">
<tr><td style="background:${color};color:#ffffff;padding:18px 24px;font-size:18px;font-weight:700">${escape(brand.name)}</td></tr>
<tr><td style="padding:24px;font-size:15px;line-height:1.5">
<h1 style="margin:0 0 16px;font-size:20px">${escape(content.heading)}</h1>
<p style="margin:0 0 12px">${escape(content.greeting)}</p>
${paragraphs}
<table role="presentation" cellpadding="0" cellspacing="0" style="margin:8px 0 4px;font-size:14px">${facts}</table>
${action}${note}
</td></tr>
<tr><td style="padding:16px 24px;background:#f9fafb;font-size:12px;color:#6b7280">${foot}</td></tr>
</table></td></tr></table>
</body></html>`;
}
