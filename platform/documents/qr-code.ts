import type QRCode from 'qrcode';

/**
 * Draws a QR code as vector squares: sharp at any zoom or print size, and no image to embed.
 * Dark modules side by side in a row are one rectangle, so no viewer shows seams between them.
 * The quiet zone of four modules that scanners need is painted white around it.
 */
export function drawQrCode(doc: PDFKit.PDFDocument, text: string, x: number, y: number, size: number): void {
  // Loaded with the first code drawn, not with every process.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { modules } = (require('qrcode') as typeof QRCode).create(text, { errorCorrectionLevel: 'M' });
  const quiet = 4;
  const module = size / (modules.size + 2 * quiet);
  doc.save();
  doc.rect(x, y, size, size).fill('#ffffff');
  for (let row = 0; row < modules.size; row++) {
    let column = 0;
    while (column < modules.size) {
      if (!modules.get(row, column)) {
        column++;
        continue;
      }
      const start = column;
      while (column < modules.size && modules.get(row, column)) column++;
      doc.rect(x + (start + quiet) * module, y + (row + quiet) * module, (column - start) * module, module);
    }
  }
  doc.fill('#000000');
  doc.restore();
}
