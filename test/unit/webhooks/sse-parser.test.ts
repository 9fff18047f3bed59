import { SseParser } from '../../../sdk/src/listen/sse-parser.js';

/** The SDK's server-sent events parser reads a stream however its chunks fall. */
describe('SseParser', () => {
  const stream =
    'retry: 2000\r\n\r\nid: evt_a\nevent: ready\ndata: {"after":null}\n\n: heartbeat\n\n' +
    'id: evt_b\r\nevent: payment.succeeded\r\ndata: {"id":"evt_b"}\r\n\r\ndata: one\ndata:two\n\n';

  const expected = [
    { id: 'evt_a', event: 'ready', data: '{"after":null}' },
    { id: 'evt_b', event: 'payment.succeeded', data: '{"id":"evt_b"}' },
    // No id of its own: the last one carries over; no event name: "message".
    { id: 'evt_b', event: 'message', data: 'one\ntwo' },
  ];

  it('reads messages, comments and the retry time', () => {
    const parser = new SseParser();
    expect(parser.push(stream)).toEqual(expected);
    expect(parser.retryMs).toBe(2000);
    expect(parser.comments).toBe(1);
  });

  it('gives the same messages whichever way the chunks split, even between CR and LF', () => {
    for (let size = 1; size <= 7; size += 1) {
      const parser = new SseParser();
      const messages = [];
      for (let at = 0; at < stream.length; at += size)
        messages.push(...parser.push(stream.slice(at, at + size)));
      expect(messages).toEqual(expected);
    }
  });

  it('dispatches nothing for a message without data, and waits for the blank line', () => {
    const parser = new SseParser();
    expect(parser.push('event: ping\n\nid: evt_c\ndata: x\n')).toEqual([]);
    expect(parser.push('\n')).toEqual([{ id: 'evt_c', event: 'message', data: 'x' }]);
  });
});
