/** Names compared as people write them: case, spacing and dots do not matter. */
export function sameName(a: string, b: string): boolean {
  const plain = (name: string) =>
    name
      .toLowerCase()
      .replace(/[.\s]+/g, ' ')
      .trim();
  return plain(a) === plain(b);
}
