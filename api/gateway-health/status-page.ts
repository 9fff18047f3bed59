import { html, page } from '../pages/html.js';
import type { StatusReport } from './status.js';

/** How often the open page reloads itself: about as often as health is evaluated. */
const REFRESH_SECONDS = 60;

const WORDS: Record<string, string> = {
  OPERATIONAL: 'Operational',
  DEGRADED: 'Degraded',
  DOWN: 'Down',
  MAINTENANCE: 'Under maintenance',
};

const utc = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

/** The deployment's status page for app teams: plain HTML, readable without JavaScript. */
export function renderStatusPage(report: StatusReport): string {
  const modes = ['LIVE', 'TEST'] as const;
  const body = html`<h1>Gateway status</h1>
    <p class="note">
      Each gateway's health as our own calls to it see it, over the last few minutes, and the maintenance
      operators announced. Also as JSON: <a href="/api/v1/status">/api/v1/status</a>; changes arrive as
      <code>gateway.health_changed</code> events.
    </p>
    ${modes.map(
      (mode) =>
        html`<h2>${mode}</h2>
          <table data-testid="status-${mode}">
            <thead>
              <tr>
                <th>Gateway</th>
                <th>Status</th>
                <th>Since</th>
              </tr>
            </thead>
            <tbody>
              ${report.gateways
                .filter((g) => g.mode === mode)
                .map(
                  (g) =>
                    html`<tr data-testid="status-${mode}-${g.gateway}" data-status="${g.status}">
                      <td>${g.gatewayName}</td>
                      <td>${WORDS[g.status] ?? g.status}</td>
                      <td>${g.since ? utc(g.since) : '—'}</td>
                    </tr>`,
                )}
            </tbody>
          </table>`,
    )}
    <h2>Maintenance</h2>
    ${
      report.maintenance.length === 0
        ? html`<p class="note" data-testid="maintenance-none">None announced.</p>`
        : html`<ul data-testid="maintenance">
            ${report.maintenance.map(
              (w) =>
                html`<li data-testid="maintenance-${w.id}">
                  <strong>${w.gatewayName} (${w.mode})</strong>: ${utc(w.startsAt)} to
                  ${utc(w.endsAt)}${w.inForce ? ' (now)' : ''}${w.note ? html` — ${w.note}` : ''}
                </li>`,
            )}
          </ul>`
    }
    <h2>Recent changes</h2>
    ${
      report.recentChanges.length === 0
        ? html`<p class="note">No changes in the last 7 days.</p>`
        : html`<ul data-testid="changes">
            ${report.recentChanges.map(
              (c) =>
                html`<li>
                  ${utc(c.changedAt)}: <strong>${c.gatewayName} (${c.mode})</strong>
                  ${WORDS[c.previousStatus] ?? c.previousStatus} → ${WORDS[c.status] ?? c.status}. ${c.reason}
                </li>`,
            )}
          </ul>`
    }`;
  return page('Gateway status', body, { refreshSeconds: REFRESH_SECONDS, wide: true });
}
