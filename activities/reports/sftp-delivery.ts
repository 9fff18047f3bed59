import type { SftpDestination } from '../../db/reports/report-schedules.js';
import { SftpDeliveryError, uploadBySftp } from '../../platform/sftp/sftp-upload.js';

export type SftpOutcome = { outcome: 'DELIVERED'; detail: string } | { outcome: 'FAILED'; detail: string };

/**
 * Puts the file on the schedule's SFTP server, signed in with the service's key. A refusal a
 * retry cannot change (the host key, the credentials, a missing directory) is the delivery's
 * answer, FAILED with its reason; an outage throws, so the activity is tried again.
 */
export async function deliverBySftp(
  destination: SftpDestination,
  privateKey: string | null,
  file: { fileName: string; body: Buffer },
): Promise<SftpOutcome> {
  if (!privateKey) {
    return {
      outcome: 'FAILED',
      detail: 'REPORT_SFTP_NOT_CONFIGURED: the worker has no REPORT_SFTP_PRIVATE_KEY_FILE to sign in with',
    };
  }
  try {
    const delivered = await uploadBySftp({ ...destination, privateKey }, file.fileName, file.body);
    return {
      outcome: 'DELIVERED',
      detail: `uploaded ${delivered.bytes} bytes to sftp://${destination.username}@${destination.host}:${destination.port}${delivered.path}`,
    };
  } catch (error) {
    if (error instanceof SftpDeliveryError && !error.retryable) {
      return { outcome: 'FAILED', detail: `${error.code}: ${error.message}` };
    }
    throw error;
  }
}
