/**
 * What the webhook workflows are started with, shared by the workflow code and the modules that
 * start them: each is started by its type's name and typed by its input.
 */
export const WEBHOOK_WORKFLOW_TYPES = {
  delivery: 'webhookDeliveryWorkflow',
  recover: 'webhookRecoverWorkflow',
} as const;

/** An endpoint's recover: the window it covers and, after continuing as new, where it stands. */
export interface WebhookRecoverInput {
  endpointId: number;
  /** ISO-8601: events written at or after `since` and before `until` (when it was asked for). */
  since: string;
  until: string;
  afterEventId: string | null;
  delivered?: number;
  refused?: number;
}

export interface WebhookWorkflowInput {
  eventId: string;
  /**
   * Attempts already recorded for this event when an operator resends it: the resend's attempts
   * are numbered after them. Absent (0) for the first delivery, so earlier histories replay unchanged.
   */
  attemptOffset?: number;
  /**
   * The payment workflow already made attempt 1 itself: this delivery begins at attempt 2, after
   * that attempt's delay in the schedule. Absent for deliveries that make every attempt.
   */
  firstAttemptMade?: boolean;
}

/** `webhook-<eventId>`: one event's delivery to its endpoint, retried for days. */
export type WebhookDeliveryWorkflow = (input: WebhookWorkflowInput) => Promise<string>;
/** An endpoint's recover: the events of a window delivered again, in order. */
export type WebhookRecoverWorkflow = (input: WebhookRecoverInput) => Promise<unknown>;
