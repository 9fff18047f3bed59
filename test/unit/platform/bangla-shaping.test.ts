import PDFDocument from 'pdfkit';
import { FONT, fontPath, loadFont, useShapedFonts } from '../../../platform/documents/fonts.js';
import { glyphTexts } from '../../../platform/documents/glyph-text.js';
import { scriptRuns } from '../../../platform/documents/harfbuzz.js';
import { write } from '../../../platform/documents/text.js';
import { runNodeScript } from '../../helpers/node-script.js';
import { readPdf } from '../../helpers/pdf.js';

/**
 * Bangla in documents is shaped by HarfBuzz, not by pdfkit's own shaper, which mis-forms স্ক্র:
 * the glyphs pdfkit writes must be the ones HarfBuzz (through harfbuzzjs's own API) chooses,
 * and the text a reader extracts must be the text that was written.
 */

const TEXTS = ['স্ক্র', 'সাবস্ক্রিপশন', 'ক্ষ', 'জ্ঞান', 'শ্রী', 'রহিম উদ্দিন', 'বিশ্ববিদ্যালয়'];

/** pdfkit's font object for the current font: its subset maps the ids it writes to font glyph ids. */
const subsetOf = (doc: PDFKit.PDFDocument) => (doc as any)._font.subset as { glyphs: number[] };

/** Draws each text on a line of its own; returns, per text, the font glyph ids the page shows. */
async function glyphsWritten(doc: PDFKit.PDFDocument, texts: string[]): Promise<number[][]> {
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise((resolve) => doc.on('end', resolve));
  for (const text of texts) doc.text(text);
  const { glyphs } = subsetOf(doc);
  doc.end();
  await ended;
  const pdf = Buffer.concat(chunks).toString('latin1');
  // Each text() line is one BT…ET text object; its glyphs are the hex strings of its TJ arrays.
  return [...pdf.matchAll(/BT\n([\s\S]*?)\nET/g)].map(([, block]) =>
    [...block!.matchAll(/<([0-9a-f]+)>/g)].flatMap(([, hex]) =>
      hex!.match(/.{4}/g)!.map((id) => glyphs[parseInt(id, 16)]!),
    ),
  );
}

const BANGLA_NAME = 'রহিম উদ্দিন';

/** A PDF literal string (backslash escapes) holding UTF-16BE text after its byte-order mark. */
function utf16FromPdfLiteral(literal: string): string {
  const escapes: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' };
  const raw = literal.replace(/\\([0-7]{1,3}|.)/g, (_, escaped: string) =>
    /^[0-7]+$/.test(escaped) ? String.fromCharCode(parseInt(escaped, 8)) : (escapes[escaped] ?? escaped),
  );
  const bytes = Buffer.from(raw, 'latin1').subarray(2);
  return bytes.swap16().toString('utf16le');
}

const harfBuzzReference = (texts: string[]) =>
  runNodeScript<number[][]>('harfbuzz-reference.mjs', [fontPath('regular'), JSON.stringify(texts)]);

describe('Bangla shaping', () => {
  it('writes the glyphs HarfBuzz chooses, conjuncts included', async () => {
    const doc = new PDFDocument({ compress: false });
    useShapedFonts(doc);
    doc.font(FONT.regular);
    const written = await glyphsWritten(doc, TEXTS);
    const reference = await harfBuzzReference(TEXTS);
    expect(written).toEqual(reference);
    expect(reference[0]).toEqual([251, 305, 320, 346]);
  });

  it("differs from pdfkit's own shaper where that one mis-forms স্ক্র", async () => {
    const doc = new PDFDocument({ compress: false });
    doc.registerFont('unshaped', loadFont('regular').bytes);
    doc.font('unshaped');
    const [fontkit] = await glyphsWritten(doc, ['স্ক্র']);
    const [reference] = await harfBuzzReference(['স্ক্র']);
    expect(fontkit).toEqual([54, 70, 25, 320, 279]);
    expect(fontkit).not.toEqual(reference);
  });

  it('extracts as the text that was written, in the order it was typed', async () => {
    const doc = new PDFDocument({ compress: false });
    useShapedFonts(doc);
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    const ended = new Promise((resolve) => doc.on('end', resolve));
    const texts = [...TEXTS, 'Web hosting (১২ মাস), ৳ 1,250.50', 'Plan/সাবস্ক্রিপশন'];
    for (const text of texts) doc.text(text);
    doc.end();
    await ended;
    const { text } = await readPdf(Buffer.concat(chunks));
    expect(text[0]!.trimEnd().split('\n')).toEqual(texts);
  });

  it('also gives readers that honour /ActualText each Bangla run whole, and nothing else', async () => {
    const doc = new PDFDocument({ compress: false });
    useShapedFonts(doc);
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    const ended = new Promise((resolve) => doc.on('end', resolve));
    write(doc, BANGLA_NAME, 50, 50, 300, { size: 12 });
    write(doc, 'Invoice INV-2030-000042', 50, 80, 300, { size: 12 });
    doc.end();
    await ended;
    const spans = [
      ...Buffer.concat(chunks)
        .toString('latin1')
        .matchAll(/\/ActualText \(((?:\\.|[^\\)])*)\)/g),
    ];
    expect(spans.map(([, literal]) => utf16FromPdfLiteral(literal!))).toEqual([BANGLA_NAME]);
  });

  it('deals each cluster out to its glyphs so that, read in drawn order, they spell the text', () => {
    const { shaper } = loadFont('regular');
    for (const text of [...TEXTS, 'কোম্পানি কৌশল']) {
      const read = glyphTexts(text, shaper.shape(text))
        .map(({ codePoints }) => String.fromCodePoint(...codePoints))
        .join('')
        .replaceAll('\u2060', '');
      // ো and ৌ are drawn in two parts and read back in their canonical two-part spelling.
      expect(read.normalize('NFC')).toBe(text.normalize('NFC'));
    }
  });

  it('shapes Bengali and Latin letters of one word in runs of their own script', () => {
    const text = 'Plan/সাবস্ক্রিপশন';
    expect(scriptRuns(text)).toEqual([
      { start: 0, end: 5 },
      { start: 5, end: text.length },
    ]);
    const { shaper } = loadFont('regular');
    const bangla = shaper.shape('সাবস্ক্রিপশন').map((glyph) => glyph.id);
    expect(
      shaper
        .shape(text)
        .map((glyph) => glyph.id)
        .slice(-bangla.length),
    ).toEqual(bangla);
  });
});
