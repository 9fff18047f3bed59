import type { App } from '../../../platform/orm/entities.js';
import { MODES, type Mode } from '../../../domain/shared/mode.js';
import { html, SafeHtml } from '../../pages/html.js';
import { csrfField } from '../pages/layout.js';
import { providerStepUpLink, stepUpAnswerField, type InlineStepUp } from '../pages/step-up-inline.js';
import { badge, time } from '../payments/views.js';
import type { GatewayFieldView, GatewayStateView } from './service.js';

/** HTML fragments of the gateways page; data comes from service.ts. */

/** A credentials form that came back refused: what was typed (never a secret) and why. */
export interface RefusedForm {
  mode: Mode;
  gateway: string;
  values: Record<string, string>;
  problems: string[];
}

export interface GatewaysPageModel {
  app: App;
  states: Record<Mode, GatewayStateView[]>;
  csrf: string;
  canManage: boolean;
  /** The session stepped up recently: LIVE settings may change. */
  steppedUp: boolean;
  /** How this operator steps up, when they have not. */
  stepUp: InlineStepUp;
  refused: RefusedForm | null;
}

/** The form field carrying a credential: one namespace, so no credential key meets a form's own field. */
export const credentialInput = (key: string) => `cred_${key}`;

const SETTING_TEXT: Record<GatewayStateView['setting'], string> = {
  DEFAULT: 'Default: on when the service has credentials for this mode',
  ON: 'On (set by an operator)',
  OFF: 'Off (set by an operator)',
};

const SOURCE_TEXT: Record<GatewayStateView['source'], string> = {
  OWN: "The app's own",
  SERVICE: 'Service-wide settings',
  NONE: 'None',
};

const actionPath = (appId: number, state: GatewayStateView, suffix = '') =>
  `/admin/apps/${appId}/gateways/${state.mode}/${state.gateway}${suffix}`;

function credentialField(
  field: GatewayFieldView,
  state: GatewayStateView,
  typed: Record<string, string> | null,
): SafeHtml {
  const name = credentialInput(field.key);
  const stored = state.credentials?.[field.key];
  const testId = `gateway-${state.mode}-${state.gateway}-${field.key}`;
  const hint = field.hint ? html`<span class="muted">${field.hint}</span>` : '';
  if (field.secret) {
    const placeholder = stored ? `Stored (${stored}); leave blank to keep it` : '';
    const input = field.multiline
      ? html`<textarea
          name="${name}"
          rows="6"
          spellcheck="false"
          autocomplete="off"
          placeholder="${placeholder}"
          data-testid="${testId}"
        ></textarea>`
      : html`<input
          type="password"
          name="${name}"
          autocomplete="new-password"
          placeholder="${placeholder}"
          data-testid="${testId}"
        />`;
    return html`<label>${field.label} ${input} ${hint}</label>`;
  }
  const value = typed?.[field.key] ?? stored ?? '';
  const input = field.choices
    ? html`<select name="${name}" data-testid="${testId}">
        ${field.choices.map(
          (choice) =>
            html`<option value="${choice.value}" ${new SafeHtml(choice.value === value ? 'selected' : '')}>
              ${choice.label}
            </option>`,
        )}
      </select>`
    : field.multiline
      ? html`<textarea name="${name}" rows="6" spellcheck="false" data-testid="${testId}">${value}</textarea>`
      : html`<input
          type="text"
          name="${name}"
          value="${value}"
          autocomplete="off"
          data-testid="${testId}"
        />`;
  return html`<label>${field.label} ${input} ${hint}</label>`;
}

function manageForms(
  appId: number,
  state: GatewayStateView,
  csrf: string,
  refused: RefusedForm | null,
): SafeHtml {
  const id = `${state.mode}-${state.gateway}`;
  const toggle = html`<form method="post" action="${actionPath(appId, state)}" class="inline">
    ${csrfField(csrf)}<input type="hidden" name="_form" value="toggle" />
    <input type="hidden" name="enabled" value="${state.enabled ? 'false' : 'true'}" />
    <button type="submit" class="${state.enabled ? 'danger' : ''}" data-testid="gateway-toggle-${id}">
      ${state.enabled ? 'Turn off' : 'Turn on'}
    </button>
  </form>`;
  const clear = state.credentials
    ? html`<form method="post" action="${actionPath(appId, state, '/clear')}" class="inline">
        ${csrfField(csrf)}
        <button type="submit" class="secondary" data-testid="gateway-clear-${id}">
          Clear the app's own credentials${state.serviceCredentials ? ' (use the service-wide ones)' : ''}
        </button>
      </form>`
    : '';
  const problems = refused?.problems.length
    ? html`<ul class="flash error" role="alert" data-testid="gateway-problems-${id}">
        ${refused.problems.map((problem) => html`<li>${problem}</li>`)}
      </ul>`
    : '';
  const fields = state.fields.map((field) => credentialField(field, state, refused?.values ?? null));
  // A gateway whose settings hold no secret (manual's instructions) has settings, not credentials.
  const hasSecrets = state.fields.some((field) => field.secret);
  const credentials = state.fields.length
    ? html`<form
        method="post"
        action="${actionPath(appId, state)}"
        data-testid="gateway-form-${id}"
        autocomplete="off"
      >
        ${csrfField(csrf)}<input type="hidden" name="_form" value="credentials" /> ${problems}
        <div class="row">${fields}</div>
        <p class="muted">
          ${
            hasSecrets
              ? 'Secrets are sealed when saved and never shown again; leave one blank to keep the stored value.'
              : ''
          }
          ${state.setting === 'DEFAULT' ? 'Saving turns the gateway on for this app.' : ''}
        </p>
        <p>
          <button type="submit" data-testid="gateway-save-${id}">
            ${hasSecrets ? 'Save credentials' : 'Save settings'}
          </button>
        </p>
      </form>`
    : '';
  return html`<div class="row">${toggle} ${clear}</div>
    ${credentials}`;
}

function gatewayCard(model: GatewaysPageModel, state: GatewayStateView): SafeHtml {
  const id = `${state.mode}-${state.gateway}`;
  const editable = model.canManage && (state.mode === 'TEST' || model.steppedUp);
  const refused =
    model.refused?.mode === state.mode && model.refused.gateway === state.gateway ? model.refused : null;
  const own = state.credentials
    ? state.fields
        .filter((field) => state.credentials![field.key] !== undefined)
        .map(
          (field) =>
            html`<dt>${field.label}</dt>
              <dd class="mono" data-testid="gateway-hint-${id}-${field.key}">
                ${state.credentials![field.key]}
              </dd>`,
        )
    : [];
  return html`<div class="card" id="${id}" data-testid="gateway-${id}">
    <h3>
      ${state.displayName} <span class="mono muted">${state.gateway}</span>
      <span data-testid="gateway-status-${id}">${badge(state.status)}</span>
    </h3>
    <dl class="facts">
      <dt>Setting</dt>
      <dd>${SETTING_TEXT[state.setting]}</dd>
      <dt>Credentials</dt>
      <dd data-testid="gateway-source-${id}">${SOURCE_TEXT[state.source]}</dd>
      ${own}
      <dt>Service-wide credentials</dt>
      <dd>${state.serviceCredentials ? 'Configured' : 'Not configured'}</dd>
      <dt>Last changed</dt>
      <dd>${state.updatedAt ? time(state.updatedAt) : '—'}</dd>
    </dl>
    ${state.hint ? html`<p class="flash error" data-testid="gateway-state-hint-${id}">${state.hint}</p>` : ''}
    ${
      state.status === 'NOT_CONFIGURED'
        ? html`<p class="muted">
            On, but neither the app nor the service has credentials: checkout cannot use it.
          </p>`
        : ''
    }
    ${editable ? manageForms(model.app.id, state, model.csrf, refused) : ''}
  </div>`;
}

function stepUpCard(appId: number, csrf: string, stepUp: InlineStepUp): SafeHtml {
  if (stepUp.asks === 'IDENTITY_PROVIDER') {
    return html`<div class="card" data-testid="gateway-step-up">
      <p>
        LIVE settings move real money: ${providerStepUpLink(stepUp.href)} to change them (for the next 5
        minutes).
      </p>
    </div>`;
  }
  const what = stepUp.asks === 'CODE' ? 'a code from your authenticator app' : 'your password';
  return html`<div class="card" data-testid="gateway-step-up">
    <p>LIVE settings move real money: confirm with ${what} to change them (for the next 5 minutes).</p>
    <form method="post" action="/admin/apps/${appId}/gateways/confirm" class="row">
      ${csrfField(csrf)} ${stepUpAnswerField(stepUp, 'gateway-step-up-answer')}
      <button type="submit" data-testid="gateway-step-up-confirm">Confirm</button>
    </form>
  </div>`;
}

export function gatewaysPageBody(model: GatewaysPageModel): SafeHtml {
  const { app } = model;
  return html`<p><a href="/admin/apps/${app.id}">← ${app.displayName}</a></p>
    <h1>Gateways · ${app.displayName}</h1>
    <p class="muted">
      Each gateway uses the app's own credentials when an operator has set them, else the service-wide
      settings. A gateway no operator has set is on exactly when the service has credentials for the mode.
    </p>
    ${MODES.map(
      (mode) =>
        html`<h2 id="mode-${mode}">${mode}</h2>
          ${
            mode === 'LIVE' && model.canManage && !model.steppedUp
              ? stepUpCard(app.id, model.csrf, model.stepUp)
              : ''
          }
          ${model.states[mode].map((state) => gatewayCard(model, state))}`,
    )}`;
}
