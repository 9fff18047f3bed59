import type { ShapedGlyph } from './harfbuzz.js';

/**
 * What a drawn glyph says when a PDF's text is extracted. A PDF maps text to glyphs one glyph at
 * a time (ToUnicode), in drawing order, and extractors rebuild words from where glyphs sit; but
 * shaping reorders and merges Bangla: ি is drawn before the consonant it follows, and স্ক্র is
 * two glyphs with marks placed back over them.
 *
 * So a cluster's text is dealt out, in typed order, to the glyphs that advance the pen, in drawn
 * order, one letter with its marks each; the last of them takes what is left. Marks that do not
 * advance the pen say U+2060 WORD JOINER, which extractors treat as invisible (pdf.js drops it).
 * Each text-bearing glyph records a width that ends it where the next glyph starts, so no reader
 * sees a gap it could take for a space. Concatenated, a run's glyph texts are its text.
 */
export interface GlyphText {
  /** What the glyph extracts as, as code points. */
  codePoints: number[];
  /** The advance the PDF records for the glyph, in font units; the drawing does not depend on it. */
  width: number;
}

const WORD_JOINER = '\u2060';
const NON_SPACING_MARK = /^\p{Mn}$/u;

/** Letters, each with the non-spacing marks after it (a leading mark stays with the first letter). */
function letters(text: string): string[] {
  const result: string[] = [];
  for (const char of text) {
    if (NON_SPACING_MARK.test(char) && result.length > 0) result[result.length - 1] += char;
    else result.push(char);
  }
  return result;
}

/** A split vowel (ো is drawn as ে and া) has more advancing glyphs than letters until decomposed. */
function lettersFor(text: string, advancing: number): string[] {
  const typed = letters(text);
  return typed.length >= advancing ? typed : letters(text.normalize('NFD'));
}

const codePointsOf = (text: string) => Array.from(text, (char) => char.codePointAt(0)!);

/** Glyphs grouped by cluster; a cluster of marks alone (no glyph advances) joins the one before it. */
function clusters(glyphs: ShapedGlyph[]): ShapedGlyph[][] {
  const groups: ShapedGlyph[][] = [];
  for (const glyph of glyphs) {
    const current = groups[groups.length - 1];
    if (current && current[current.length - 1]!.cluster === glyph.cluster) current.push(glyph);
    else groups.push([glyph]);
  }
  return groups.reduce<ShapedGlyph[][]>((merged, group) => {
    const previous = merged[merged.length - 1];
    if (previous && group.every((glyph) => glyph.xAdvance === 0)) previous.push(...group);
    else merged.push(group);
    return merged;
  }, []);
}

/** One entry per shaped glyph, in the same order. */
export function glyphTexts(text: string, glyphs: ShapedGlyph[]): GlyphText[] {
  const groups = clusters(glyphs);
  return groups.flatMap((members, at) => {
    const from = members[0]!.cluster;
    const clusterText = text.slice(from, Math.max(groups[at + 1]?.[0]!.cluster ?? text.length, from));
    const bearers = members.filter((glyph) => glyph.xAdvance > 0);
    if (bearers.length === 0) bearers.push(members[0]!);
    const parts = lettersFor(clusterText, bearers.length);
    return members.map((glyph) => {
      const index = bearers.indexOf(glyph);
      const part = index === bearers.length - 1 ? parts.slice(index).join('') : (parts[index] ?? '');
      if (!part) return { codePoints: codePointsOf(WORD_JOINER), width: 0 };
      // Ends where HarfBuzz puts the next glyph, also when this one is drawn shifted.
      return { codePoints: codePointsOf(part), width: glyph.xAdvance - glyph.xOffset };
    });
  });
}
