/**
 * A gateway path as a span may carry it: any segment that looks like an identifier (eight or more
 * characters with a digit in them: a session, a payment id, a token) becomes `:id`, so a trace
 * store holds the shape of the call and never an id that opens something.
 */
export function pathTemplate(pathname: string): string {
  return pathname
    .split('/')
    .map((segment) => (segment.length >= 8 && /\d/.test(segment) ? ':id' : segment))
    .join('/');
}
