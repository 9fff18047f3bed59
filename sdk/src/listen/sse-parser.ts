/**
 * An incremental parser of server-sent events, as the WHATWG spec reads them
 * (https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation):
 * lines end in CRLF, LF or CR; a line starting with a colon is a comment; `data` lines join with
 * a line feed; a message dispatches at a blank line and only when it has data; the last `id`
 * carries over to later messages. Chunks may split anywhere, even between CR and LF.
 */

export interface SseMessage {
  /** The last event id the stream set, as an EventSource keeps it. */
  id: string | null;
  /** The `event` field, or `message` when none was given. */
  event: string;
  data: string;
}

export class SseParser {
  private pending = '';
  /** A CR ended the previous chunk: an LF starting this one belongs to it. */
  private afterCr = false;
  private data: string[] = [];
  private event = '';
  private lastEventId: string | null = null;
  /** The reconnection time the stream asked for (`retry:`), when it did. */
  retryMs: number | null = null;
  /** Comment lines seen (heartbeats): a sign the connection is alive. */
  comments = 0;

  /** Takes the next decoded text and answers the messages it completed. */
  push(text: string): SseMessage[] {
    let input = text;
    if (this.afterCr && input.startsWith('\n')) input = input.slice(1);
    this.afterCr = false;
    const messages: SseMessage[] = [];
    let buffer = this.pending + input;
    for (;;) {
      const end = buffer.search(/[\r\n]/);
      if (end === -1) break;
      const line = buffer.slice(0, end);
      if (buffer[end] === '\r') {
        if (end + 1 === buffer.length) {
          // The LF of this CRLF may come with the next chunk.
          this.afterCr = true;
          buffer = '';
        } else {
          buffer = buffer.slice(buffer[end + 1] === '\n' ? end + 2 : end + 1);
        }
      } else {
        buffer = buffer.slice(end + 1);
      }
      const message = this.line(line);
      if (message) messages.push(message);
    }
    this.pending = buffer;
    return messages;
  }

  private line(line: string): SseMessage | null {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) {
      this.comments += 1;
      return null;
    }
    const colon = line.indexOf(':');
    const name = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (name === 'data') this.data.push(value);
    else if (name === 'event') this.event = value;
    else if (name === 'id' && !value.includes('\0')) this.lastEventId = value || null;
    else if (name === 'retry' && /^\d+$/.test(value)) this.retryMs = Number(value);
    return null;
  }

  private dispatch(): SseMessage | null {
    const data = this.data;
    const event = this.event || 'message';
    this.data = [];
    this.event = '';
    if (data.length === 0) return null;
    return { id: this.lastEventId, event, data: data.join('\n') };
  }
}
