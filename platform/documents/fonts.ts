import { readFileSync } from 'node:fs';
import { glyphTexts } from './glyph-text.js';
import { HarfBuzzFont } from './harfbuzz.js';

/**
 * Noto Sans Bengali (it has Latin, digits and ৳ too), drawn by pdfkit but shaped by HarfBuzz:
 * pdfkit's own shaper mis-forms some conjuncts (স্ক্র in সাবস্ক্রিপশন), and customer names and
 * line descriptions are often Bangla.
 */
export type FontWeight = 'regular' | 'bold';

const FONT_FILES: Record<FontWeight, string> = {
  regular: '@expo-google-fonts/noto-sans-bengali/400Regular/NotoSansBengali_400Regular.ttf',
  bold: '@expo-google-fonts/noto-sans-bengali/700Bold/NotoSansBengali_700Bold.ttf',
};

interface LoadedFont {
  bytes: Buffer;
  shaper: HarfBuzzFont;
}

const loaded = new Map<FontWeight, LoadedFont>();

/** Resolved through the package, so the compiled service finds the file as the sources do. */
export function fontPath(weight: FontWeight): string {
  return require.resolve(FONT_FILES[weight]);
}

/** Read and loaded into HarfBuzz once per process. */
export function loadFont(weight: FontWeight): LoadedFont {
  let font = loaded.get(weight);
  if (!font) {
    const bytes = readFileSync(fontPath(weight));
    font = { bytes, shaper: new HarfBuzzFont(bytes) };
    loaded.set(weight, font);
  }
  return font;
}

/** The parts of pdfkit's font objects (its EmbeddedFont and the fontkit font it holds) shaping replaces. */
interface FontkitFont {
  layout(text: string): ShapedRun;
}

interface EmbeddedFont {
  font: FontkitFont;
  scale: number;
  subset: { glyphs: number[]; includeGlyph(id: number): number };
  widths: number[];
  unicode: number[][];
  layout(text: string, features?: unknown): { glyphs: RunGlyph[]; positions: Placement[] };
  encode(text: string, features?: unknown): [string[], Placement[]];
}

/** A glyph as pdfkit draws it: the width and text the PDF records for it (see glyph-text.ts). */
interface RunGlyph {
  id: number;
  advanceWidth: number;
  codePoints: number[];
}

interface Placement {
  xAdvance: number;
  yAdvance: number;
  xOffset: number;
  yOffset: number;
}

/** What pdfkit expects of fontkit's GlyphRun; it scales the placements in place, so the width is summed late. */
class ShapedRun {
  constructor(
    readonly glyphs: RunGlyph[],
    readonly positions: Placement[],
  ) {}

  get advanceWidth(): number {
    return this.positions.reduce((sum, position) => sum + position.xAdvance, 0);
  }
}

/**
 * Makes one of a document's fonts shape with HarfBuzz. Measuring and line wrapping go through
 * the fontkit font's `layout`, so replacing it keeps widths and drawing in agreement.
 *
 * A PDF gives each glyph id of a font one text and one width, but the same glyph stands for
 * different text in different clusters. Each (glyph, width, text) therefore gets an id of its
 * own in the embedded subset (the outline is stored once more), so extracted Bangla reads back
 * exactly as written.
 */
function shapeWithHarfBuzz(embedded: EmbeddedFont, shaper: HarfBuzzFont): void {
  const fontkit = embedded.font;
  fontkit.layout = (text) => {
    const shaped = shaper.shape(text);
    const texts = glyphTexts(text, shaped);
    return new ShapedRun(
      shaped.map((glyph, index) => ({
        id: glyph.id,
        advanceWidth: texts[index]!.width,
        codePoints: texts[index]!.codePoints,
      })),
      shaped.map(({ xAdvance, yAdvance, xOffset, yOffset }) => ({ xAdvance, yAdvance, xOffset, yOffset })),
    );
  };

  const subsetIds = new Map<string, number>();
  embedded.encode = (text, features) => {
    const { glyphs, positions } = embedded.layout(text, features);
    const encoded = glyphs.map((glyph) => {
      const key = `${glyph.id}:${glyph.advanceWidth}:${glyph.codePoints.join(',')}`;
      let subsetId = subsetIds.get(key);
      if (subsetId === undefined) {
        subsetId = embedded.subset.includeGlyph(glyph.id);
        if (embedded.unicode[subsetId] !== undefined) subsetId = embedded.subset.glyphs.push(glyph.id) - 1;
        subsetIds.set(key, subsetId);
        embedded.widths[subsetId] = glyph.advanceWidth * embedded.scale;
        embedded.unicode[subsetId] = glyph.codePoints;
      }
      return subsetId.toString(16).padStart(4, '0');
    });
    return [encoded, positions];
  };
}

/** Font names to pass to `doc.font(...)` once `useShapedFonts` has run. */
export const FONT: Record<FontWeight, string> = { regular: 'NotoSansBengali', bold: 'NotoSansBengali-Bold' };

/**
 * Registers both weights on a new document, shaped by HarfBuzz, and selects the regular one.
 * pdfkit keeps one font object per name, so later `doc.font(FONT.bold)` calls get the shaped one.
 */
export function useShapedFonts(doc: PDFKit.PDFDocument): void {
  for (const weight of ['bold', 'regular'] as const) {
    const { bytes, shaper } = loadFont(weight);
    doc.registerFont(FONT[weight], bytes);
    doc.font(FONT[weight]);
    // pdfkit does not expose the font object it just opened; it is the document's current font.
    shapeWithHarfBuzz((doc as unknown as { _font: EmbeddedFont })._font, shaper);
  }
}
