import { servedCodeBlocks, writeExamples } from './guide-examples.js';

/**
 * `tsx scripts/sdk/guide-examples-main.ts <guide URL> <folder> [language]`: the served guide's
 * fenced blocks of the language (ts unless named) written to the folder as example-1.ts, … and
 * their paths printed, one a line. Fails when the page has none.
 */
async function main(): Promise<void> {
  const [url, folder, language = 'ts'] = process.argv.slice(2);
  if (!url || !folder) throw new Error('usage: guide-examples-main.ts <guide URL> <folder> [language]');
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  const blocks = servedCodeBlocks(await response.text(), language);
  if (blocks.length === 0) throw new Error(`${url} has no ${language} example`);
  for (const file of writeExamples(blocks, folder, language)) console.log(file);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
