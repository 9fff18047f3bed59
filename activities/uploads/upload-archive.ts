import { createReadStream, createWriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough, Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createInflateRaw } from 'node:zlib';
import {
  limitErrors,
  RATIO_EXEMPT_BYTES,
  UploadLimitExceeded,
  type UploadLimits,
} from '../../domain/uploads/upload-limits.js';

/**
 * An XLSX workbook made safe to stream: its central directory read first and its declared sizes
 * held to the limits (bytes inflated in all, each part's compression ratio), then only the parts
 * a report is read from (shared strings, first worksheet) inflated to files, each counted while it
 * inflates (a part that inflates past what it declares, or past what is left of the budget, stops
 * there). The sheet reader (xlsx-reader.ts) reads only those files, so it never sees a part that
 * was not counted (a zip may carry local entries its directory does not list). The directory is
 * read here, with node's zlib for the inflating: no zip library.
 */

interface ZipEntry {
  path: string;
  type: 'File' | 'Directory';
  compressedSize: number;
  uncompressedSize: number;
  compressionMethod: number;
  stream: () => Readable;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
/** The end record is 22 bytes, then a comment of up to 64 KiB. */
const EOCD_SEARCH = 22 + 0xffff;

/**
 * The zip's central directory, read from the end of the file: each entry's name, sizes and
 * method as declared, and a stream of its compressed bytes (raw deflate is inflated by zlib).
 * Zip64 and multi-disk archives are refused: no workbook within the limits needs them.
 */
async function readDirectory(path: string, entryLimit: number): Promise<ZipEntry[]> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const tailLength = Math.min(size, EOCD_SEARCH);
    const tail = Buffer.alloc(tailLength);
    await file.read(tail, 0, tailLength, size - tailLength);
    let at = -1;
    for (let i = tailLength - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === EOCD) {
        at = i;
        break;
      }
    }
    if (at < 0) throw new Error('no end of central directory');
    const count = tail.readUInt16LE(at + 10);
    const dirSize = tail.readUInt32LE(at + 12);
    const dirOffset = tail.readUInt32LE(at + 16);
    if (count === 0xffff || dirOffset === 0xffffffff) throw new Error('zip64 is not supported');
    if (count > entryLimit) throw limitErrors.archive(`it has more than ${entryLimit} entries`);
    if (dirOffset + dirSize > size) throw new Error('the central directory is past the end');
    const dir = Buffer.alloc(dirSize);
    await file.read(dir, 0, dirSize, dirOffset);
    const entries: ZipEntry[] = [];
    let p = 0;
    for (let n = 0; n < count; n++) {
      if (p + 46 > dir.length || dir.readUInt32LE(p) !== CENTRAL)
        throw new Error('a directory entry is damaged');
      const compressionMethod = dir.readUInt16LE(p + 10);
      const compressedSize = dir.readUInt32LE(p + 20);
      const uncompressedSize = dir.readUInt32LE(p + 24);
      const nameLength = dir.readUInt16LE(p + 28);
      const extraLength = dir.readUInt16LE(p + 30);
      const commentLength = dir.readUInt16LE(p + 32);
      const localOffset = dir.readUInt32LE(p + 42);
      const name = dir.toString('utf8', p + 46, p + 46 + nameLength);
      p += 46 + nameLength + extraLength + commentLength;
      if (compressedSize === 0xffffffff || uncompressedSize === 0xffffffff)
        throw new Error('zip64 is not supported');
      entries.push({
        path: name,
        type: name.endsWith('/') ? 'Directory' : 'File',
        compressedSize,
        uncompressedSize,
        compressionMethod,
        stream: () => entryStream(path, localOffset, compressedSize, compressionMethod),
      });
    }
    return entries;
  } finally {
    await file.close();
  }
}

/** An entry's bytes from its local header on, inflated if deflated. */
function entryStream(path: string, localOffset: number, compressedSize: number, method: number): Readable {
  const out = new PassThrough();
  void (async () => {
    const file = await open(path, 'r');
    const header = Buffer.alloc(30);
    try {
      await file.read(header, 0, 30, localOffset);
    } finally {
      await file.close();
    }
    if (header.readUInt32LE(0) !== LOCAL) throw new Error('a local header is damaged');
    const start = localOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
    // Only the compressed bytes the directory declares are read: nothing past them reaches zlib.
    const raw =
      compressedSize === 0
        ? Readable.from([])
        : createReadStream(path, { start, end: start + compressedSize - 1 });
    await pipeline(method === 8 ? [raw, createInflateRaw(), out] : [raw, out]);
  })().catch((error: Error) => out.destroy(error));
  return out;
}

const SHEET = /^xl\/worksheets\/sheet\d+\.xml$/;
const PARTS = ['xl/sharedStrings.xml', 'xl/styles.xml'];
/** More entries than any workbook a panel exports: a directory of millions is refused unread. */
export const MAX_ENTRIES = 10_000;

async function directoryOf(path: string): Promise<ZipEntry[]> {
  try {
    return await readDirectory(path, MAX_ENTRIES);
  } catch (error) {
    if (error instanceof UploadLimitExceeded) throw error;
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

/** The inflated parts a sheet is read from, as files in the upload's folder. */
export interface InflatedWorkbook {
  sheet: string;
  sharedStrings: string | null;
  styles: string | null;
}

/**
 * Inflates, in `workDir`, the parts a report is read from (the first worksheet, the shared strings
 * and the styles), each within the limits; answers their paths. Throws UploadLimitExceeded at the first limit.
 */
export async function safeWorkbook(
  path: string,
  workDir: string,
  limits: UploadLimits,
  /** Told of each chunk inflated: a reader that inflates is making progress. */
  progressed: (bytes: number) => void = () => undefined,
): Promise<InflatedWorkbook> {
  const parts = partsToRead(await directoryOf(path), limits);
  const budget = { left: limits.maxDecompressedBytes };
  const inflated: InflatedWorkbook = { sheet: '', sharedStrings: null, styles: null };
  for (const [index, part] of parts.entries()) {
    const file = join(workDir, `part-${index}`);
    await inflatePart(part, file, budget, limits, progressed);
    if (part.path === 'xl/sharedStrings.xml') inflated.sharedStrings = file;
    else if (part.path === 'xl/styles.xml') inflated.styles = file;
    else if (SHEET.test(part.path)) inflated.sheet = file;
  }
  return inflated;
}
