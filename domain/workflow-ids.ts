/** Workflow ids are business keys, so operators find them in the Temporal UI by reference. */
export const workflowIds = {
  payment: (reference: string) => `payment-${reference}`,
  webhook: (eventId: string) => `webhook-${eventId}`,
  refund: (reference: string) => `refund-${reference}`,
  lateCallback: (reference: string, callbackId: number) => `payment-${reference}-callback-${callbackId}`,
};
