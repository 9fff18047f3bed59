import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { MIN_PASSWORD_LENGTH } from '../../domain/passwords.js';
import { InputError } from './errors.js';

const MAX_PASSWORD_LENGTH = 1024;

/** The first line of a piped stdin (for scripts: `printf '%s\n' "$PW" | npm run cli -- …`). */
async function firstLine(input: NodeJS.ReadableStream): Promise<string | null> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  try {
    for await (const line of lines) return line;
    return null;
  } finally {
    lines.close();
  }
}

/** Asks on the terminal without echoing what is typed (the prompt itself goes to stderr). */
async function askHidden(prompt: string): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk: Buffer, _encoding, done) {
      if (!muted) process.stderr.write(chunk);
      done();
    },
  });
  const terminal = createInterface({ input: process.stdin, output, terminal: true });
  // Raw mode turns Ctrl-C into a keypress; it still means "stop".
  terminal.on('SIGINT', () => {
    terminal.close();
    process.stderr.write('\n');
    process.exit(130);
  });
  try {
    return await new Promise<string>((resolve) => {
      terminal.question(prompt, (answer) => resolve(answer));
      muted = true;
    });
  } finally {
    terminal.close();
    process.stderr.write('\n');
  }
}

function checked(password: string): string {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new InputError(`the password must be at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    throw new InputError(`the password must be at most ${MAX_PASSWORD_LENGTH} characters`);
  }
  return password;
}

/**
 * A new operator's password: the first line of stdin when it is piped, otherwise typed twice at
 * a prompt. Never a command-line flag, where it would land in shell history and `ps`.
 */
export async function readNewPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    const line = await firstLine(process.stdin);
    if (line === null || line === '') throw new InputError('no password on stdin (expected one line)');
    return checked(line);
  }
  const first = checked(await askHidden('Password for the new operator: '));
  const second = await askHidden('Repeat the password: ');
  if (first !== second) throw new InputError('the two passwords differ');
  return first;
}

/** An existing operator's password, to act as them: the first line of a piped stdin, or typed once. */
export async function readOwnPassword(email: string): Promise<string> {
  if (!process.stdin.isTTY) {
    const line = await firstLine(process.stdin);
    if (line === null || line === '') throw new InputError('no password on stdin (expected one line)');
    return line.slice(0, MAX_PASSWORD_LENGTH);
  }
  return (await askHidden(`Password of ${email}: `)).slice(0, MAX_PASSWORD_LENGTH);
}
