/**
 * What a webhook delivers for an event: its id and the payload written with it (type, timestamp,
 * data). The events API and `npm run cli -- listen` hand apps this same object, so one handler
 * takes all three.
 */
export function eventBody(event: { id: string; payload: Record<string, unknown> }): Record<string, unknown> {
  return { id: event.id, ...event.payload };
}
