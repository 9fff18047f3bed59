/**
 * The dashboard's report forms as the JSON bodies the API takes: empty fields are left out,
 * numbers read as numbers, recipients split at commas, the SFTP fields made one destination. What
 * the schema then refuses is said on the form.
 */

const blank = (value: string | undefined) => value === undefined || value.trim() === '';
const numberOr = (value: string | undefined) =>
  blank(value) ? null : /^\d+$/.test(value!.trim()) ? Number(value) : value;

export function runBodyFromForm(fields: Record<string, string>): Record<string, unknown> {
  return {
    type: fields.type,
    format: fields.format || 'csv',
    mode: fields.mode || 'TEST',
    appId: numberOr(fields.appId),
    savedViewId: numberOr(fields.savedViewId),
    from: fields.from,
    to: fields.to,
  };
}

export function scheduleBodyFromForm(fields: Record<string, string>): Record<string, unknown> {
  const delivery = fields.delivery || 'EMAIL';
  return {
    name: fields.name,
    type: fields.type,
    format: fields.format || 'csv',
    mode: fields.mode || 'TEST',
    appId: numberOr(fields.appId),
    savedViewId: numberOr(fields.savedViewId),
    cadence: fields.cadence,
    at: fields.at,
    weekday: fields.cadence === 'WEEKLY' ? numberOr(fields.weekday) : null,
    monthDay: fields.cadence === 'MONTHLY' ? numberOr(fields.monthDay) : null,
    delivery,
    recipients:
      delivery === 'EMAIL'
        ? (fields.recipients ?? '')
            .split(/[,;\s]+/)
            .map((r) => r.trim())
            .filter(Boolean)
        : [],
    sftp:
      delivery === 'SFTP'
        ? {
            host: fields.sftpHost,
            port: numberOr(fields.sftpPort) ?? 22,
            username: fields.sftpUsername,
            directory: fields.sftpDirectory,
            hostKeySha256: fields.sftpHostKey,
          }
        : null,
  };
}
