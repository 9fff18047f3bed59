// Reads a PDF the way a viewer does, with pdf.js, in a Node process of its own: pdf.js is an
// ES module, which Jest's CommonJS test environment cannot import.
//   node pdf-reader.mjs <file.pdf> [<page-1.png> [scale]]
// prints {"pages": n, "text": ["page 1 text", …]} and, given a PNG path, renders page 1 there.
import { readFileSync, writeFileSync } from 'node:fs';

// pdf.js 6 expects Node 22; these are the two methods of it Node 20 lacks.
ArrayBuffer.prototype.transferToFixedLength ??= function transferToFixedLength(length = this.byteLength) {
  const copy = new ArrayBuffer(length);
  new Uint8Array(copy).set(new Uint8Array(this, 0, Math.min(length, this.byteLength)));
  return copy;
};
Promise.withResolvers ??= function withResolvers() {
  let resolve;
  let reject;
  const promise = new Promise((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
};

const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');

const [file, pngPath, scale = '1'] = process.argv.slice(2);
const pdf = await getDocument({
  data: new Uint8Array(readFileSync(file)),
  // Fonts are drawn from the embedded font program, as a viewer would, not from system fonts.
  disableFontFace: true,
  verbosity: 0,
}).promise;

/** A page's text as a reader copies it: items joined, a line break where pdf.js ends a line. */
async function pageText(page) {
  const content = await page.getTextContent();
  return content.items.map((item) => item.str + (item.hasEOL ? '\n' : '')).join('');
}

const text = [];
for (let number = 1; number <= pdf.numPages; number++) text.push(await pageText(await pdf.getPage(number)));

if (pngPath) {
  const page = await pdf.getPage(1);
  const viewport = page.getViewport({ scale: Number(scale) });
  const canvasAndContext = pdf.canvasFactory.create(viewport.width, viewport.height);
  await page.render({ canvasContext: canvasAndContext.context, canvas: canvasAndContext.canvas, viewport })
    .promise;
  writeFileSync(pngPath, canvasAndContext.canvas.toBuffer('image/png'));
}

process.stdout.write(JSON.stringify({ pages: pdf.numPages, text }));
