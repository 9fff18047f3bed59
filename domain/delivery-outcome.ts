/** What one webhook delivery attempt's answer means for the event's delivery. */
export interface DeliveryVerdict {
  /** True when no further attempt should be made. */
  final: boolean;
  outcome: 'DELIVERED' | 'RETRY' | 'GONE';
  /** The event's delivery status this attempt settles, if it ends the delivery. */
  settles: 'DELIVERED' | 'FAILED' | null;
}

/**
 * Any 2xx takes the event. 410 Gone says the endpoint is gone for good: the delivery stops
 * rather than retrying for days. Everything else (other statuses, timeouts, refused connections,
 * shown as null) is retried on the schedule.
 */
export function judgeDeliveryAttempt(statusCode: number | null): DeliveryVerdict {
  if (statusCode !== null && statusCode >= 200 && statusCode < 300) {
    return { final: true, outcome: 'DELIVERED', settles: 'DELIVERED' };
  }
  if (statusCode === 410) return { final: true, outcome: 'GONE', settles: 'FAILED' };
  return { final: false, outcome: 'RETRY', settles: null };
}
