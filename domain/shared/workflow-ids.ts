/** Workflow ids are business keys, so operators find them in the Temporal UI by reference. */
export const workflowIds = {
  payment: (reference: string) => `payment-${reference}`,
  webhook: (eventId: string) => `webhook-${eventId}`,
  /** One per recover an app asks for: its endpoint and the moment it asked. */
  webhookRecover: (endpointId: string, requestedAt: Date) =>
    `webhook-recover-${endpointId}-${requestedAt.getTime()}`,
  /** One email per event, so the event id names its workflow. */
  customerEmail: (eventId: string) => `email-${eventId}`,
  refund: (reference: string) => `refund-${reference}`,
  /** Invoice numbers run per app, so the app's id keeps the id unique across apps. */
  invoice: (appId: number, number: string) => `invoice-${appId}-${number}`,
  /** One per gateway, mode and settlement date: a day's reconciliation. */
  reconciliation: (gateway: string, mode: string, settlementDate: string) =>
    `recon-${gateway}-${mode}-${settlementDate}`,
  /**
   * One question at a time per dispute, or per kept dispute notice. Disputes are numbered by
   * their database, so the task queue (one per deployment) keeps two deployments apart.
   */
  disputeQuestion: (taskQueue: string, question: { disputeId: number } | { noticeId: number }) =>
    'noticeId' in question
      ? `dispute-notice-${question.noticeId}-question-${taskQueue}`
      : `dispute-${question.disputeId}-question-${taskQueue}`,
  /** One read per uploaded file; uploads are numbered by their database, so the task queue keeps deployments apart. */
  fileUpload: (taskQueue: string, uploadId: number) => `upload-${uploadId}-${taskQueue}`,
  /** One per report schedule; schedules are numbered by their database, so the task queue keeps deployments apart. */
  reportSchedule: (taskQueue: string, scheduleId: number) => `report-schedule-${scheduleId}-${taskQueue}`,
  /** One per schedule and period asked for at once ("Run now"): the same period is one file however often asked. */
  reportRunNow: (taskQueue: string, scheduleId: number, from: string, to: string) =>
    `report-schedule-${scheduleId}-${from}-${to}-${taskQueue}`,
  /** One per check of a callback for a closed payment: a later check is a workflow of its own. */
  lateCallback: (reference: string, callbackId: number, handOver = 0) =>
    `payment-${reference}-callback-${callbackId}${handOver > 0 ? `-${handOver}` : ''}`,
};
