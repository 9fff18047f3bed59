/**
 * What the customer email workflow is started with, shared by the workflow code and the modules
 * that start it: it is started by its type's name and typed by its input.
 */
export const CUSTOMER_EMAIL_WORKFLOW_TYPE = 'customerEmailWorkflow';

export interface CustomerEmailWorkflowInput {
  /** The event the message reports; its email row is found by it. */
  eventId: string;
  /** Attempts made by earlier runs (the workflow continues as new during a long outage). */
  attemptsMade?: number;
  /** ISO-8601 instant after which a message the server still refuses is FAILED; set by the first run. */
  giveUpAt?: string;
}

/** `email-<eventId>`: one message to a customer, sent once, retried through an outage. */
export type CustomerEmailWorkflow = (input: CustomerEmailWorkflowInput) => Promise<unknown>;
