import { deploymentWords, withDeploymentWords, LOCAL_WORDS } from '../../../api/docs/deployment-words.js';

const config = {
  PUBLIC_URL: 'https://pay.example.com',
  DOCS_TEST_BASE_URL: undefined,
  DOCS_LIVE_BASE_URL: undefined,
  SERVICE_OWNER: 'Payments Platform',
  SERVICE_OWNER_CONTACT: undefined,
};

describe('the guides in a deployment’s words', () => {
  it('sends TEST and LIVE to PUBLIC_URL unless the deployment names its own addresses', () => {
    expect(deploymentWords(config)).toEqual({
      testBaseUrl: 'https://pay.example.com',
      liveBaseUrl: 'https://pay.example.com',
      owner: 'Payments Platform',
    });
    const split = deploymentWords({
      ...config,
      DOCS_TEST_BASE_URL: 'https://pay-test.example.com/',
      DOCS_LIVE_BASE_URL: 'https://pay.example.com',
    });
    expect([split.testBaseUrl, split.liveBaseUrl]).toEqual([
      'https://pay-test.example.com',
      'https://pay.example.com',
    ]);
  });

  it('writes the contact as a link when it is an address, and as words otherwise', () => {
    const line = 'Ask {{SERVICE_OWNER}}{{OWNER_CONTACT}}.';
    const words = (contact?: string) => withDeploymentWords(line, { ...LOCAL_WORDS, ownerContact: contact });
    expect(words(undefined)).toBe('Ask the payments platform team.');
    expect(words('payments@acme.example')).toBe(
      'Ask the payments platform team ([payments@acme.example](mailto:payments@acme.example)).',
    );
    expect(words('https://help.acme.example/payments')).toBe(
      'Ask the payments platform team ([https://help.acme.example/payments](https://help.acme.example/payments)).',
    );
    // Markup in a configured word prints as written: no link, emphasis or HTML of its own.
    expect(words('#payments-help on *Slack* <b>')).toBe(
      'Ask the payments platform team (\\#payments-help on \\*Slack\\* \\<b\\>).',
    );
  });

  it('refuses a placeholder it has no word for, so a typo fails the build, not the reader', () => {
    expect(() => withDeploymentWords('{{TEST_BASE_ULR}}', LOCAL_WORDS)).toThrow('{{TEST_BASE_ULR}}');
  });
});
