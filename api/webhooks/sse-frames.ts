/**
 * Server-sent events frames (https://html.spec.whatwg.org/multipage/server-sent-events.html).
 * A value holds no line break: a JSON body from JSON.stringify has none, and an event id or type
 * is a token.
 */

function field(name: string, value: string): string {
  if (/[\r\n]/.test(value)) throw new Error(`An SSE ${name} cannot hold a line break`);
  return `${name}: ${value}\n`;
}

/** One event: `id` is what the client sends back as Last-Event-ID to go on after it. */
export function sseEvent(input: { id?: string | null; event: string; data: string }): string {
  return (
    (input.id ? field('id', input.id) : '') + field('event', input.event) + field('data', input.data) + '\n'
  );
}

/** A comment line: ignored by clients, it keeps proxies from closing an idle connection. */
export function sseComment(text: string): string {
  return `: ${text.replace(/[\r\n]+/g, ' ')}\n\n`;
}

/** How long a client waits before reconnecting, in milliseconds. */
export function sseRetry(ms: number): string {
  return `retry: ${Math.round(ms)}\n\n`;
}
