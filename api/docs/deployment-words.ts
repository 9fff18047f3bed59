import type { Config } from '../../platform/config/index.js';

/**
 * What the guides say about this deployment in particular: where its shared TEST and LIVE
 * services answer and who runs it. A guide writes `{{TEST_BASE_URL}}`, `{{LIVE_BASE_URL}}`,
 * `{{SERVICE_OWNER}}` or `{{OWNER_CONTACT}}` and each deployment's /docs shows its own, so an
 * app team reads the addresses it will use and whom to ask, not those of a laptop.
 */
export interface DeploymentWords {
  testBaseUrl: string;
  liveBaseUrl: string;
  /** The team that runs the service and registers apps. */
  owner: string;
  /** How to reach it, as configured: a mail address, a URL, or words such as a chat channel. */
  ownerContact?: string;
}

/** What the guides read in the repository and on a local `npm start` say. */
export const LOCAL_WORDS: DeploymentWords = {
  testBaseUrl: 'http://localhost:8080',
  liveBaseUrl: 'http://localhost:8080',
  owner: 'the payments platform team',
};

const withoutTrailingSlash = (url: string) => url.replace(/\/+$/, '');

export function deploymentWords(
  config: Pick<
    Config,
    'PUBLIC_URL' | 'DOCS_TEST_BASE_URL' | 'DOCS_LIVE_BASE_URL' | 'SERVICE_OWNER' | 'SERVICE_OWNER_CONTACT'
  >,
): DeploymentWords {
  return {
    testBaseUrl: withoutTrailingSlash(config.DOCS_TEST_BASE_URL ?? config.PUBLIC_URL),
    liveBaseUrl: withoutTrailingSlash(config.DOCS_LIVE_BASE_URL ?? config.PUBLIC_URL),
    owner: config.SERVICE_OWNER,
    ...(config.SERVICE_OWNER_CONTACT ? { ownerContact: config.SERVICE_OWNER_CONTACT } : {}),
  };
}

/** Characters Markdown would read as markup, escaped so a configured word prints as written. */
const markdownText = (text: string) => text.replace(/[\\`*_[\]<>#|!]/g, (c) => `\\${c}`);

/** The contact as a link where it is one (a URL or a mail address), else its words. */
function contactMarkdown(contact: string): string {
  if (/^https?:\/\/\S+$/.test(contact)) return `[${markdownText(contact)}](${contact})`;
  if (/^[^\s@()<>]+@[^\s@()<>]+\.[^\s@()<>]+$/.test(contact))
    return `[${markdownText(contact)}](mailto:${contact})`;
  return markdownText(contact);
}

/** Each `{{NAME}}` of the guide's Markdown replaced by this deployment's words. */
export function withDeploymentWords(markdown: string, words: DeploymentWords): string {
  const values: Record<string, string> = {
    TEST_BASE_URL: words.testBaseUrl,
    LIVE_BASE_URL: words.liveBaseUrl,
    SERVICE_OWNER: markdownText(words.owner),
    // After "ask them": where, if the deployment says.
    OWNER_CONTACT: words.ownerContact ? ` (${contactMarkdown(words.ownerContact)})` : '',
  };
  return markdown.replace(/\{\{([A-Z_]+)\}\}/g, (placeholder, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`docs: no deployment word named ${placeholder}`);
    return value;
  });
}
