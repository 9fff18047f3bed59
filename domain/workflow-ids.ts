/** Workflow ids are business keys, so operators find them in the Temporal UI by reference. */
export const workflowIds = {
  payment: (reference: string) => `payment-${reference}`,
  webhook: (eventId: string) => `webhook-${eventId}`,
  /** One email per event, so the event id names its workflow. */
  customerEmail: (eventId: string) => `email-${eventId}`,
  refund: (reference: string) => `refund-${reference}`,
  /** Invoice numbers run per app, so the app's id keeps the id unique across apps. */
  invoice: (appId: number, number: string) => `invoice-${appId}-${number}`,
  lateCallback: (reference: string, callbackId: number) => `payment-${reference}-callback-${callbackId}`,
};
