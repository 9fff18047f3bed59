/**
 * Whether the name an app gave is the name the bank holds for the account: the same letters and
 * digits in the same words, whatever their case, punctuation or spacing ("MD. RAHIM UDDIN" is
 * "Md Rahim Uddin"). Anything else is a mismatch for a person to look at; we never guess.
 */
export function comparableName(name: string): string {
  return name
    .toUpperCase()
    .replace(/[^A-Z0-9 ]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function compareNames(given: string, held: string): boolean {
  const a = comparableName(given);
  return a !== '' && a === comparableName(held);
}
