import { Gauge, type Registry } from 'prom-client';
import type { Orm } from './orm.js';

interface PoolCounts {
  numUsed(): number;
  numFree(): number;
  numPendingAcquires(): number;
}

/**
 * `db_pool_connections{state}`: connections in use, idle, and requests waiting for one, read from
 * the ORM's pool at scrape time. Waiting requests mean DATABASE_POOL_MAX (or the database) is the
 * limit.
 */
export function registerPoolGauge(registry: Registry, orm: Orm): void {
  const poolOf = () => (orm.em.getConnection().getKnex().client as { pool?: PoolCounts }).pool ?? null;
  new Gauge({
    name: 'db_pool_connections',
    help: 'Database pool connections: used, free, and pending (requests waiting for a connection)',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const pool = poolOf();
      this.reset();
      if (!pool) return;
      this.set({ state: 'used' }, pool.numUsed());
      this.set({ state: 'free' }, pool.numFree());
      this.set({ state: 'pending' }, pool.numPendingAcquires());
    },
  });
}
