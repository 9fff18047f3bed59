/**
 * What the upload reader makes of a file finance uploads (a settlement report, a bank or rail
 * statement), whatever the file is for: which container it is, each row's cells as they were
 * read, and the first problem of a file that cannot be read, where an operator finds it. What the
 * rows mean is the business of the process the file is for.
 */

/** What a file is, by its bytes. */
export const REPORT_CONTAINERS = ['csv', 'xlsx'] as const;
export type ReportContainer = (typeof REPORT_CONTAINERS)[number];

/** A cell as read: text from CSV; text, a number or a date from a spreadsheet; null when empty. */
export type CellValue = string | number | Date | null;

/** A report's first problem, where an operator finds it: 1-based row of the file (the header is row 1). */
export interface SettlementFileProblem {
  row: number;
  column: string | null;
  problem: string;
}
