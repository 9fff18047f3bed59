import { setTimeout as sleep } from 'node:timers/promises';
import type { EntityManager } from '@mikro-orm/postgresql';
import { findApp } from '../../db/apps/apps.js';
import { eventsSince } from '../../db/webhooks/event-feed.js';
import type { Orm } from '../../platform/orm/orm.js';
import { newWebhookSecret } from '../../platform/sealing/secret-box.js';
import { eventBody } from '../../activities/webhooks/event-body.js';
import { sendSignedWebhook } from '../../activities/webhooks/send.js';
import { CliFailure, InputError } from './errors.js';
import { admit, openWindow, readFrom, seenIds } from './event-window.js';
import { forwardedLine, readyLine } from './listen-lines.js';

export interface ListenOptions {
  app: number;
  'forward-to': string;
  mode: 'TEST' | 'LIVE';
  events?: string[];
  since?: Date;
}

export interface ListenContext {
  print: (text: string) => void;
  printError: (text: string) => void;
  /** Ends the listener (Ctrl-C). */
  signal: AbortSignal;
  pollMs?: number;
}

const POLL_MS = 500;
/** Far longer than any transaction that writes an event stays open. */
const LOOKBACK_MS = 60_000;
const BATCH = 100;
/** A local receiver that hangs must not hold the stream up for long. */
const FORWARD_TIMEOUT_MS = 10_000;

/**
 * `npm run cli -- listen`: follows an app's TEST events in the outbox from now (or --since) and
 * posts each to a local URL, signed the Standard Webhooks way with a secret made for this run, as
 * `stripe listen` does. It only reads the outbox: the app's own endpoint gets its deliveries as
 * ever, and nothing is recorded of these. Events table polling stands in for a notification: no
 * trigger costs every event's write for a development tool.
 */
export async function listen(orm: Orm, options: ListenOptions, context: ListenContext): Promise<void> {
  if (options.mode !== 'TEST') {
    throw new InputError(
      "listen forwards TEST events only: LIVE events go to the app's own webhook endpoint, signed with its own secret",
    );
  }
  const em = () => orm.em.fork() as EntityManager;
  if (!(await findApp(em(), options.app))) throw new CliFailure(`no app with id ${options.app}`);
  const secret = newWebhookSecret();
  const url = options['forward-to'];
  const window = openWindow(options.since ?? new Date(), LOOKBACK_MS);
  context.print(readyLine({ secret, appId: options.app, url, types: options.events }));

  let failing = false;
  while (!context.signal.aborted) {
    let batch;
    try {
      batch = await eventsSince(em(), {
        appId: options.app,
        mode: 'TEST',
        from: readFrom(window),
        seen: seenIds(window),
        types: options.events,
        limit: BATCH,
      });
      if (failing) context.printError('The database answers again.');
      failing = false;
    } catch (error) {
      // A database restarting under a developer's stack is waited out, said once.
      if (!failing) context.printError(`Cannot read events: ${(error as Error).message}; trying again`);
      failing = true;
      batch = null;
    }
    for (const event of batch ? admit(window, batch) : []) {
      if (context.signal.aborted) break;
      const sentAt = new Date();
      const outcome = await sendSignedWebhook(
        {
          url,
          secret,
          eventId: event.id,
          body: JSON.stringify(eventBody(event)),
          sentAt,
          timeoutMs: FORWARD_TIMEOUT_MS,
        },
        // The whole point is a receiver on this machine.
        { allowPrivateNetworks: true },
      );
      context.print(forwardedLine(event, outcome, sentAt));
    }
    // A full batch means more are waiting: read on at once.
    if (batch?.length === BATCH) continue;
    await sleep(context.pollMs ?? POLL_MS, undefined, { signal: context.signal }).catch(() => {});
  }
}
