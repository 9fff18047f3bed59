import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser, type AddressObject } from 'mailparser';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';
import { localAddress, urlHost } from './bind-host.js';

/**
 * A local SMTP server that delivers nowhere: it keeps the last messages in memory and shows them
 * over a small HTTP JSON API, so a developer sees what a customer would receive. Recipients in
 * the reserved `.invalid` domain are refused with 550, as a real server refuses an address that
 * cannot exist, so a permanent rejection can be rehearsed.
 *
 *   GET    /messages                        newest first: id, time, from, to, subject, Message-ID, attachments
 *   GET    /messages/:id                    the same with text, html and the Message-ID
 *   GET    /messages/:id/attachments/:n     the n-th attachment (from 0), as sent
 *   DELETE /messages                        forgets every message
 */

export interface CaughtAttachment {
  filename: string | null;
  contentType: string;
  size: number;
  content: Buffer;
}

export interface CaughtMessage {
  id: string;
  receivedAt: string;
  /** The SMTP envelope's recipients: who the message was really sent to. */
  recipients: string[];
  from: string;
  to: string;
  subject: string;
  messageId: string | null;
  text: string | null;
  html: string | null;
  attachments: CaughtAttachment[];
}

export interface MailCatcher {
  /** `smtp://127.0.0.1:<port>` (or the address it listens on), for SMTP_URL. */
  smtpUrl: string;
  smtpPort: number;
  /** `http://127.0.0.1:<port>`, for MAIL_CATCHER_URL. */
  httpUrl: string;
  /** Newest first. */
  messages(): CaughtMessage[];
  close(): Promise<void>;
}

export interface MailCatcherOptions {
  /** 0 picks a free port. */
  smtpPort: number;
  httpPort: number;
  /** The address both listen on; 127.0.0.1 unless given. */
  host?: string;
  /** How many messages are kept; older ones are forgotten. */
  capacity?: number;
  /** One line per message caught. */
  print?: (line: string) => void;
}

const MAX_MESSAGE_BYTES = 25 * 1024 * 1024;

const addressText = (value: AddressObject | AddressObject[] | undefined) =>
  (Array.isArray(value) ? value : value ? [value] : []).map((a) => a.text).join(', ');

/** A refusal with an SMTP reply code, as smtp-server sends it back to the client. */
function refusal(message: string, responseCode: number): Error {
  return Object.assign(new Error(message), { responseCode });
}

function summary(message: CaughtMessage) {
  return {
    id: message.id,
    receivedAt: message.receivedAt,
    from: message.from,
    to: message.to,
    recipients: message.recipients,
    subject: message.subject,
    messageId: message.messageId,
    attachments: message.attachments.map(({ filename, contentType, size }, index) => ({
      index,
      filename,
      contentType,
      size,
    })),
  };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}

function listen(
  server: { listen: (port: number, host: string, done: () => void) => unknown },
  port: number,
  host: string,
) {
  return new Promise<void>((resolve) => server.listen(port, host, resolve));
}

export async function startMailCatcher(options: MailCatcherOptions): Promise<MailCatcher> {
  const capacity = options.capacity ?? 200;
  const kept: CaughtMessage[] = [];
  let sequence = 0;

  const smtp = new SMTPServer({
    authOptional: true,
    // Plain text on loopback: nothing to protect, and no certificate for clients to distrust.
    disabledCommands: ['STARTTLS', 'AUTH'],
    size: MAX_MESSAGE_BYTES,
    logger: false,
    // Stopping must not wait for a client that keeps its connection open.
    closeTimeout: 1_000,
    onRcptTo(address: SMTPServerAddress, _session, callback) {
      if (/\.invalid$/i.test(address.address)) {
        return callback(refusal(`5.1.2 ${address.address}: the domain does not exist`, 550));
      }
      callback();
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          const message: CaughtMessage = {
            id: String(++sequence),
            receivedAt: new Date().toISOString(),
            recipients: session.envelope.rcptTo.map((r) => r.address),
            from: addressText(parsed.from),
            to: addressText(parsed.to),
            subject: parsed.subject ?? '',
            messageId: parsed.messageId ?? null,
            text: parsed.text ?? null,
            html: typeof parsed.html === 'string' ? parsed.html : null,
            attachments: parsed.attachments.map((a) => ({
              filename: a.filename ?? null,
              contentType: a.contentType,
              size: a.size,
              content: a.content,
            })),
          };
          kept.unshift(message);
          kept.splice(capacity);
          const files = message.attachments.length ? ` (${message.attachments.length} attachment(s))` : '';
          options.print?.(`to ${message.recipients.join(', ')}: ${message.subject}${files}`);
          callback();
        })
        .catch((error: unknown) => callback(error as Error));
    },
  });
  // A sender that goes away mid-session (a worker killed while it sends) resets its connection;
  // smtp-server reports that as an 'error' event, which without a listener would end this process.
  smtp.on('error', (error: Error & { code?: string }) => {
    options.print?.(`a sender's connection failed: ${error.code ?? error.message}`);
  });

  const find = (id: string | undefined) => kept.find((m) => m.id === id);
  const http: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const parts = new URL(req.url ?? '/', 'http://catcher').pathname.split('/').filter(Boolean);
    if (parts[0] !== 'messages') return sendJson(res, 404, { error: 'not found' });
    if (req.method === 'DELETE' && parts.length === 1) {
      kept.length = 0;
      return sendJson(res, 200, { messages: [] });
    }
    if (req.method !== 'GET') return sendJson(res, 405, { error: 'method not allowed' });
    if (parts.length === 1) return sendJson(res, 200, { messages: kept.map(summary) });
    const message = find(parts[1]);
    if (!message) return sendJson(res, 404, { error: 'no such message' });
    if (parts.length === 2) {
      const { text, html, messageId } = message;
      return sendJson(res, 200, { ...summary(message), messageId, text, html });
    }
    const attachment = parts[2] === 'attachments' ? message.attachments[Number(parts[3])] : undefined;
    if (!attachment || parts.length !== 4) return sendJson(res, 404, { error: 'no such attachment' });
    res.writeHead(200, { 'content-type': attachment.contentType, 'content-length': attachment.size });
    res.end(attachment.content);
  });

  const host = options.host ?? '127.0.0.1';
  await Promise.all([listen(smtp, options.smtpPort, host), listen(http, options.httpPort, host)]);
  const reachAt = urlHost(localAddress(host));
  const smtpPort = (smtp.server.address() as AddressInfo).port;
  const httpPort = (http.address() as AddressInfo).port;
  return {
    smtpUrl: `smtp://${reachAt}:${smtpPort}`,
    smtpPort,
    httpUrl: `http://${reachAt}:${httpPort}`,
    messages: () => [...kept],
    close: async () => {
      await Promise.all([
        new Promise<void>((resolve) => smtp.close(() => resolve())),
        new Promise<void>((resolve) => http.close(() => resolve())),
      ]);
    },
  };
}
