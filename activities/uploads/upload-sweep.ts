import { readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { UploadArea } from '../../domain/uploads/upload-limits.js';
import { UPLOAD_DIR_PREFIX } from './report-files.js';

/** A folder left this long is no upload's any more: none is read for longer. */
export const STALE_UPLOAD_FOLDER_MS = 60 * 60 * 1000;

/**
 * Removes upload folders a process that died while reading left behind (every other ending
 * removes its own): run when the worker starts. Answers how many it removed.
 */
export async function sweepStaleUploadFolders(
  area: Pick<UploadArea, 'root'>,
  olderThanMs = STALE_UPLOAD_FOLDER_MS,
  now = Date.now(),
): Promise<number> {
  const root = area.root ?? tmpdir();
  let names: string[];
  try {
    names = await readdir(root);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    if (!name.startsWith(UPLOAD_DIR_PREFIX)) continue;
    const path = join(root, name);
    const info = await stat(path).catch(() => null);
    if (!info || now - info.mtimeMs < olderThanMs) continue;
    await rm(path, { recursive: true, force: true });
    removed += 1;
  }
  return removed;
}
