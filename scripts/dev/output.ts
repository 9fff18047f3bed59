import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';

const WIDTH = 9;

/** One line of a process's output, tagged with the process's name so interleaved logs stay readable. */
export function tagged(name: string, line: string): string {
  return `${name.padEnd(WIDTH)}| ${line}`;
}

/**
 * Copies a process's output to the terminal line by line, tagged, as `shown` has each line (null:
 * left out); `onLine` hears every line as printed.
 */
export function pipeLines(
  from: Readable,
  name: string,
  to: Writable,
  muted: () => boolean,
  onLine: (line: string) => void,
  shown: (line: string) => string | null = (line) => line,
): void {
  createInterface({ input: from, crlfDelay: Infinity }).on('line', (line) => {
    const text = muted() ? null : shown(line);
    if (text !== null) to.write(`${text.split('\n').map((part) => tagged(name, part)).join('\n')}\n`);
    onLine(line);
  });
}

/** The launcher's own messages. */
export function say(message: string): void {
  for (const line of message.split('\n')) process.stdout.write(`${tagged('start', line)}\n`);
}
