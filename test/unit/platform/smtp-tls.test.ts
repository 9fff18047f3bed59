import { createMailTransport } from '../../../platform/email/transport.js';
import { startMailCatcher, type MailCatcher } from '../../../scripts/dev/mail-catcher.js';

/**
 * SMTP_URL's `?requireTLS=true` (what a deployment's plain smtp:// needs, platform/config/deployment.ts)
 * really reaches nodemailer: a server that offers no STARTTLS (the development mail catcher) gets
 * nothing, rather than the message in clear text.
 */
describe('SMTP with STARTTLS required', () => {
  let catcher: MailCatcher;
  beforeAll(async () => {
    catcher = await startMailCatcher({ smtpPort: 0, httpPort: 0 });
  });
  afterAll(() => catcher.close());

  const message = (key: string) => ({
    key,
    fromName: 'Demo Store',
    to: 'customer@example.com',
    subject: 'Your receipt',
    text: 'Paid.',
    html: '<p>Paid.</p>',
    attachments: [],
  });

  it('sends nothing in clear text when STARTTLS is required and not offered', async () => {
    const transport = createMailTransport({
      smtpUrl: `${catcher.smtpUrl}?requireTLS=true`,
      from: 'billing@example.com',
    })!;
    const result = await transport.send(message('requires-tls'));
    expect(result.outcome).not.toBe('SENT');
    expect(catcher.messages()).toEqual([]);

    // The same server takes it in clear text when TLS is not required (the development stack).
    const plain = createMailTransport({ smtpUrl: catcher.smtpUrl, from: 'billing@example.com' })!;
    expect((await plain.send(message('plain'))).outcome).toBe('SENT');
    expect(catcher.messages()).toHaveLength(1);
  });
});
