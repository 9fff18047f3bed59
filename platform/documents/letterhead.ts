import { brandColor, headingColor, RULE, textOn, type DocumentBrand } from './brand.js';
import { PAGE } from './pdf-document.js';
import { write } from './text.js';

/** The top of every page: a bar in the brand's colour and, in TEST mode, a band saying so. */

const BAR = 6;
const TEST_BAND = 18;
const TEST_COLOR = '#b45309';
const LOGO_BOX: [number, number] = [150, 54];

/** Draws the bar (and the TEST band); returns where the page's content may start. */
export function drawPageTop(
  doc: PDFKit.PDFDocument,
  brand: DocumentBrand,
  testNotice: string | null,
): number {
  doc.rect(0, 0, PAGE.width, BAR).fill(brandColor(brand));
  if (!testNotice) return PAGE.margin;
  doc.rect(0, BAR, PAGE.width, TEST_BAND).fill(TEST_COLOR);
  write(doc, testNotice, PAGE.margin, BAR + 4, PAGE.contentWidth, {
    size: 7.5,
    bold: true,
    color: textOn(TEST_COLOR),
    align: 'center',
  });
  return PAGE.margin + TEST_BAND;
}

/** What pdfkit's `openImage` returns; its type definitions leave the method out. */
interface OpenedImage {
  width: number;
  height: number;
}

/** A logo pdfkit cannot decode (truncated, an unusual PNG) is left out, never a failed document. */
function openLogo(doc: PDFKit.PDFDocument, logo: Buffer | null): OpenedImage | null {
  if (!logo) return null;
  try {
    return (doc as unknown as { openImage(source: Buffer): OpenedImage }).openImage(logo);
  } catch {
    return null;
  }
}

/** The app's logo, if it has one, and its name under it; returns the bottom of the block. */
export function drawIssuer(
  doc: PDFKit.PDFDocument,
  brand: DocumentBrand,
  top: number,
  width: number,
): number {
  let y = top;
  const logo = openLogo(doc, brand.logo);
  if (logo) {
    const scale = Math.min(LOGO_BOX[0] / logo.width, LOGO_BOX[1] / logo.height);
    // pdfkit draws an image it has opened as readily as the bytes it came from.
    doc.image(logo as unknown as Buffer, PAGE.margin, y, {
      width: logo.width * scale,
      height: logo.height * scale,
    });
    y += logo.height * scale + 8;
  }
  y += write(doc, brand.name, PAGE.margin, y, width, { size: 15, bold: true, color: headingColor(brand) });
  return y;
}

/** The short header of a continued page: who, which document, and a rule under it. */
export function drawContinuedHeader(
  doc: PDFKit.PDFDocument,
  brand: DocumentBrand,
  testNotice: string | null,
  title: string,
): number {
  const top = drawPageTop(doc, brand, testNotice) - 16;
  const half = PAGE.contentWidth / 2;
  const name = write(doc, brand.name, PAGE.margin, top, half, {
    size: 8.5,
    bold: true,
    color: headingColor(brand),
  });
  const heading = write(doc, title, PAGE.margin + half, top, half, { size: 8.5, align: 'right' });
  const bottom = top + Math.max(name, heading) + 4;
  doc.moveTo(PAGE.margin, bottom).lineTo(PAGE.right, bottom).lineWidth(0.5).strokeColor(RULE).stroke();
  return bottom + 12;
}
