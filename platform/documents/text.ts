import { INK } from './brand.js';
import { FONT } from './fonts.js';

/** Text set in one of the document fonts, measured the way it is drawn. */
export interface TextStyle {
  size: number;
  bold?: boolean;
  color?: string;
  align?: 'left' | 'right' | 'center';
  /** Extra space between wrapped lines, in points. */
  lineGap?: number;
}

const BENGALI = /[\u0980-\u09ff]/;

function apply(doc: PDFKit.PDFDocument, style: TextStyle): void {
  doc.font(style.bold ? FONT.bold : FONT.regular).fontSize(style.size);
}

/** The height `text` takes wrapped to `width`. */
export function measure(doc: PDFKit.PDFDocument, text: string, width: number, style: TextStyle): number {
  apply(doc, style);
  return doc.heightOfString(text, { width, lineGap: style.lineGap ?? 0 });
}

/** The width `text` takes on one line. */
export function measureWidth(doc: PDFKit.PDFDocument, text: string, style: TextStyle): number {
  apply(doc, style);
  return doc.widthOfString(text);
}

/** Writes `text` wrapped to `width` with its top at `y`; returns the height it took. */
export function write(
  doc: PDFKit.PDFDocument,
  text: string,
  x: number,
  y: number,
  width: number,
  style: TextStyle,
  link?: string,
): number {
  const height = measure(doc, text, width, style);
  doc.fillColor(style.color ?? INK);
  // Readers that honour /ActualText (Acrobat, Poppler) take Bangla whole from here; pdf.js does
  // not, and reads the text each glyph carries instead (glyph-text.ts).
  const bangla = BENGALI.test(text);
  if (bangla) doc.markContent('Span', { actual: text });
  doc.text(text, x, y, {
    width,
    align: style.align ?? 'left',
    lineGap: style.lineGap ?? 0,
    ...(link && { link }),
  });
  if (bangla) doc.endMarkedContent();
  return height;
}
