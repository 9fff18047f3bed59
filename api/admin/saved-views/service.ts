import type { EntityManager } from '@mikro-orm/postgresql';
import { appendAudit, type AuditActor } from '../../../db/operators/audit.js';
import { createSavedView, deleteSavedView, listSavedViews } from '../../../db/reports/saved-views.js';
import type { Role } from '../../../domain/operators/permissions.js';
import {
  mayDeleteSavedView,
  mayUseSavedViews,
  SAVED_VIEW_PAGES,
  savedViewFilters,
  savedViewPath,
  type SavedView,
  type SavedViewList,
} from '../../../domain/reports/saved-views.js';
import { ApiError } from '../../../domain/shared/errors.js';
import type { ApiDeps } from '../../deps.js';
import type { AdminState } from '../session.js';

/**
 * Saved views: shared by every operator who may read their list, removed by whoever saved one or an
 * ADMIN; each save and removal committed with its audit entry.
 */

type Deps = Pick<ApiDeps, 'orm'>;
const fork = (deps: Deps) => deps.orm.em.fork() as EntityManager;

/** Who is asking: their role decides which lists' views they see, their email which they remove. */
export interface Viewer {
  email: string;
  role: Role;
}

export const viewerOf = (admin: AdminState): Viewer => ({
  email: admin.operator.email,
  role: admin.operator.role,
});

export function savedViewView(view: SavedView, viewer: Viewer) {
  return {
    id: view.id,
    list: view.list,
    name: view.name,
    filters: view.filters,
    path: savedViewPath(view),
    createdBy: view.createdBy,
    createdAt: view.createdAt.toISOString(),
    mayDelete: mayDeleteSavedView(view, viewer),
  };
}
export type SavedViewView = ReturnType<typeof savedViewView>;

const audited = (view: SavedView) => ({ list: view.list, name: view.name, filters: view.filters });

function refuseUnreadable(viewer: Viewer, list: SavedViewList): void {
  if (!mayUseSavedViews(viewer.role, list)) {
    throw new ApiError(
      'FORBIDDEN',
      `Your role (${viewer.role}) does not allow ${SAVED_VIEW_PAGES[list].read}, which the ${list} list needs`,
    );
  }
}

/** The views of one list, or of every list the viewer may read. */
export async function savedViews(deps: Deps, viewer: Viewer, list?: SavedViewList): Promise<SavedView[]> {
  if (list !== undefined) refuseUnreadable(viewer, list);
  const views = await listSavedViews(fork(deps), list);
  return views.filter((view) => mayUseSavedViews(viewer.role, view.list));
}

export async function saveView(
  deps: Deps,
  actor: AuditActor,
  viewer: Viewer,
  input: { list: SavedViewList; name: string; filters: Record<string, unknown> },
): Promise<SavedView> {
  refuseUnreadable(viewer, input.list);
  return fork(deps).transactional(async (db) => {
    const tx = db as EntityManager;
    const view = await createSavedView(tx, {
      list: input.list,
      name: input.name,
      filters: savedViewFilters(input.list, input.filters),
      createdBy: viewer.email,
    });
    if (!view) {
      throw new ApiError(
        'SAVED_VIEW_NAME_TAKEN',
        `The ${input.list} list already has a saved view named “${input.name}”; choose another name`,
      );
    }
    await appendAudit(tx, actor, {
      action: 'saved_view.created',
      targetType: 'saved_view',
      targetId: view.id,
      after: audited(view),
    });
    return view;
  });
}

export function savedViewId(raw: string | undefined): number {
  const id = /^[1-9]\d{0,14}$/.test(raw ?? '') ? Number(raw) : NaN;
  if (!Number.isSafeInteger(id)) throw new ApiError('SAVED_VIEW_NOT_FOUND');
  return id;
}

export async function removeView(
  deps: Deps,
  actor: AuditActor,
  viewer: Viewer,
  id: number,
): Promise<SavedView> {
  return fork(deps).transactional(async (db) => {
    const tx = db as EntityManager;
    const removed = await deleteSavedView(tx, id, (view) => {
      if (!mayUseSavedViews(viewer.role, view.list)) throw new ApiError('SAVED_VIEW_NOT_FOUND');
      return mayDeleteSavedView(view, viewer);
    });
    if (removed === null) throw new ApiError('SAVED_VIEW_NOT_FOUND');
    if (removed === 'FORBIDDEN') {
      throw new ApiError('FORBIDDEN', 'Only the operator who saved this view, or an ADMIN, may delete it');
    }
    await appendAudit(tx, actor, {
      action: 'saved_view.deleted',
      targetType: 'saved_view',
      targetId: removed.id,
      before: audited(removed),
    });
    return removed;
  });
}
