import type { EntityManager } from '@mikro-orm/postgresql';
import type { Mode } from '../../domain/shared/mode.js';
import type { Row } from '../../platform/orm/row-values.js';

/**
 * Reading the tables of files finance uploads (settlement reports, bank statements): each holds
 * one row per distinct file of a gateway and mode, found by id or by the file's SHA-256, listed
 * newest first. The table is read as alias `i`, with the uploading operator as `o`.
 */
export interface UploadedFileTable<T> {
  /** The table's name. */
  table: string;
  /** The select list, over `i` (the table) and `o` (operators). */
  columns: string;
  fromRow: (row: Row) => T;
  /** The column naming whose files they are (a rail's statements name their rail); `gateway` unless set. */
  ownerColumn?: string;
}

export interface UploadedFileFilter {
  gateway?: string | undefined;
  mode?: Mode | undefined;
}

export function uploadedFiles<T>(spec: UploadedFileTable<T>) {
  const from = `${spec.table} i left join operators o on o.id = i.imported_by`;
  const owner = `i.${spec.ownerColumn ?? 'gateway'}`;
  const one = async (em: EntityManager, where: string, params: unknown[]): Promise<T | null> => {
    const [row] = await em.execute<Row[]>(`select ${spec.columns} from ${from} where ${where}`, params);
    return row ? spec.fromRow(row) : null;
  };
  return {
    byId: (em: EntityManager, id: number) => one(em, 'i.id = ?', [id]),

    byHash: (em: EntityManager, where: { gateway: string; mode: Mode; fileSha256: string }) =>
      one(em, `${owner} = ? and i.mode = ? and i.file_sha256 = ?`, [
        where.gateway,
        where.mode,
        where.fileSha256,
      ]),

    /** Newest first, a page at a time, with how many match in all. */
    async list(
      em: EntityManager,
      filter: UploadedFileFilter,
      page: { offset: number; limit: number },
    ): Promise<{ items: T[]; total: number }> {
      const where: string[] = [];
      const params: unknown[] = [];
      if (filter.gateway) {
        where.push(`${owner} = ?`);
        params.push(filter.gateway);
      }
      if (filter.mode) {
        where.push('i.mode = ?');
        params.push(filter.mode);
      }
      const clause = where.length ? `where ${where.join(' and ')}` : '';
      const rows = await em.execute<Row[]>(
        `select ${spec.columns} from ${from} ${clause} order by i.created_at desc, i.id desc limit ? offset ?`,
        [...params, page.limit, page.offset],
      );
      const [count] = await em.execute<Row[]>(`select count(*) as n from ${spec.table} i ${clause}`, params);
      return { items: rows.map(spec.fromRow), total: Number(count?.n ?? 0) };
    },
  };
}
