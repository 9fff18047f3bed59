import type { Mode } from '../shared/mode.js';
import { ALL_DOORS } from './doors.js';
import { MONEY_ACTIONS, RULE_BOOK, type AmountBand, type ApprovalCount } from './rule-book.js';

/**
 * The rule book as the security pages print it: one Markdown row per action. The README's
 * security table and the security pages (RULE_BOOK_PAGES) hold this text between their markers, written by
 * `npm run docs:rule-book`; a unit test fails while either differs from the table in the code.
 */

const WORDS = ['none', 'one', 'two'] as const;

const major = (minor: number) => (minor / 100).toLocaleString('en-US', { maximumFractionDigits: 2 });

function bandsText(bands: readonly AmountBand[], floor: 0 | 1): string {
  const parts = bands.map((band) =>
    band.toMinor === null && band.fromMinor === 0
      ? `any amount${band.currency ? ` in ${band.currency}` : ''} ${WORDS[band.approvers]}`
      : band.toMinor === null
        ? `above ${major(band.fromMinor - 1)} ${band.currency} ${WORDS[band.approvers]}`
        : `≤ ${major(band.toMinor)} ${band.currency} ${WORDS[band.approvers]}`,
  );
  const currencies = [...new Set(bands.map((band) => band.currency ?? 'any currency'))].join(', ');
  if (bands.every((band) => band.currency !== null)) parts.push('other currencies one');
  const text = parts.join(', ');
  return floor > 0 ? `${text}; at least one until finance loosens it (${currencies} per app and day)` : text;
}

export function approvalText(count: ApprovalCount): string {
  if (count.kind === 'none') return 'none';
  if (count.kind === 'fixed') return WORDS[count.approvers];
  return bandsText(count.bands, count.floor);
}

const roles = (list: readonly string[]) => (list.length ? list.join(', ') : '—');

/** The pages that print the rule book between its markers (`npm run docs:rule-book` writes them). */
export const RULE_BOOK_PAGES = [
  'README.md',
  'docs/security/README.md',
  'docs/security/rule-book.md',
] as const;

export const RULE_BOOK_START = '<!-- rule-book:start (npm run docs:rule-book writes this table) -->';
export const RULE_BOOK_END = '<!-- rule-book:end -->';

/** The table, between its markers. */
export function ruleBookTable(): string {
  const modes: Mode[] = ['TEST', 'LIVE'];
  const rows = MONEY_ACTIONS.map((action) => {
    const rule = RULE_BOOK[action];
    const askers = [
      roles(rule.requesters),
      ...(rule.appScope ? [`an app key with \`${rule.appScope}\``] : []),
    ]
      .filter((part) => part !== '—')
      .join('; ');
    const cells = [
      `\`${action}\`: ${rule.title}`,
      askers || '—',
      roles(rule.approverRoles),
      ...modes.map((mode) => approvalText(rule.approvals[mode])),
      rule.why,
    ];
    return `| ${cells.join(' | ')} |`;
  });
  return [
    RULE_BOOK_START,
    '| action | who asks | who approves | TEST | LIVE | why |',
    '|---|---|---|---|---|---|',
    ...rows,
    RULE_BOOK_END,
  ].join('\n');
}

export const DOORS_START = '<!-- rule-book-doors:start (npm run docs:rule-book writes this list) -->';
export const DOORS_END = '<!-- rule-book-doors:end -->';

/** Each action's doors, by step: what test/unit/approvals/doors.test.ts holds complete. */
export function doorsList(): string {
  const lines: string[] = [DOORS_START];
  for (const action of MONEY_ACTIONS) {
    const doors = Object.entries(ALL_DOORS).filter(
      ([, use]) => 'action' in use && (use.action === action || (use.alsoActions ?? []).includes(action)),
    );
    lines.push('', `### \`${action}\``, '');
    if (!doors.length) lines.push('- no door yet');
    for (const [door, use] of doors) if ('action' in use) lines.push(`- ${use.step}: \`${door}\``);
  }
  lines.push('', DOORS_END);
  return lines.join('\n');
}

function between(text: string, start: string, end: string, body: string): string | null {
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) return null;
  return text.slice(0, from) + body + text.slice(to + end.length);
}

/** `text` with each generated part it has marked written afresh; null when it has none. */
export function withRuleBook(text: string): string | null {
  const table = between(text, RULE_BOOK_START, RULE_BOOK_END, ruleBookTable());
  const withTable = table ?? text;
  const doors = between(withTable, DOORS_START, DOORS_END, doorsList());
  return table === null && doors === null ? null : (doors ?? withTable);
}
