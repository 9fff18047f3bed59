import { escapeHtml } from '../../domain/shared/text.js';

/** One delivery as the demo receiver took it. */
export interface ReceivedDelivery {
  receivedAt: Date;
  type: string;
  reference: string;
  status: string;
  verified: boolean;
  /** The body as sent, pretty-printed when it is JSON. */
  body: string;
}

/** How many deliveries the page keeps: enough for a session of trying things, bounded in memory. */
export const RECEIVED_KEPT = 100;

function row(delivery: ReceivedDelivery): string {
  const time = delivery.receivedAt.toISOString().slice(11, 19);
  return `<tr>
<td>${time}</td><td>${escapeHtml(delivery.type)}</td><td>${escapeHtml(delivery.reference)}</td>
<td>${escapeHtml(delivery.status)}</td>
<td class="${delivery.verified ? 'yes' : 'no'}">${delivery.verified ? 'yes' : 'NO (refused with 400)'}</td>
</tr>
<tr class="body"><td colspan="5"><details><summary>body</summary><pre>${escapeHtml(delivery.body)}</pre></details></td></tr>`;
}

/**
 * The page a browser gets at the demo receiver's URL: the deliveries it took, newest first, with
 * their signature check. It refreshes itself, so a payment's events appear as they arrive.
 */
export function renderReceivedPage(deliveries: readonly ReceivedDelivery[]): string {
  const table =
    deliveries.length === 0
      ? '<p>Nothing received yet. Create a payment and pay it: its events appear here.</p>'
      : `<table><thead><tr><th>time (UTC)</th><th>event</th><th>reference</th><th>status</th><th>verified</th></tr></thead>
<tbody>${deliveries.map(row).join('\n')}</tbody></table>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="5">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Demo webhook receiver</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#1f2937}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #e5e7eb}
tr.body td{border-bottom:2px solid #d1d5db;padding-top:0}.yes{color:#065f46}.no{color:#b91c1c;font-weight:600}
pre{white-space:pre-wrap;word-break:break-all;background:#f9fafb;padding:.5rem;font-size:.85rem}
.note{color:#6b7280}
</style></head><body>
<h1>Demo webhook receiver</h1>
<p class="note">The demo app's TEST webhooks, each checked against its signing secret, newest first
(the last ${RECEIVED_KEPT}, kept until the stack stops). This page refreshes every 5 seconds.</p>
${table}
</body></html>`;
}
