import { createReadStream, createWriteStream } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import {
  limitErrors,
  RATIO_EXEMPT_BYTES,
  UploadLimitExceeded,
  type UploadLimits,
} from '../../domain/reconciliation/upload-limits.js';

/**
 * An XLSX workbook made safe to stream: its central directory read first and its declared sizes
 * held to the limits (bytes inflated in all, each part's compression ratio), then only the parts
 * a report is read from inflated, each counted while it inflates (a part that inflates past what
 * it declares, or past what is left of the budget, stops there), and packed again, stored, in the
 * order the streaming reader needs: shared strings and relationships before the sheet. The reader
 * then never spools a sheet to a temporary file of its own, and never sees a part that was not
 * counted (a zip may carry local entries its directory does not list).
 */

interface ZipEntry {
  path: string;
  type: 'File' | 'Directory';
  compressedSize: number;
  uncompressedSize: number;
  compressionMethod: number;
  stream: () => Readable;
}
interface Unzipper {
  Open: { file: (path: string) => Promise<{ files: ZipEntry[] }> };
}
interface Archiver {
  pipe: (destination: NodeJS.WritableStream) => void;
  append: (source: Readable | string, data: { name: string }) => void;
  finalize: () => Promise<void>;
  on: (event: 'error', listener: (error: Error) => void) => void;
}

// The zip libraries exceljs itself reads and writes with (loaded on first use, as exceljs is).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const unzipper = () => require('unzipper') as Unzipper;
const archiver = () =>
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('archiver') as (format: 'zip', options: { store: boolean }) => Archiver;

const SHEET = /^xl\/worksheets\/sheet\d+\.xml$/;
const PARTS = ['xl/_rels/workbook.xml.rels', 'xl/workbook.xml', 'xl/sharedStrings.xml', 'xl/styles.xml'];

/** Stand-ins for optional parts, so the reader never waits for them (and never spools the sheet). */
const EMPTY_PART: Record<string, string> = {
  'xl/_rels/workbook.xml.rels':
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>',
  'xl/sharedStrings.xml':
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" uniqueCount="0"/>',
};

async function directoryOf(path: string): Promise<ZipEntry[]> {
  try {
    return (await unzipper().Open.file(path)).files;
  } catch (error) {
    throw limitErrors.archive(`its directory cannot be read (${(error as Error).message})`);
  }
}

/** The parts a report is read from, their declared sizes held to the limits before any is inflated. */
function partsToRead(entries: ZipEntry[], limits: UploadLimits): ZipEntry[] {
  const files = entries.filter((entry) => entry.type === 'File');
  const sheet = files.find((entry) => SHEET.test(entry.path));
  if (!sheet) throw limitErrors.archive('it has no worksheet');
  const parts = [...PARTS.flatMap((name) => files.filter((entry) => entry.path === name)), sheet];
  let declared = 0;
  for (const part of parts) {
    if (part.compressionMethod !== 0 && part.compressionMethod !== 8) {
      throw limitErrors.archive(`${part.path} is compressed in a way workbooks are not`);
    }
    declared += part.uncompressedSize;
    if (declared > limits.maxDecompressedBytes) throw limitErrors.decompressed(limits);
    if (
      part.uncompressedSize > RATIO_EXEMPT_BYTES &&
      part.uncompressedSize > part.compressedSize * limits.maxCompressionRatio
    ) {
      throw limitErrors.ratio(limits, part.path);
    }
  }
  return parts;
}

/** Inflates one part to `destination`, stopping at its declared size and at what is left of the budget. */
async function inflatePart(
  part: ZipEntry,
  destination: string,
  budget: { left: number },
  limits: UploadLimits,
  progressed: (bytes: number) => void,
): Promise<void> {
  let inflated = 0;
  const counted = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      inflated += chunk.length;
      progressed(chunk.length);
      if (inflated > part.uncompressedSize) {
        return done(limitErrors.archive(`${part.path} inflates past the size it declares`));
      }
      if (inflated > budget.left) return done(limitErrors.decompressed(limits));
      if (
        inflated > RATIO_EXEMPT_BYTES &&
        inflated > Math.max(part.compressedSize, 1) * limits.maxCompressionRatio
      ) {
        return done(limitErrors.ratio(limits, part.path));
      }
      done(null, chunk);
    },
  });
  try {
    await pipeline(part.stream(), counted, createWriteStream(destination));
  } catch (error) {
    if (error instanceof UploadLimitExceeded) throw error;
    throw limitErrors.archive(`${part.path} cannot be inflated (${(error as Error).message})`);
  }
  if (inflated !== part.uncompressedSize) {
    throw limitErrors.archive(`${part.path} inflates to less than the size it declares`);
  }
  budget.left -= inflated;
}

/**
 * Writes, in `workDir`, a stored (uncompressed) workbook of the parts a report is read from, each
 * inflated within the limits; answers its path. Throws UploadLimitExceeded at the first limit.
 */
export async function safeWorkbook(
  path: string,
  workDir: string,
  limits: UploadLimits,
  /** Told of each chunk inflated: a reader that inflates is making progress. */
  progressed: (bytes: number) => void = () => undefined,
): Promise<string> {
  const parts = partsToRead(await directoryOf(path), limits);
  const budget = { left: limits.maxDecompressedBytes };
  const inflated: Array<{ name: string; file: string }> = [];
  for (const [index, part] of parts.entries()) {
    const file = join(workDir, `part-${index}`);
    await inflatePart(part, file, budget, limits, progressed);
    inflated.push({ name: part.path, file });
  }
  for (const [name, content] of Object.entries(EMPTY_PART)) {
    if (inflated.some((part) => part.name === name)) continue;
    const file = join(workDir, `empty-${inflated.length}`);
    await writeFile(file, content);
    inflated.unshift({ name, file });
  }
  const packed = join(workDir, 'workbook.xlsx');
  const out = createWriteStream(packed);
  const archive = archiver()('zip', { store: true });
  const failed = new Promise<never>((_resolve, reject) => archive.on('error', reject));
  archive.pipe(out);
  // The reader needs relationships, workbook and shared strings before the sheet: the sheet last.
  for (const part of inflated) archive.append(createReadStream(part.file), { name: part.name });
  await Promise.race([archive.finalize(), failed]);
  await finished(out);
  // Only the packed copy is read from here on.
  await Promise.all(inflated.map((part) => rm(part.file, { force: true })));
  return packed;
}
