import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { RULE_BOOK_PAGES, withRuleBook } from '../../domain/approvals/rule-book-table.js';

/**
 * `npm run docs:rule-book`: writes the rule book's table into the README's security section and
 * the security pages, and each action's doors into docs/security/rule-book.md, from the code's tables.
 */

const root = path.resolve(__dirname, '..', '..');
for (const page of RULE_BOOK_PAGES) {
  const file = path.join(root, page);
  const written = withRuleBook(readFileSync(file, 'utf8'));
  if (written === null) throw new Error(`${page} has no rule-book markers`);
  writeFileSync(file, written);
  console.log(`wrote ${page}`);
}
