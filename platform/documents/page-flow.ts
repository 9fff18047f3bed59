import { PAGE } from './pdf-document.js';

/**
 * Where the next block goes, top to bottom across pages. A block asks for its height first, so
 * a table row, a totals block or a payment panel is never cut by a page break.
 */
export class PageFlow {
  y: number;

  constructor(
    private readonly doc: PDFKit.PDFDocument,
    top: number,
    /** Draws what a continued page starts with (a short header); returns where content resumes. */
    private readonly continuePage: () => number,
  ) {
    this.y = top;
  }

  /** True when a new page was started to make room. */
  ensure(height: number): boolean {
    if (this.y + height <= PAGE.contentBottom) return false;
    this.doc.addPage();
    this.y = this.continuePage();
    return true;
  }

  space(points: number): void {
    this.y += points;
  }
}
