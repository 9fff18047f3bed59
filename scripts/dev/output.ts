import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';

const WIDTH = 9;

/** One line of a process's output, tagged with the process's name so interleaved logs stay readable. */
export function tagged(name: string, line: string): string {
  return `${name.padEnd(WIDTH)}| ${line}`;
}

export function pipeLines(
  from: Readable,
  name: string,
  to: Writable,
  muted: () => boolean,
  onLine: (line: string) => void,
): void {
  createInterface({ input: from, crlfDelay: Infinity }).on('line', (line) => {
    if (!muted()) to.write(`${tagged(name, line)}\n`);
    onLine(line);
  });
}

/** The launcher's own messages. */
export function say(message: string): void {
  for (const line of message.split('\n')) process.stdout.write(`${tagged('start', line)}\n`);
}
