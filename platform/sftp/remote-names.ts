import path from 'node:path';

/**
 * Where a delivered file lands. The name comes from whoever builds the report; it is reduced to one
 * plain file name so that nothing in it can reach outside the target's directory or pass for the
 * temporary files the upload writes.
 */

/** NAME_MAX of common file systems, in bytes, less what the temporary name adds (`.` and `.part`). */
const MAX_NAME_BYTES = 255 - '..part'.length;

/**
 * The name as a single path segment: separators (`/`, `\`) and control characters become `_`, a
 * run of dots becomes one (no `..` anywhere), leading dots and spaces go (no hidden file, no clash
 * with `.<name>.part`), and it is cut to fit a file system's name limit. Throws when nothing usable
 * is left: a name is the caller's to choose, never one made up here.
 */
export function safeFileName(name: string): string {
  const cleaned = name
    // eslint-disable-next-line no-control-regex
    .replace(/[/\\\u0000-\u001f\u007f]/g, '_')
    .replace(/\.{2,}/g, '.')
    .replace(/^[.\s]+/, '')
    .trimEnd();
  let safe = '';
  let bytes = 0;
  // By code point, so a cut never splits a character.
  for (const character of cleaned) {
    bytes += Buffer.byteLength(character, 'utf8');
    if (bytes > MAX_NAME_BYTES) break;
    safe += character;
  }
  if (!/[^._\s]/.test(safe))
    throw new RangeError(`file name ${JSON.stringify(name)} has no usable characters`);
  return safe;
}

/** The name the content is written under until it is complete: hidden, beside the final file. */
export const partNameOf = (safeName: string): string => `.${safeName}.part`;

/** A file's path in the target's directory (an absolute POSIX path on the server). */
export function remotePath(directory: string, safeName: string): string {
  if (!path.posix.isAbsolute(directory))
    throw new RangeError(`directory ${JSON.stringify(directory)} is not absolute`);
  return path.posix.join(directory, safeName);
}
