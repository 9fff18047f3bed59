import type { EntityManager } from '@mikro-orm/postgresql';
import type { Orm } from '../../../platform/orm/orm.js';
import { expectedSettlementDateSql } from '../../../db/reconciliation/recon-wakeups.js';
import { expectedSettlementDate } from '../../../domain/reconciliation/reconciliation.js';
import { scratchDatabase } from '../../helpers/scratch-database.js';

/** A late capture wakes the day it is expected on, worked out by PostgreSQL as the domain does. */
describe('settlement days woken by a capture', () => {
  let orm: Orm;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    ({ orm, drop } = await scratchDatabase());
  });
  afterAll(() => drop());

  it.each([
    '2026-11-20T17:59:59.999Z',
    '2026-11-20T18:00:00.000Z',
    '2026-11-20T00:00:00.000Z',
    '2026-12-31T18:30:00.000Z',
    '2028-02-28T20:00:00.000Z',
  ])('expects a capture at %s on the day the domain names', async (at) => {
    const [row] = await (orm.em.fork() as EntityManager).execute<Array<{ day: string }>>(
      `select to_char(${expectedSettlementDateSql('v.captured_at')}, 'YYYY-MM-DD') as day
         from (values (?::timestamptz)) v (captured_at)`,
      [at],
    );
    expect(row!.day).toBe(expectedSettlementDate(new Date(at)));
  });
});
