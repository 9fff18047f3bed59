import type { SftpDestination } from '../../db/reports/report-schedules.js';

export type SftpOutcome = { outcome: 'DELIVERED'; detail: string } | { outcome: 'FAILED'; detail: string };

/** Puts the file on the schedule's SFTP server. */
export async function deliverBySftp(
  _destination: SftpDestination,
  _privateKey: string | null,
  _file: { fileName: string; body: Buffer },
): Promise<SftpOutcome> {
  return { outcome: 'FAILED', detail: 'SFTP delivery is not available' };
}
