import path from 'node:path';
import { packNodeSdk } from './pack.js';
import { packPythonSdk } from './pack-python.js';

// `npm run sdk:pack`: builds and packs the SDKs into dist/sdk, where the service serves them;
// `npm run sdk:pack -- python` (or `node`) packs that one alone.
const root = path.resolve(__dirname, '..', '..');
const wanted = new Set(process.argv.slice(2));
const packs = wanted.size > 0 ? wanted : new Set(['node', 'python']);
for (const name of packs) {
  if (name !== 'node' && name !== 'python') throw new Error(`No SDK named ${name} (node, python)`);
}
if (packs.has('node')) {
  const manifest = packNodeSdk(root);
  console.log(`packed ${manifest.filename} (${manifest.integrity})`);
}
if (packs.has('python')) {
  const manifest = packPythonSdk(root);
  console.log(`packed ${manifest.filename} (sha256=${manifest.sha256})`);
}
