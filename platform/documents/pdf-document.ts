import type PDFKitDocument from 'pdfkit';
import { useShapedFonts } from './fonts.js';

const WIDTH = 595.28;
const HEIGHT = 841.89;
const MARGIN = 44;

/** An A4 page's geometry, in points, shared by every document the service prints. */
export const PAGE = {
  width: WIDTH,
  height: HEIGHT,
  margin: MARGIN,
  right: WIDTH - MARGIN,
  contentWidth: WIDTH - 2 * MARGIN,
  /** Where running content stops; the footer sits below. */
  contentBottom: HEIGHT - 64,
} as const;

export interface DocumentInfo {
  title: string;
  author: string;
  subject: string;
  /**
   * Taken from the document's data (an invoice's issue, a payment's settlement), never the
   * clock: the same data then renders the same bytes.
   */
  createdAt: Date;
}

/** A new A4 document with the shaped fonts, keeping its pages open for footers to be added last. */
export function newDocument(info: DocumentInfo): PDFKit.PDFDocument {
  // pdfkit and its font libraries load with the first document, not with every process.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const PDFDocument = require('pdfkit') as typeof PDFKitDocument;
  const doc = new PDFDocument({
    size: 'A4',
    margin: PAGE.margin,
    bufferPages: true,
    autoFirstPage: true,
    displayTitle: true,
    lang: 'en',
    info: {
      Title: info.title,
      Author: info.author,
      Subject: info.subject,
      Creator: 'OI Payments',
      CreationDate: info.createdAt,
      ModDate: info.createdAt,
    },
  });
  useShapedFonts(doc);
  return doc;
}

/** Ends the document and collects its bytes. */
export function toBuffer(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

/**
 * Writes in the bottom margin, where pdfkit would otherwise start a new page for the text.
 */
export function inBottomMargin(doc: PDFKit.PDFDocument, draw: () => void): void {
  const margins = doc.page.margins;
  const bottom = margins.bottom;
  margins.bottom = 0;
  try {
    draw();
  } finally {
    margins.bottom = bottom;
  }
}
