/**
 * A list's cursor: the row a page ended at, opaque to the caller. Lists read newest first by
 * (created_at, id); the next page is the rows before that one, found through the list's index
 * however deep the page, where an offset would make the database skip every row before it.
 */
const PREFIX = 'c1_';

export function encodeCursor(rowId: number): string {
  return PREFIX + Buffer.from(String(rowId)).toString('base64url');
}

/** The row id a cursor names, or null for anything this service did not hand out. */
export function decodeCursor(cursor: string): number | null {
  if (!cursor.startsWith(PREFIX) || cursor.length > 40) return null;
  const decoded = Buffer.from(cursor.slice(PREFIX.length), 'base64url').toString();
  if (!/^[1-9]\d{0,15}$/.test(decoded)) return null;
  const id = Number(decoded);
  return Number.isSafeInteger(id) ? id : null;
}

/**
 * The same for a list whose rows have text ids (webhook events, `evt_…`): the id itself, under a
 * prefix of its own so that neither kind of cursor is read as the other.
 */
const TEXT_PREFIX = 'c2_';

export function encodeTextCursor(rowId: string): string {
  return TEXT_PREFIX + Buffer.from(rowId).toString('base64url');
}

/** The row id a text cursor names when it has the ids' shape, else null. */
export function decodeTextCursor(cursor: string, idShape: RegExp): string | null {
  if (!cursor.startsWith(TEXT_PREFIX) || cursor.length > 120) return null;
  const decoded = Buffer.from(cursor.slice(TEXT_PREFIX.length), 'base64url').toString();
  return idShape.test(decoded) ? decoded : null;
}
