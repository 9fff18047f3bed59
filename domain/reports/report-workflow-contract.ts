/**
 * What the report workflows are started with and the messages they take, shared by the workflow
 * code and the modules that start and signal them: started by their types' names, typed by input.
 */
export const REPORT_SCHEDULE_WORKFLOW_TYPE = 'reportScheduleWorkflow';
export const REPORT_DELIVERY_WORKFLOW_TYPE = 'reportDeliveryWorkflow';

export interface ReportScheduleWorkflowInput {
  scheduleId: number;
  /** ISO-8601: runs after this instant only (set when the workflow continues as new). */
  after?: string;
}

/** A schedule's runs, one after another, for as long as the schedule exists. */
export type ReportScheduleWorkflow = (input: ReportScheduleWorkflowInput) => Promise<void>;

export interface ReportDeliveryWorkflowInput {
  scheduleId: number;
  /** ISO-8601: the run's instant; its day in the company's zone names the period. */
  at: string;
}

/** One run of a schedule, made and delivered ("Run now", and each of the schedule's runs). */
export type ReportDeliveryWorkflow = (input: ReportDeliveryWorkflowInput) => Promise<void>;

/** The signal that tells a schedule's workflow its row changed (paused, resumed, deleted): it reads it again. */
export const REPORT_MESSAGES = { scheduleChanged: 'reportScheduleChanged' } as const;
