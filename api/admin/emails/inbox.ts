import { z } from 'zod';

/**
 * The development mail catcher's HTTP API (scripts/dev/mail-catcher.ts), read by the dashboard
 * server-side: the operator's browser never talks to the catcher. Answers are checked before use.
 */

const attachmentSchema = z.object({
  index: z.number().int().min(0),
  filename: z.string().nullable(),
  contentType: z.string(),
  size: z.number().int().min(0),
});

const summarySchema = z.object({
  id: z.string(),
  receivedAt: z.string(),
  from: z.string(),
  to: z.string(),
  recipients: z.array(z.string()),
  subject: z.string(),
  /** Absent from a catcher that does not say it: such a message is nobody's the inbox may show. */
  messageId: z.string().nullable().default(null),
  attachments: z.array(attachmentSchema),
});

const messageSchema = summarySchema.extend({
  text: z.string().nullable(),
  html: z.string().nullable(),
});

export type InboxSummary = z.infer<typeof summarySchema>;
export type InboxMessage = z.infer<typeof messageSchema>;

/** The catcher did not answer, or answered something else than its API. */
export class InboxUnavailable extends Error {
  constructor(catcherUrl: string) {
    super(`The mail catcher at ${catcherUrl} is not answering`);
    this.name = 'InboxUnavailable';
  }
}

const TIMEOUT_MS = 3_000;

/** GETs a path of the catcher; null for its 404. */
async function get(catcherUrl: string, path: string): Promise<Response | null> {
  let response: Response;
  try {
    response = await fetch(`${catcherUrl.replace(/\/+$/, '')}${path}`, {
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch {
    throw new InboxUnavailable(catcherUrl);
  }
  if (response.status === 404) return null;
  if (!response.ok) throw new InboxUnavailable(catcherUrl);
  return response;
}

async function json<S extends z.ZodType>(
  catcherUrl: string,
  response: Response,
  schema: S,
): Promise<z.infer<S>> {
  const parsed = schema.safeParse(await response.json().catch(() => null));
  if (!parsed.success) throw new InboxUnavailable(catcherUrl);
  return parsed.data;
}

export async function inboxMessages(catcherUrl: string): Promise<InboxSummary[]> {
  const response = await get(catcherUrl, '/messages');
  if (!response) throw new InboxUnavailable(catcherUrl);
  return (await json(catcherUrl, response, z.object({ messages: z.array(summarySchema) }))).messages;
}

export async function inboxMessage(catcherUrl: string, id: string): Promise<InboxMessage | null> {
  const response = await get(catcherUrl, `/messages/${encodeURIComponent(id)}`);
  return response ? json(catcherUrl, response, messageSchema) : null;
}

export async function inboxAttachment(
  catcherUrl: string,
  id: string,
  index: number,
): Promise<{ contentType: string; content: Buffer } | null> {
  const response = await get(catcherUrl, `/messages/${encodeURIComponent(id)}/attachments/${index}`);
  if (!response) return null;
  return {
    contentType: response.headers.get('content-type') ?? 'application/octet-stream',
    content: Buffer.from(await response.arrayBuffer()),
  };
}
