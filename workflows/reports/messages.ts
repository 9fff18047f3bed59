import { defineSignal } from '@temporalio/workflow';
import { REPORT_MESSAGES } from '../../domain/reports/report-workflow-contract.js';

/** The schedule's row changed: the workflow reads it again before it waits or runs. */
export const reportScheduleChangedSignal = defineSignal(REPORT_MESSAGES.scheduleChanged);
