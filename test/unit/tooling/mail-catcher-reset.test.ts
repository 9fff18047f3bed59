import { connect, type Socket } from 'node:net';
import { createTransport } from 'nodemailer';
import { startMailCatcher, type MailCatcher } from '../../../scripts/dev/mail-catcher.js';

/** Lines the server answers, one command at a time. */
function answers(socket: Socket): (command: string | null) => Promise<string> {
  return (command) =>
    new Promise((resolve, reject) => {
      socket.once('error', reject);
      socket.once('data', (data: Buffer) => resolve(data.toString()));
      if (command !== null) socket.write(`${command}\r\n`);
    });
}

/**
 * Opens an SMTP session and starts a message (inside a transaction, where smtp-server reports a
 * dropped connection as an error), then drops the connection with a reset, as a killed sender does.
 */
async function resetMidMessage(port: number): Promise<void> {
  const socket = connect(port, '127.0.0.1');
  const ask = answers(socket);
  await ask(null);
  await ask('EHLO sender.test');
  expect(await ask('MAIL FROM:<payments@oi.test>')).toMatch(/^250/);
  socket.resetAndDestroy();
}

describe('the mail catcher when a sender dies mid-session', () => {
  let catcher: MailCatcher;
  const printed: string[] = [];

  beforeAll(async () => {
    catcher = await startMailCatcher({ smtpPort: 0, httpPort: 0, print: (line) => printed.push(line) });
  });
  afterAll(() => catcher.close());

  it('notes the reset and goes on catching mail', async () => {
    await resetMidMessage(catcher.smtpPort);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(printed.some((line) => line.includes('ECONNRESET'))).toBe(true);

    const transport = createTransport({
      host: '127.0.0.1',
      port: catcher.smtpPort,
      secure: false,
      ignoreTLS: true,
    });
    await transport.sendMail({
      from: 'payments@oi.test',
      to: 'customer@example.com',
      subject: 'Your receipt',
      text: 'Paid.',
    });
    transport.close();
    expect(catcher.messages().map((message) => message.subject)).toContain('Your receipt');
  });
});
