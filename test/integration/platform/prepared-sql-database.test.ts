import type { EntityManager } from '@mikro-orm/postgresql';
import { UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import type { Orm } from '../../../platform/orm/orm.js';
import { executePrepared } from '../../../platform/orm/prepared-sql.js';
import { scratchDatabase } from '../../helpers/scratch-database.js';

/** The hot path's prepared statements run where `em.execute` would: in the caller's transaction if any. */
describe('prepared statements', () => {
  let orm: Orm;
  let drop: () => Promise<void>;
  const em = () => orm.em.fork() as EntityManager;

  beforeAll(async () => {
    ({ orm, drop } = await scratchDatabase());
    await em().execute('create table prepared_probe (id int primary key, note text, at timestamptz)');
  });
  afterAll(() => drop());

  it('binds values and returns rows as the driver reads them', async () => {
    const at = new Date('2026-11-26T10:00:00.123Z');
    await executePrepared(em(), 'insert into prepared_probe (id, note, at) values (?, ?, ?)', [
      1,
      "it's ?",
      at,
    ]);
    const rows = await executePrepared<{ note: string; at: string }>(
      em(),
      'select note, at from prepared_probe where id = ?',
      [1],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.note).toBe("it's ?");
    expect(new Date(rows[0]!.at).toISOString()).toBe(at.toISOString());
  });

  it("runs inside the entity manager's transaction: a rollback takes its write back", async () => {
    await expect(
      em().transactional(async (tx) => {
        await executePrepared(tx, 'insert into prepared_probe (id, note) values (?, ?)', [2, 'rolled back']);
        const seen = await executePrepared(tx, 'select id from prepared_probe where id = ?', [2]);
        expect(seen).toHaveLength(1);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await executePrepared(em(), 'select id from prepared_probe where id = ?', [2])).toHaveLength(0);
  });

  it("throws the ORM's errors, as em.execute does", async () => {
    await expect(
      executePrepared(em(), 'insert into prepared_probe (id, note) values (?, ?)', [1, 'again']),
    ).rejects.toBeInstanceOf(UniqueConstraintViolationException);
    // The connection goes back to the pool in a usable state.
    for (let i = 0; i < 30; i++) {
      expect(await executePrepared(em(), 'select id from prepared_probe where id = ?', [1])).toHaveLength(1);
    }
  });
});
