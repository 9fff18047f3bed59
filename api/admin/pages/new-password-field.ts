import { MIN_PASSWORD_LENGTH } from '../../../domain/operators/passwords.js';
import { html } from '../../pages/html.js';

/**
 * The labelled input for a new password, as every form that sets one shows it (changing one's
 * own, a reset link): the browser checks the same bounds the server's rules start from.
 */
export const newPasswordField = () =>
  html`<label
    >New password
    <input
      type="password"
      name="newPassword"
      autocomplete="new-password"
      required
      minlength="${MIN_PASSWORD_LENGTH}"
      maxlength="1024"
  /></label>`;
