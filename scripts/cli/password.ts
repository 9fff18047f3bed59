import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { MIN_PASSWORD_LENGTH } from '../../domain/operators/passwords.js';
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

/** Every line of a piped stdin (read to its end). */
async function allLines(input: NodeJS.ReadableStream): Promise<string[]> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  const read: string[] = [];
  for await (const line of lines) read.push(line);
  return read;
}

/**
 * An existing operator's password, to act as them, and a way to get their second-factor code when
 * they have one. Piped stdin: the first line is the password, the second the code
 * (`printf '%s\n%s\n' "$PW" "$CODE" | npm run cli -- …`). On a terminal: typed at prompts, the
 * code only when it is asked for.
 */
export async function readOwnPassword(
  email: string,
): Promise<{ password: string; readCode: () => Promise<string> }> {
  if (!process.stdin.isTTY) {
    const [password, code] = await allLines(process.stdin);
    if (!password) throw new InputError('no password on stdin (expected one line)');
    return {
      password: password.slice(0, MAX_PASSWORD_LENGTH),
      readCode: () => {
        if (!code)
          throw new InputError(
            'this operator has a second factor: give its code on the second line of stdin',
          );
        return Promise.resolve(code.slice(0, 64));
      },
    };
  }
  const password = (await askHidden(`Password of ${email}: `)).slice(0, MAX_PASSWORD_LENGTH);
  return {
    password,
    readCode: async () => (await askHidden('Code from your authenticator app: ')).slice(0, 64),
  };
}
