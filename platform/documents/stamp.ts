import { measureWidth, write } from './text.js';

/** A rubber stamp's look for a document's state: PAID, VOID, DRAFT. */
const STAMP_COLORS = {
  PAID: '#1e7d4f',
  VOID: '#b3261e',
  DRAFT: '#6b7280',
} as const;

const STYLE = { size: 18, bold: true };
const PADDING_X = 12;
const HEIGHT = 34;

/** Draws the stamp tilted, its top-right corner near (right, top); returns its height. */
export function drawStamp(
  doc: PDFKit.PDFDocument,
  word: keyof typeof STAMP_COLORS,
  right: number,
  top: number,
): number {
  const color = STAMP_COLORS[word];
  const width = measureWidth(doc, word, STYLE) + 2 * PADDING_X;
  const x = right - width - 6;
  doc.save();
  doc.rotate(-8, { origin: [x + width / 2, top + HEIGHT / 2] });
  doc.opacity(0.85);
  doc.roundedRect(x, top, width, HEIGHT, 4).lineWidth(2).strokeColor(color).stroke();
  write(doc, word, x, top + 5, width, { ...STYLE, color, align: 'center' });
  doc.restore();
  return HEIGHT + 8;
}
