// Run by test/unit/tooling/dependency-rules.test.ts in a process of its own: ESLint loads its
// configuration as an ES module, which Jest's module system does not.
import { readFileSync } from 'node:fs';
import { ESLint } from 'eslint';

/**
 * Lints each case of the JSON file named by the first argument (`{ filePath, code }`, paths
 * relative to the project) with the project's own configuration, and prints, for each, the
 * messages of the import rule.
 */
const cases = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const eslint = new ESLint({ cwd: process.cwd(), cache: false });
const results = [];
for (const { filePath, code } of cases) {
  const [result] = await eslint.lintText(code, { filePath });
  results.push(
    result.messages
      .filter((message) => message.ruleId === '@typescript-eslint/no-restricted-imports' || message.fatal)
      .map((message) => message.message),
  );
}
process.stdout.write(JSON.stringify(results));
