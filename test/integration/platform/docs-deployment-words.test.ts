import { startStack, type Stack } from '../../helpers/stack.js';

/**
 * An app developer reading the guides of the company's deployment sees its own TEST and LIVE
 * addresses and whom to ask for an app, as the deployment configured them, in the pages, the
 * install line and the search.
 */
describe('the guides of a configured deployment', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({
      configOverrides: {
        DOCS_TEST_BASE_URL: 'https://payments-test.acme.example',
        DOCS_LIVE_BASE_URL: 'https://payments.acme.example',
        SERVICE_OWNER: 'Payments Platform',
        SERVICE_OWNER_CONTACT: 'payments-platform@acme.example',
      },
    });
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
  });

  it('names the addresses and the owning team in getting started', async () => {
    const page = await (await fetch(`${stack.apiUrl}/docs/getting-started`)).text();
    expect(page).toContain('This service is run by Payments Platform');
    expect(page).toContain(
      '<a href="mailto:payments-platform@acme.example">payments-platform@acme.example</a>',
    );
    expect(page).toContain('<code>https://payments-test.acme.example</code>');
    expect(page).toContain('<code>https://payments.acme.example</code>');
    expect(page).toContain('export OI_PAYMENTS_URL=https://payments-test.acme.example');
    expect(page).toMatch(/npm install https:\/\/payments-test\.acme\.example\/sdk\/node\/\S+\.tgz/);
    expect(page).not.toContain('{{');
    expect(page).not.toContain('localhost:8080');
  });

  it('tells going live where the LIVE service is and whom to ask for gateways', async () => {
    const page = await (await fetch(`${stack.apiUrl}/docs/going-live`)).text();
    expect(page).toContain('<code>https://payments.acme.example</code>');
    expect(page).toContain('Ask Payments Platform (<a href="mailto:payments-platform@acme.example">');
  });

  it('searches the same words', async () => {
    const sections = (await (await fetch(`${stack.apiUrl}/docs/search.json`)).json()) as Array<{
      text: string;
    }>;
    const text = sections.map((section) => section.text).join(' ');
    expect(text).toContain('payments-test.acme.example');
    expect(text).not.toContain('{{');
  });
});
