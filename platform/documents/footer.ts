import { MUTED, RULE } from './brand.js';
import { inBottomMargin, PAGE } from './pdf-document.js';
import { write } from './text.js';

/** Every page's footer, written once all pages exist so each can say "Page 2 of 3". */
export function drawFooters(doc: PDFKit.PDFDocument, text: string): void {
  const { start, count } = doc.bufferedPageRange();
  const top = PAGE.height - 44;
  for (let index = start; index < start + count; index++) {
    doc.switchToPage(index);
    inBottomMargin(doc, () => {
      doc.moveTo(PAGE.margin, top).lineTo(PAGE.right, top).lineWidth(0.5).strokeColor(RULE).stroke();
      const style = { size: 7.5, color: MUTED };
      write(doc, text, PAGE.margin, top + 6, PAGE.contentWidth - 80, style);
      write(doc, `Page ${index - start + 1} of ${count}`, PAGE.right - 80, top + 6, 80, {
        ...style,
        align: 'right',
      });
    });
  }
}
