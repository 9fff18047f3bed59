import { ERROR_CATALOGUE } from '../../domain/shared/errors.js';
import { EVENT_TYPES } from '../openapi/document.js';

/**
 * Sections of the guides written from the code rather than by hand, so they cannot fall behind
 * it: the event catalogue (the OpenAPI document's webhooks) and the error codes (the one error
 * catalogue). A guide names one with a comment line such as `<!-- error-codes -->`.
 */

const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

function eventCatalogue(): string {
  const rows = EVENT_TYPES.map(([type, data, summary]) => `| \`${type}\` | ${data} | ${cell(summary)} |`);
  return ['| event | `data` | when |', '|---|---|---|', ...rows].join('\n');
}

function errorCodes(): string {
  const rows = Object.entries(ERROR_CATALOGUE)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, entry]) => `| \`${code}\` | ${entry.status} | ${cell(entry.message)} |`);
  return ['| errorCode | status | message |', '|---|---|---|', ...rows].join('\n');
}

const SECTIONS: Record<string, () => string> = {
  'event-catalogue': eventCatalogue,
  'error-codes': errorCodes,
};

/** The Markdown with each generated section's marker replaced by the section. */
export function withGeneratedSections(markdown: string): string {
  return markdown.replace(/^<!-- ([a-z-]+) -->$/gm, (marker, name: string) => {
    const section = SECTIONS[name];
    if (!section) throw new Error(`docs: no generated section named "${name}"`);
    return section();
  });
}
