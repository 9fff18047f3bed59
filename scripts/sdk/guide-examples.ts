import { writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * A guide's examples as a reader copies them from the page the service serves: its fenced blocks
 * of one language (markdown-it writes each as `<pre><code class="language-ts">`), text unescaped.
 * The front door and the SDK's install test run these against the SDK installed from the served
 * tarball, so an example the guide shows and the SDK it serves cannot drift apart unnoticed.
 */

const ENTITIES: Record<string, string> = {
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
  '&amp;': '&',
};

/** The text of each `<pre><code class="language-…">` block of the page, in order. */
export function servedCodeBlocks(html: string, language: string): string[] {
  const block = new RegExp(`<pre><code class="language-${language}">([\\s\\S]*?)</code></pre>`, 'g');
  return [...html.matchAll(block)].map((match) =>
    match[1]!.replace(/&(?:lt|gt|quot|#39|amp);/g, (entity) => ENTITIES[entity]!),
  );
}

/** Writes each block as `example-<n>.<extension>` in `folder`; returns the files' paths. */
export function writeExamples(blocks: string[], folder: string, extension: string): string[] {
  return blocks.map((code, index) => {
    const file = path.join(folder, `example-${index + 1}.${extension}`);
    writeFileSync(file, code);
    return file;
  });
}
