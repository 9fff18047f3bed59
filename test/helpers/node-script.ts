import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Runs one of the .mjs scripts beside this file in a Node process of its own and parses the
 * JSON it prints. The libraries they use (pdf.js, pixelmatch, harfbuzzjs) are ES modules that
 * Jest's CommonJS test environment cannot import.
 */
export async function runNodeScript<T>(script: string, args: string[]): Promise<T> {
  const { stdout } = await run(process.execPath, [path.join(__dirname, script), ...args], {
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(stdout) as T;
}
