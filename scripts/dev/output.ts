import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';

const WIDTH = 9;

/** One line of a process's output, tagged with the process's name so interleaved logs stay readable. */
export function tagged(name: string, line: string): string {
  return `${name.padEnd(WIDTH)}| ${line}`;
}

/** Text of one or more lines (an error with its stack), each line tagged. */
function taggedLines(name: string, text: string): string {
  return text
    .split('\n')
    .map((part) => tagged(name, part))
    .join('\n');
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
    if (text !== null) to.write(`${taggedLines(name, text)}\n`);
    onLine(line);
  });
}

/** The launcher's own messages. */
export function say(message: string): void {
  for (const line of message.split('\n')) process.stdout.write(`${tagged('start', line)}\n`);
}
