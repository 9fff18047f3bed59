import type { EntityManager } from '@mikro-orm/postgresql';
import { isSavedViewList, type SavedView, type SavedViewList } from '../../domain/reports/saved-views.js';
import { json, type Row } from '../../platform/orm/row-values.js';

/**
 * The saved_views table in plain SQL. A row whose list the dashboard no longer has is never read
 * back: nothing could open it.
 */

const COLUMNS = 'id, list, name, filters, created_by, created_at';

function savedViewOf(row: Row): SavedView | null {
  if (!isSavedViewList(row.list)) return null;
  const filters = json<Record<string, unknown>>(row.filters);
  return {
    id: Number(row.id),
    list: row.list,
    name: String(row.name),
    filters: Object.fromEntries(
      Object.entries(filters).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
    ),
    createdBy: String(row.created_by),
    createdAt: new Date(row.created_at as string),
  };
}

const present = (views: Array<SavedView | null>): SavedView[] =>
  views.filter((v): v is SavedView => v !== null);

/** The views of one list, or of every list, by list and then name. */
export async function listSavedViews(em: EntityManager, list?: SavedViewList): Promise<SavedView[]> {
  const rows =
    list === undefined
      ? await em.execute<Row[]>(`select ${COLUMNS} from saved_views order by list, lower(name), id`)
      : await em.execute<Row[]>(
          `select ${COLUMNS} from saved_views where list = ? order by lower(name), id`,
          [list],
        );
  return present(rows.map(savedViewOf));
}

export async function findSavedView(em: EntityManager, id: number): Promise<SavedView | null> {
  if (!Number.isSafeInteger(id) || id < 1) return null;
  const [row] = await em.execute<Row[]>(`select ${COLUMNS} from saved_views where id = ?`, [id]);
  return row ? savedViewOf(row) : null;
}

export interface NewSavedView {
  list: SavedViewList;
  name: string;
  filters: Record<string, string>;
  createdBy: string;
}

/**
 * Saves a view; null when the list already has a view of that name (in any case). The unique index
 * decides, so two operators saving the same name at once get one view and one refusal.
 */
export async function createSavedView(em: EntityManager, view: NewSavedView): Promise<SavedView | null> {
  const [row] = await em.execute<Row[]>(
    `insert into saved_views (list, name, filters, created_by) values (?, ?, ?::jsonb, ?)
       on conflict (list, lower(name)) do nothing
       returning ${COLUMNS}`,
    [view.list, view.name, JSON.stringify(view.filters), view.createdBy],
  );
  return row ? savedViewOf(row) : null;
}

/**
 * Removes a view when `mayDelete` allows it, judged on the row locked: answers the view removed,
 * `FORBIDDEN` (left as it was), or null when there is no such view.
 */
export async function deleteSavedView(
  tx: EntityManager,
  id: number,
  mayDelete: (view: SavedView) => boolean,
): Promise<SavedView | 'FORBIDDEN' | null> {
  if (!Number.isSafeInteger(id) || id < 1) return null;
  const [row] = await tx.execute<Row[]>(`select ${COLUMNS} from saved_views where id = ? for update`, [id]);
  const view = row ? savedViewOf(row) : null;
  if (!view) return null;
  if (!mayDelete(view)) return 'FORBIDDEN';
  await tx.execute('delete from saved_views where id = ?', [id]);
  return view;
}
