import { createHash } from 'node:crypto';

/**
 * Names of the files we deliver, made from our references so the bank's refusal of a name it
 * already holds is what stops a transfer going twice: a retried send makes the same name. A file
 * the bank rejected outright (every line refused, say for a short balance) may be sent again under
 * the next attempt's name; `send` does that only once it has read the earlier attempts' answers.
 */

const SINGLE = 'OIPAY';
const BATCH = 'OIPAYB';

export function transferFileName(reference: string, attempt: number): string {
  return `${SINGLE}_${reference}_${attempt}.txt`;
}

export function batchFileName(batchReference: string, attempt: number): string {
  return `${BATCH}_${batchReference}_${attempt}.txt`;
}

/** The prefix to list a reference's files by; names are then matched exactly (attemptOf). */
export function transferFilePrefix(reference: string): string {
  return `${SINGLE}_${reference}_`;
}

export function batchFilePrefix(batchReference: string): string {
  return `${BATCH}_${batchReference}_`;
}

/**
 * The attempt a listed name is for `prefix`, or null when the name is not one of its files: the
 * listing is by prefix, and `po_1_` also begins the files of a reference `po_1_2`.
 */
export function attemptOf(name: string, prefix: string): number | null {
  if (!name.startsWith(prefix)) return null;
  const match = /^([1-9]\d{0,3})\.txt$/.exec(name.slice(prefix.length));
  return match ? Number(match[1]) : null;
}

/** The file reference its header carries: fixed by the name, within the bank's 35 characters. */
export function fileReferenceFor(name: string): string {
  return createHash('sha256').update(name).digest('hex').slice(0, 32).toUpperCase();
}
