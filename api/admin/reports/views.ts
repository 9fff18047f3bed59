import type { ReportRun } from '../../../db/reports/report-runs.js';
import { CADENCES } from '../../../domain/reports/report-schedules.js';
import {
  REPORT_FORMATS,
  REPORT_RETENTION_DAYS,
  REPORT_TYPES,
  REPORT_TYPE_SUMMARIES,
  reportFileName,
} from '../../../domain/reports/report-types.js';
import { MODES } from '../../../domain/shared/mode.js';
import { html, SafeHtml } from '../../pages/html.js';
import { csrfField } from '../pages/layout.js';
import { appSelect, badge, options, time } from '../payments/views.js';
import type { ScheduleView } from './service.js';

/** HTML of the reports page: run one now, the schedules, and the runs kept 90 days. */

export interface SavedViewChoice {
  id: number;
  list: string;
  name: string;
}

export interface ReportsPageModel {
  csrf: string;
  canRun: boolean;
  today: string;
  zone: string;
  apps: Array<{ id: number; name: string }>;
  savedViews: SavedViewChoice[];
  schedules: ScheduleView[];
  runs: ReportRun[];
  sftpAvailable: boolean;
  typed: Record<string, string> | null;
}

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

const typeOptions = (selected: string | undefined) =>
  REPORT_TYPES.map(
    (t) =>
      html`<option value="${t}" ${new SafeHtml(t === selected ? 'selected' : '')}>
        ${t} — ${REPORT_TYPE_SUMMARIES[t]}
      </option>`,
  );

function savedViewSelect(views: SavedViewChoice[], selected: string | undefined): SafeHtml {
  return html`<label
    >Saved view
    <select name="savedViewId" data-testid="report-saved-view">
      <option value="">None: every row of the period</option>
      ${views.map(
        (v) =>
          html`<option value="${v.id}" ${new SafeHtml(String(v.id) === selected ? 'selected' : '')}>
            ${v.list}: ${v.name}
          </option>`,
      )}
    </select></label
  >`;
}

function runForm(model: ReportsPageModel): SafeHtml {
  const typed = model.typed ?? {};
  const firstOfMonth = `${model.today.slice(0, 8)}01`;
  return html`<form method="post" action="/admin/reports/runs" class="card" data-testid="report-run-form">
    ${csrfField(model.csrf)}
    <h2>Run a report now</h2>
    <div class="row">
      <label
        >Report
        <select name="type" required>
          ${typeOptions(typed.type)}
        </select></label
      >
      <label
        >Mode
        <select name="mode">
          ${options(MODES, typed.mode ?? 'TEST', 'TEST').slice(1)}
        </select></label
      >
      ${appSelect(model.apps, typed.appId)}
    </div>
    <div class="row">
      <label>From <input type="date" name="from" value="${typed.from ?? firstOfMonth}" required /></label>
      <label>To <input type="date" name="to" value="${typed.to ?? model.today}" required /></label>
      <label
        >Format
        <select name="format">
          ${options(REPORT_FORMATS, typed.format ?? 'csv', 'csv').slice(1)}
        </select></label
      >
      ${savedViewSelect(model.savedViews, typed.savedViewId)}
      <button type="submit" data-testid="report-run-submit">Run</button>
    </div>
    <p class="muted">
      Days in ${model.zone}, both included; the rows are read as the report runs. A statement is of one app;
      the journal and settlement days cover every app.
    </p>
  </form>`;
}

function scheduleForm(model: ReportsPageModel): SafeHtml {
  const typed = model.typed ?? {};
  return html`<form
    method="post"
    action="/admin/reports/schedules"
    class="card"
    data-testid="report-schedule-form"
  >
    ${csrfField(model.csrf)}
    <h2>Schedule a report</h2>
    <div class="row">
      <label>Name <input name="name" required maxlength="120" value="${typed.name ?? ''}" /></label>
      <label
        >Report
        <select name="type" required>
          ${typeOptions(typed.type)}
        </select></label
      >
      <label
        >Mode
        <select name="mode">
          ${options(MODES, typed.mode ?? 'TEST', 'TEST').slice(1)}
        </select></label
      >
      ${appSelect(model.apps, typed.appId)} ${savedViewSelect(model.savedViews, typed.savedViewId)}
    </div>
    <div class="row">
      <label
        >Runs
        <select name="cadence" data-testid="report-cadence">
          ${options(CADENCES, typed.cadence ?? 'DAILY', 'DAILY').slice(1)}
        </select></label
      >
      <label>At <input type="time" name="at" value="${typed.at ?? '07:00'}" required /></label>
      <label
        >Weekday (weekly)
        <select name="weekday">
          <option value="">—</option>
          ${WEEKDAYS.map(
            (d, i) =>
              html`<option
                value="${i + 1}"
                ${new SafeHtml(String(i + 1) === typed.weekday ? 'selected' : '')}
              >
                ${d}
              </option>`,
          )}
        </select></label
      >
      <label
        >Day of month (monthly)
        <input type="number" name="monthDay" min="1" max="28" value="${typed.monthDay ?? ''}"
      /></label>
      <label
        >Format
        <select name="format">
          ${options(REPORT_FORMATS, typed.format ?? 'xlsx', 'xlsx').slice(1)}
        </select></label
      >
    </div>
    <div class="row">
      <label
        >Deliver by
        <select name="delivery" data-testid="report-delivery">
          <option value="EMAIL">Email link (valid 7 days)</option>
          ${
            model.sftpAvailable
              ? html`<option value="SFTP" ${new SafeHtml(typed.delivery === 'SFTP' ? 'selected' : '')}>
                  SFTP
                </option>`
              : ''
          }
        </select></label
      >
      <label
        >Recipients (email, comma-separated)
        <input name="recipients" value="${typed.recipients ?? ''}" data-testid="report-recipients"
      /></label>
    </div>
    ${
      model.sftpAvailable
        ? html`<fieldset class="row">
            <legend>SFTP server (for SFTP delivery)</legend>
            <label>Host <input name="sftpHost" value="${typed.sftpHost ?? ''}" /></label>
            <label
              >Port
              <input type="number" name="sftpPort" min="1" max="65535" value="${typed.sftpPort ?? '22'}"
            /></label>
            <label>User <input name="sftpUsername" value="${typed.sftpUsername ?? ''}" /></label>
            <label
              >Directory
              <input
                name="sftpDirectory"
                value="${typed.sftpDirectory ?? ''}"
                placeholder="/incoming/reports"
            /></label>
            <label
              >Host key
              <input name="sftpHostKey" value="${typed.sftpHostKey ?? ''}" placeholder="SHA256:…" size="50"
            /></label>
          </fieldset>`
        : html`<p class="muted">SFTP delivery needs the service's key (REPORT_SFTP_PRIVATE_KEY_FILE).</p>`
    }
    <button type="submit" data-testid="report-schedule-submit">Save schedule</button>
    <p class="muted">
      Times are in ${model.zone}. Each run covers the last whole period before it: yesterday, last week
      (Monday–Sunday) or last month.
    </p>
  </form>`;
}

function scheduleTable(model: ReportsPageModel): SafeHtml {
  if (!model.schedules.length)
    return html`<p class="muted" data-testid="no-report-schedules">No schedules yet.</p>`;
  return html`<div class="table-wrap">
    <table data-testid="report-schedules">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Report</th>
          <th scope="col">When</th>
          <th scope="col">Delivery</th>
          <th scope="col">Next run</th>
          ${model.canRun ? html`<th scope="col"><span class="muted">Actions</span></th>` : ''}
        </tr>
      </thead>
      <tbody>
        ${model.schedules.map(
          (s) =>
            html`<tr data-testid="report-schedule" data-id="${s.id}">
              <td>${s.name} <span class="muted">by ${s.createdBy}</span></td>
              <td>${s.type} (${s.format}, ${s.mode}${s.appId ? `, app #${s.appId}` : ''})</td>
              <td>${s.when}</td>
              <td>
                ${
                  s.delivery === 'EMAIL'
                    ? s.recipients.join(', ')
                    : `sftp://${s.sftp?.username}@${s.sftp?.host}:${s.sftp?.port}${s.sftp?.directory}`
                }
              </td>
              <td>${s.pausedAt ? badge('PAUSED') : time(s.nextRunAt?.toISOString())}</td>
              ${
                model.canRun
                  ? html`<td>
                      ${action(model.csrf, s.id, 'run', 'Run now', 'report-schedule-run')}
                      ${
                        s.pausedAt
                          ? action(model.csrf, s.id, 'resume', 'Resume', 'report-schedule-resume')
                          : action(model.csrf, s.id, 'pause', 'Pause', 'report-schedule-pause')
                      }
                      ${action(model.csrf, s.id, 'delete', 'Delete', 'report-schedule-delete')}
                    </td>`
                  : ''
              }
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

const action = (csrf: string, id: number, verb: string, label: string, testId: string) =>
  html`<form method="post" action="/admin/reports/schedules/${id}/${verb}" class="inline">
    ${csrfField(csrf)}
    <button type="submit" class="secondary" data-testid="${testId}">${label}</button>
  </form>`;

export function runTable(runs: ReportRun[]): SafeHtml {
  if (!runs.length) return html`<p class="muted" data-testid="no-report-runs">No runs kept.</p>`;
  return html`<div class="table-wrap">
    <table data-testid="report-runs">
      <thead>
        <tr>
          <th scope="col">Run</th>
          <th scope="col">Report</th>
          <th scope="col">Days</th>
          <th scope="col">Rows</th>
          <th scope="col">Asked by</th>
          <th scope="col">Delivery</th>
          <th scope="col">Made</th>
          <th scope="col">Download</th>
        </tr>
      </thead>
      <tbody>
        ${runs.map(
          (r) =>
            html`<tr data-testid="report-run" data-reference="${r.reference}">
              <td><code>${r.reference}</code></td>
              <td>${r.type} (${r.mode}${r.appId ? `, app #${r.appId}` : ''})</td>
              <td>${r.from === r.to ? r.from : `${r.from} – ${r.to}`}</td>
              <td>${r.rowCount}</td>
              <td>${r.requestedBy}</td>
              <td title="${r.deliveryDetail ?? ''}">
                ${r.deliveryStatus === 'NONE' ? '—' : badge(r.deliveryStatus)}
              </td>
              <td>${time(r.createdAt.toISOString())}</td>
              <td>
                ${REPORT_FORMATS.map(
                  (f) =>
                    html`<a
                      href="/admin/reports/runs/${r.reference}/file?format=${f}"
                      download="${reportFileName(r, f)}"
                      data-testid="report-download-${f}"
                      >${f.toUpperCase()}</a
                    > `,
                )}
              </td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

export function reportsPageBody(model: ReportsPageModel): SafeHtml {
  return html`<h1>Reports</h1>
    <p class="muted">
      Files of payments, refunds, payouts, settlement days, the journal and apps' statements, run now or on a
      schedule; every run is audited and can be downloaded again for ${REPORT_RETENTION_DAYS} days.
    </p>
    ${model.canRun ? runForm(model) : ''}
    <section class="card">
      <h2>Schedules</h2>
      ${scheduleTable(model)}
    </section>
    ${model.canRun ? scheduleForm(model) : ''}
    <section class="card">
      <h2>Runs</h2>
      ${runTable(model.runs)}
    </section>`;
}
