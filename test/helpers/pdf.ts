import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runNodeScript } from './node-script.js';

/** PDFs read the way a viewer reads them (pdf.js), and page images compared pixel by pixel (pixelmatch). */

export async function scratchDir(prefix: string): Promise<string> {
  return mkdtemp(path.join(tmpdir(), `${prefix}-`));
}

export interface ReadPdf {
  pages: number;
  /** Each page's text as pdf.js extracts it, a line break where it ends a line. */
  text: string[];
}

/** Extracts the text of every page; given `pageImage`, renders page 1 there as a PNG. */
export async function readPdf(pdf: Buffer, pageImage?: { path: string; scale: number }): Promise<ReadPdf> {
  const file = path.join(await scratchDir('pdf'), 'document.pdf');
  await writeFile(file, pdf);
  return runNodeScript<ReadPdf>(
    'pdf-reader.mjs',
    pageImage ? [file, pageImage.path, String(pageImage.scale)] : [file],
  );
}

export interface ImageDiff {
  differing: number;
  total: number;
  sizeMatches: boolean;
}

/** Pixels whose colours differ by more than `threshold` (pixelmatch's 0–1 scale), drawn into `diffPath`. */
export function diffImages(
  actual: string,
  expected: string,
  diffPath: string,
  threshold: number,
): Promise<ImageDiff> {
  return runNodeScript<ImageDiff>('image-diff.mjs', [actual, expected, diffPath, String(threshold)]);
}
