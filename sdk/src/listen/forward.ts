import { Webhook } from 'standardwebhooks';

export interface ForwardOutcome {
  /** The local receiver's HTTP status, or null when it did not answer. */
  status: number | null;
  error: string | null;
}

/**
 * Posts one event to the local receiver as the service's webhook delivers it: the same JSON body,
 * the Standard Webhooks headers (webhook-id is the event id, webhook-timestamp the time of this
 * send, webhook-signature `v1,…` over both and the body), signed with `secret`.
 */
export async function forwardEvent(input: {
  url: string;
  secret: string;
  eventId: string;
  body: string;
  timeoutMs: number;
  now?: Date;
  fetch?: typeof fetch;
}): Promise<ForwardOutcome> {
  const sentAt = input.now ?? new Date();
  const signature = new Webhook(input.secret).sign(input.eventId, sentAt, input.body);
  try {
    const response = await (input.fetch ?? fetch)(input.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'OI-Payments-Listen/1.0',
        'webhook-id': input.eventId,
        'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
        'webhook-signature': signature,
      },
      body: input.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(input.timeoutMs),
    });
    // The answer is not read further: its status is what counts.
    await response.body?.cancel().catch(() => {});
    return { status: response.status, error: null };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return { status: null, error: cause ?? (error as Error).message };
  }
}
