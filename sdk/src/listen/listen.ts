import { setTimeout as sleep } from 'node:timers/promises';
import { forwardEvent, type ForwardOutcome } from './forward.js';
import { openEventStream, StreamRefusedError } from './stream-connection.js';

export interface ListenOptions {
  baseUrl: string;
  apiKey: string;
  apiSecret: string;
  /** Where each event is posted, e.g. http://localhost:4000/webhooks. */
  forwardTo: string;
  /** The whsec_… the forwarded events are signed with. */
  signingSecret: string;
  /** Print the signing secret when ready (not one the user gave: it may be an endpoint's). */
  showSecret?: boolean;
  /** Only these event types. */
  types?: string[];
  /** Start after this event id (replays what came after it); else after the newest one. */
  after?: string | null;
  signal: AbortSignal;
  /** Lines for the person watching the terminal. */
  print: (line: string) => void;
  printError: (line: string) => void;
  /** Called with each event id once its forward was tried (the resume point from then on). */
  onForwarded?: (eventId: string, outcome: ForwardOutcome) => void;
  forwardTimeoutMs?: number;
  idleTimeoutMs?: number;
  /** First wait before reconnecting; doubled per failed try up to maxBackoffMs. */
  backoffMs?: number;
  maxBackoffMs?: number;
}

/** Said once the service answers what its stream cannot be opened with at all. */
export class ListenFailure extends Error {
  override readonly name = 'ListenFailure';
}

function forwardedLine(type: string, id: string, outcome: ForwardOutcome): string {
  const time = new Date().toISOString().slice(0, 19).replace('T', ' ');
  const answer = outcome.status !== null ? String(outcome.status) : `failed: ${outcome.error}`;
  return `${time}  ${type}  ${id}  → ${answer}`;
}

/** The wait before the next try: exponential, with jitter so many listeners do not come at once. */
function backoff(tries: number, firstMs: number, maxMs: number): number {
  const ceiling = Math.min(maxMs, firstMs * 2 ** tries);
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

/**
 * `oi-payments listen`: follows the app's TEST event stream and posts each event to a local
 * receiver, signed as the webhook would be. After a cut it reconnects with backoff and goes on
 * after the last event it forwarded, so none is missed; the one in flight at a cut may come again,
 * under its same webhook-id. A receiver's error is printed, not retried: the service's own
 * deliveries to the app's endpoints are untouched.
 */
export async function listen(options: ListenOptions): Promise<void> {
  let after = options.after ?? null;
  let tries = 0;
  let announced = false;
  const firstMs = options.backoffMs ?? 1_000;
  const maxMs = options.maxBackoffMs ?? 30_000;
  while (!options.signal.aborted) {
    let reason = '';
    try {
      for await (const message of openEventStream({
        baseUrl: options.baseUrl,
        apiKey: options.apiKey,
        apiSecret: options.apiSecret,
        after,
        types: options.types,
        signal: options.signal,
        idleTimeoutMs: options.idleTimeoutMs ?? 45_000,
      })) {
        if (message.event === 'ready') {
          tries = 0;
          // Before any event, the stream's start is the place to come back to.
          if (after === null && message.id) after = message.id;
          if (!announced) {
            const which = options.types?.length ? options.types.join(', ') : 'every event';
            options.print(
              [
                options.showSecret === false
                  ? 'Ready. Signing with the secret you gave (^C to stop)'
                  : `Ready. Your webhook signing secret is ${options.signingSecret} (^C to stop)`,
                `Forwarding TEST events (${which}) to ${options.forwardTo}`,
              ].join('\n'),
            );
          } else {
            options.printError(`Reconnected; going on after ${after ?? 'the start'}.`);
          }
          announced = true;
          continue;
        }
        if (!message.id) continue;
        const outcome = await forwardEvent({
          url: options.forwardTo,
          secret: options.signingSecret,
          eventId: message.id,
          body: message.data,
          timeoutMs: options.forwardTimeoutMs ?? 10_000,
        });
        after = message.id;
        options.print(forwardedLine(message.event, message.id, outcome));
        options.onForwarded?.(message.id, outcome);
      }
      if (options.signal.aborted) break;
      reason = 'the service ended the stream';
    } catch (error) {
      if (options.signal.aborted) break;
      if (error instanceof StreamRefusedError && !error.passing) {
        throw new ListenFailure(
          `The service refused the stream: ${error.errorCode ?? error.status}: ${error.message}`,
        );
      }
      reason = error instanceof StreamRefusedError ? `${error.errorCode ?? error.status}` : describe(error);
    }
    // A server shutting down ends the stream cleanly: the next try may meet it gone, so it waits too.
    const waitMs = backoff(tries, firstMs, maxMs);
    tries += 1;
    options.printError(`Connection lost (${reason}); reconnecting in ${(waitMs / 1000).toFixed(1)} s.`);
    await sleep(waitMs, undefined, { signal: options.signal }).catch(() => {});
  }
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message ?? String(error);
}
