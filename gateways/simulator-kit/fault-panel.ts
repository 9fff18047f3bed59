import { MAX_OUTAGE_SECONDS, PANEL_PATHS } from './fault-controls.js';
import type {
  ActionField,
  FaultInput,
  FaultPanel,
  PanelAction,
  PanelDownload,
  PanelFault,
  PanelOutages,
} from './fault-controls.js';
import { escapeHtml } from './page.js';

/**
 * The fault panel of a simulator's tester page: what is armed (each with its own disarm button,
 * and one to clear them all), then a form per fault, the outage form and the actions. Plain HTML
 * forms, each control labelled, so it works without JavaScript and with a screen reader; every
 * value shown is escaped. `basePath` is the simulator's path on the host (`/bkash`).
 */

export const FAULT_PANEL_STYLE = `
.panel fieldset{border:1px solid #d0d5dd;border-radius:8px;margin:.75rem 0;padding:.4rem .9rem .9rem}
.panel legend{font-weight:600;padding:0 .25rem}
.panel label{display:block;margin:.6rem 0 .2rem;font-size:.9rem}
.panel input,.panel select{box-sizing:border-box;width:100%;padding:.45rem;font-size:1rem;border:1px solid #98a2b3;border-radius:6px}
.panel button{margin-top:.7rem}
.panel .armed li{margin:.45rem 0}
.panel .armed form{display:inline}
.panel .armed button{width:auto;margin:0 0 0 .5rem;padding:.2rem .6rem;font-size:.85rem}
.panel button.clear{background:#fee4e2}
.panel :focus-visible{outline:3px solid #175cd3;outline-offset:2px}`;

function form(basePath: string, path: string, body: string): string {
  return `<form method="post" action="${escapeHtml(basePath + path)}">\n${body}\n</form>`;
}

function hidden(name: string, value: string): string {
  return `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`;
}

function label(id: string, text: string): string {
  return `<label for="${escapeHtml(id)}">${escapeHtml(text)}</label>`;
}

function select(id: string, name: string, options: ReadonlyArray<readonly [string, string]>): string {
  const items = options.map(
    ([value, text]) => `<option value="${escapeHtml(value)}">${escapeHtml(text)}</option>`,
  );
  return `<select id="${escapeHtml(id)}" name="${escapeHtml(name)}" required>${items.join('')}</select>`;
}

function textInput(id: string, name: string, maxLength: number, required: boolean): string {
  return (
    `<input id="${escapeHtml(id)}" name="${escapeHtml(name)}" type="text" maxlength="${maxLength}"` +
    ` autocomplete="off"${required ? ' required' : ''}>`
  );
}

function valueControl(id: string, input: FaultInput): string {
  switch (input.kind) {
    case 'flag':
      return '';
    case 'choice':
      return label(id, input.label) + select(id, 'value', input.options);
    case 'number':
      return (
        label(id, `${input.label} (${input.unit}, ${input.min} to ${input.max})`) +
        `<input id="${escapeHtml(id)}" name="value" type="number" min="${input.min}" max="${input.max}"` +
        ` step="1" required>`
      );
    case 'text':
      return label(id, input.label) + textInput(id, 'value', input.maxLength, true);
  }
}

function scopeText(panel: FaultPanel, key: string | null): string {
  return key === null ? 'every payment' : `${panel.keyName} ${key}`;
}

function armedList(panel: FaultPanel, basePath: string): string {
  const faults = panel.armed().map((fault) => {
    const scope = scopeText(panel, fault.key);
    const disarm = form(
      basePath,
      PANEL_PATHS.disarm,
      hidden('fault', fault.name) +
        (fault.key === null ? '' : hidden('key', fault.key)) +
        `<button type="submit" aria-label="${escapeHtml(`Disarm ${fault.title} for ${scope}`)}">Disarm</button>`,
    );
    return (
      `<li><strong>${escapeHtml(fault.title)}</strong>: ${escapeHtml(fault.value)}` +
      ` <span class="note">(${escapeHtml(scope)})</span> ${disarm}</li>`
    );
  });
  const outages = panel.outages ? armedOutages(panel.outages, panel.now(), basePath) : [];
  const items = [...faults, ...outages];
  const notes = panel.notes().map((note) => `<p class="note">${escapeHtml(note)}</p>`);
  const list = items.length
    ? `<ul class="armed">\n${items.join('\n')}\n</ul>`
    : '<p>Nothing is armed: the simulator behaves as the real gateway does.</p>';
  return `${list}\n${notes.join('\n')}`;
}

function armedOutages(outages: PanelOutages, now: number, basePath: string): string[] {
  return outages.apis.flatMap(([api, name]) => {
    const until = outages.downUntil(api);
    if (until === null) return [];
    const at = new Date(until).toISOString().replace('T', ' ').slice(0, 19);
    const left = Math.ceil((until - now) / 1000);
    const restore = form(
      basePath,
      PANEL_PATHS.restore,
      hidden('api', api) +
        `<button type="submit" aria-label="${escapeHtml(`End it: the outage of ${name}`)}">End it</button>`,
    );
    return [
      `<li><strong>Outage: ${escapeHtml(name)}</strong>: answers 503 until ${escapeHtml(at)} UTC` +
        ` <span class="note">(${left} s from now)</span> ${restore}</li>`,
    ];
  });
}

function faultForm(panel: FaultPanel, fault: PanelFault, basePath: string): string {
  const id = `fault-${fault.name}`;
  return form(
    basePath,
    PANEL_PATHS.arm,
    `<fieldset>
<legend>${escapeHtml(fault.title)}</legend>
<p class="note" id="${escapeHtml(id)}-about">${escapeHtml(fault.description)}</p>
${hidden('fault', fault.name)}
${valueControl(`${id}-value`, fault.input)}
${label(`${id}-key`, `Only for ${panel.keyName} (blank: every payment)`)}
${textInput(`${id}-key`, 'key', 200, false)}
<button type="submit" aria-describedby="${escapeHtml(id)}-about">Arm: ${escapeHtml(fault.title)}</button>
</fieldset>`,
  );
}

function outageForm(outages: PanelOutages, basePath: string): string {
  const only = outages.apis.length === 1 ? outages.apis[0] : undefined;
  const which = only
    ? `<p>${escapeHtml(only[1])}</p>${hidden('api', only[0])}`
    : label('outage-api', 'API') + select('outage-api', 'api', outages.apis);
  return form(
    basePath,
    PANEL_PATHS.outage,
    `<fieldset>
<legend>Outage</legend>
<p class="note" id="outage-about">While it lasts the API answers 503, as the real gateway does during an outage; it ends by itself.</p>
${which}
${label('outage-seconds', `For how long (seconds, 1 to ${MAX_OUTAGE_SECONDS})`)}
<input id="outage-seconds" name="seconds" type="number" min="1" max="${MAX_OUTAGE_SECONDS}" step="1" value="60" required>
<button type="submit" aria-describedby="outage-about">Start the outage</button>
</fieldset>`,
  );
}

function actionField(action: PanelAction, field: ActionField): string {
  const id = `action-${action.name}-${field.name}`;
  return field.kind === 'text'
    ? label(id, field.label) + textInput(id, field.name, field.maxLength, true)
    : label(id, field.label) + select(id, field.name, field.options);
}

function actionForm(action: PanelAction, basePath: string): string {
  const about = `action-${action.name}-about`;
  return form(
    basePath,
    `${PANEL_PATHS.actions}/${encodeURIComponent(action.name)}`,
    `<fieldset>
<legend>${escapeHtml(action.title)}</legend>
<p class="note" id="${escapeHtml(about)}">${escapeHtml(action.description)}</p>
${action.fields.map((field) => actionField(action, field)).join('\n')}
<button type="submit" aria-describedby="${escapeHtml(about)}">${escapeHtml(action.button)}</button>
</fieldset>`,
  );
}

function downloadForm(download: PanelDownload, index: number, basePath: string): string {
  const id = `download-${index}`;
  return `<form method="get" action="${escapeHtml(basePath + download.path)}">
<fieldset>
<legend>${escapeHtml(download.title)}</legend>
<p class="note" id="${id}-about">${escapeHtml(download.description)}</p>
${label(`${id}-date`, 'Settlement date')}
<input id="${id}-date" name="date" type="date" required>
<button type="submit" aria-describedby="${id}-about">Download</button>
</fieldset>
</form>`;
}

export function faultPanelHtml(panel: FaultPanel, basePath: string): string {
  const sections = [
    `<section class="panel" aria-labelledby="panel-armed">
<h2 id="panel-armed">Armed now</h2>
${armedList(panel, basePath)}
${form(basePath, PANEL_PATHS.clear, '<button type="submit" class="clear">Clear all faults and outages</button>')}
</section>`,
    `<section class="panel" aria-labelledby="panel-faults">
<h2 id="panel-faults">Arm a fault</h2>
<p class="note">A fault applies to every payment, or only to the one whose ${escapeHtml(panel.keyName)} you
give; arming one leaves the others armed.</p>
${panel.faults.map((fault) => faultForm(panel, fault, basePath)).join('\n')}
</section>`,
  ];
  if (panel.outages) {
    sections.push(`<section class="panel" aria-labelledby="panel-outages">
<h2 id="panel-outages">Take an API away</h2>
${outageForm(panel.outages, basePath)}
</section>`);
  }
  if (panel.downloads.length) {
    sections.push(`<section class="panel" aria-labelledby="panel-downloads">
<h2 id="panel-downloads">Reports</h2>
${panel.downloads.map((download, index) => downloadForm(download, index, basePath)).join('\n')}
</section>`);
  }
  if (panel.actions.length) {
    sections.push(`<section class="panel" aria-labelledby="panel-actions">
<h2 id="panel-actions">Make it happen now</h2>
${panel.actions.map((action) => actionForm(action, basePath)).join('\n')}
</section>`);
  }
  return sections.join('\n');
}
