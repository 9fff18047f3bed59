// Glyph ids HarfBuzz gives each text, through harfbuzzjs's own JavaScript API (an ES module
// with top-level await, so in a Node process of its own): the reference the service's
// shaping is held to.
//   node harfbuzz-reference.mjs <font.ttf> '<JSON array of texts>'
// prints a JSON array of glyph-id arrays, one per text.
import { readFileSync } from 'node:fs';
import * as hb from 'harfbuzzjs';

const [fontPath, texts] = process.argv.slice(2);
const font = new hb.Font(new hb.Face(new hb.Blob(readFileSync(fontPath))));
const glyphs = JSON.parse(texts).map((text) => {
  const buffer = new hb.Buffer();
  buffer.addText(text);
  buffer.guessSegmentProperties();
  hb.shape(font, buffer);
  return buffer.getGlyphInfos().map((info) => info.codepoint);
});
process.stdout.write(JSON.stringify(glyphs));
