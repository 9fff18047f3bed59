import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { withDependencyTable } from '../lint/dependency-table.js';

/** `npm run docs:architecture`: writes the dependency rules' table into docs/architecture.md. */
const page = path.resolve(__dirname, '..', '..', 'docs', 'architecture.md');
const written = withDependencyTable(readFileSync(page, 'utf8'));
if (written === null) throw new Error('docs/architecture.md has no dependency-rules markers');
writeFileSync(page, written);
console.log('wrote docs/architecture.md');
