import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const WORKFLOWS = path.resolve(__dirname, '..', '..', '..', 'workflows');

function sources(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(folder, entry.name);
    if (entry.isDirectory()) return sources(file);
    return entry.name.endsWith('.ts') ? [file] : [];
  });
}

/**
 * What docs/architecture.md says of workflow code: each process keeps its activities' options
 * (timeouts and retries) in `*-options.ts` files and its signals, updates and queries in
 * `messages.ts`, so a reader finds them in the same place in every process folder.
 */
describe('the workflows’ files', () => {
  const files = sources(WORKFLOWS).map((file) => ({
    name: path.relative(WORKFLOWS, file),
    text: readFileSync(file, 'utf8'),
  }));

  it('declare activity options only in *-options.ts', () => {
    const elsewhere = files
      .filter(({ text }) => /\bproxy(Local)?Activities\s*[<(]/.test(text))
      .map(({ name }) => name)
      .filter((name) => !name.endsWith('-options.ts'));
    expect(elsewhere).toEqual([]);
  });

  it('define signals, updates and queries only in messages.ts', () => {
    const elsewhere = files
      .filter(({ text }) => /\bdefine(Signal|Update|Query)\s*[<(]/.test(text))
      .map(({ name }) => name)
      .filter((name) => path.basename(name) !== 'messages.ts');
    expect(elsewhere).toEqual([]);
  });

  it('are found by the checks above (the patterns still match the SDK’s calls)', () => {
    expect(files.filter(({ name }) => name.endsWith('-options.ts')).length).toBeGreaterThan(5);
    expect(files.some(({ text }) => /\bproxyActivities</.test(text))).toBe(true);
    expect(files.some(({ text }) => /\bdefineUpdate</.test(text))).toBe(true);
  });
});
