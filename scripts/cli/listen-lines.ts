import type { DeliveryOutcome } from '../../activities/webhooks/send.js';

/** What `listen` prints: the words a developer watching the terminal reads. */

export function readyLine(input: { secret: string; appId: number; url: string; types?: string[] }): string {
  const which = input.types?.length ? input.types.join(', ') : 'every event';
  return [
    `Ready. Your webhook signing secret is ${input.secret} (^C to stop)`,
    `Forwarding app ${input.appId}'s TEST events (${which}) to ${input.url}`,
  ].join('\n');
}

/** `2026-12-30 14:03:07  payment.succeeded  evt_…  → 200`, or the reason nothing answered. */
export function forwardedLine(
  event: { id: string; type: string },
  outcome: Pick<DeliveryOutcome, 'statusCode' | 'error'>,
  at: Date,
): string {
  const time = at.toISOString().slice(0, 19).replace('T', ' ');
  const answer = outcome.statusCode !== null ? String(outcome.statusCode) : `failed: ${outcome.error}`;
  return `${time}  ${event.type}  ${event.id}  → ${answer}`;
}
