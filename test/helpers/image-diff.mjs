// Compares two PNGs with pixelmatch (an ES module, so in a Node process of its own like
// pdf-reader.mjs) and writes the differing pixels to a third PNG.
//   node image-diff.mjs <actual.png> <expected.png> <diff.png> <threshold>
// prints {"differing": n, "total": n, "sizeMatches": bool}.
import { readFileSync, writeFileSync } from 'node:fs';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';

const [actualPath, expectedPath, diffPath, threshold] = process.argv.slice(2);
const actual = PNG.sync.read(readFileSync(actualPath));
const expected = PNG.sync.read(readFileSync(expectedPath));
const total = expected.width * expected.height;
if (actual.width !== expected.width || actual.height !== expected.height) {
  process.stdout.write(JSON.stringify({ differing: total, total, sizeMatches: false }));
} else {
  const diff = new PNG({ width: expected.width, height: expected.height });
  const differing = pixelmatch(actual.data, expected.data, diff.data, expected.width, expected.height, {
    threshold: Number(threshold),
  });
  writeFileSync(diffPath, PNG.sync.write(diff));
  process.stdout.write(JSON.stringify({ differing, total, sizeMatches: true }));
}
