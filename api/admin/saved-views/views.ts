import { SAVED_VIEW_NAME_MAX, type SavedViewList } from '../../../domain/reports/saved-views.js';
import { html, SafeHtml } from '../../pages/html.js';
import { csrfField } from '../pages/layout.js';
import type { SavedViewView } from './service.js';

/** The saved views strip drawn above every list; data comes from service.ts. */

export interface SavedViewsStripModel {
  list: SavedViewList;
  views: Array<SavedViewView & { current: boolean }>;
  csrf: string;
  /** The list's query string as shown now: what "Save this view" keeps. */
  query: string;
  /** The page as shown now, where a removal comes back to. */
  returnTo: string;
}

function viewLink(view: SavedViewsStripModel['views'][number], model: SavedViewsStripModel): SafeHtml {
  const remove = view.mayDelete
    ? html`<form method="post" action="/admin/saved-views/${view.id}/delete" class="inline">
        ${csrfField(model.csrf)}<input type="hidden" name="returnTo" value="${model.returnTo}" />
        <button
          type="submit"
          class="link"
          data-testid="saved-view-delete"
          aria-label="Delete the saved view ${view.name}"
          title="Delete this view"
        >
          ×
        </button>
      </form>`
    : '';
  return html`<span class="saved-view" data-testid="saved-view" data-view-id="${view.id}"
    ><a
      href="${view.path}"
      ${new SafeHtml(view.current ? 'aria-current="true"' : '')}
      title="Saved by ${view.createdBy}"
      >${view.name}</a
    >${remove}</span
  >`;
}

export function savedViewsStrip(model: SavedViewsStripModel): SafeHtml {
  return html`<section
    class="saved-views"
    aria-label="Saved views"
    data-testid="saved-views"
    data-list="${model.list}"
  >
    <span class="muted">Saved views:</span>
    ${
      model.views.length
        ? model.views.map((view) => viewLink(view, model))
        : html`<span class="muted" data-testid="no-saved-views">none yet</span>`
    }
    <form method="post" action="/admin/saved-views" class="save-view" data-testid="save-view-form">
      ${csrfField(model.csrf)}
      <input type="hidden" name="list" value="${model.list}" />
      <input type="hidden" name="query" value="${model.query}" />
      <input
        type="text"
        name="name"
        maxlength="${SAVED_VIEW_NAME_MAX}"
        required
        placeholder="Name these filters"
        aria-label="Name of the view"
        data-testid="save-view-name"
      />
      <button type="submit" class="secondary" data-testid="save-view">Save this view</button>
    </form>
  </section>`;
}
