import { html, type SafeHtml } from '../../pages/html.js';
import { stepUpStartPath } from '../oidc.js';
import type { AdminState } from '../session.js';
import { stepUpAsks } from '../step-up.js';

/**
 * A step-up asked for inside a page's own form, before it is sent (a LIVE gateway's settings, a
 * large receipt): the field this operator answers with, or, for a person of the identity provider
 * with no code here, the provider's round trip, coming back to `returnTo`. The same choice as the
 * step-up page (page-context.ts).
 */
export type InlineStepUp =
  | { asks: 'PASSWORD' | 'CODE' }
  | {
      asks: 'IDENTITY_PROVIDER';
      /** Where the operator's browser goes to sign in again with the provider. */
      href: string;
    };

export function inlineStepUp(admin: AdminState, returnTo: string): InlineStepUp {
  const asks = stepUpAsks(admin);
  return asks === 'IDENTITY_PROVIDER' ? { asks, href: stepUpStartPath(returnTo) } : { asks };
}

/** How a page shows the answer's field, beyond what every form shares. */
export interface AnswerFieldLook {
  /** The field is the page's one question: the cursor starts in it. */
  autofocus?: boolean;
  /** The password field's label. */
  passwordLabel?: string;
}

/** The answer's field: the authenticator code once enrolled, else the password. */
export function stepUpAnswerField(
  step: { asks: 'PASSWORD' | 'CODE' },
  testId: string,
  hint: string | null = null,
  { autofocus = false, passwordLabel = 'Your password' }: AnswerFieldLook = {},
): SafeHtml {
  const note = hint ? html`<span class="muted">${hint}</span>` : '';
  const focus = autofocus ? html`autofocus` : '';
  return step.asks === 'CODE'
    ? html`<label
        >Code from your authenticator app
        <input
          type="text"
          name="_step_up_code"
          inputmode="numeric"
          autocomplete="one-time-code"
          required
          ${focus}
          data-testid="${testId}"
        />
        ${note}</label
      >`
    : html`<label
        >${passwordLabel}
        <input
          type="password"
          name="_step_up_password"
          autocomplete="current-password"
          required
          ${focus}
          data-testid="${testId}"
        />
        ${note}</label
      >`;
}

/** The provider's round trip, as a link: only the provider can confirm it is them. */
export function providerStepUpLink(href: string): SafeHtml {
  return html`<a href="${href}" data-testid="step-up-oidc">Sign in again with your identity provider</a>`;
}
