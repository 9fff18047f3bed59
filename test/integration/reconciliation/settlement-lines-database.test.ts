import type { EntityManager } from '@mikro-orm/postgresql';
import type { Orm } from '../../../platform/orm/orm.js';
import {
  closeSettlementImport,
  findSettlementImport,
  findSettlementImportByHash,
  listSettlementImports,
  openSettlementImport,
} from '../../../db/reconciliation/settlement-imports.js';
import { insertSettlementLines, settlementLinesOfDay } from '../../../db/reconciliation/settlement-lines.js';
import {
  settlementLineKey,
  settlementLineKeys,
  type SettlementLineDraft,
} from '../../../domain/reconciliation/settlements.js';
import { scratchDatabase } from '../../helpers/scratch-database.js';

/** Settlement lines are stored once each, whichever report brings them. */
describe('settlement lines in PostgreSQL', () => {
  let orm: Orm;
  let drop: () => Promise<void>;
  const em = () => orm.em.fork() as EntityManager;

  beforeAll(async () => {
    ({ orm, drop } = await scratchDatabase());
  });
  afterAll(() => drop());

  const line = (txn: string, grossMinor: number, settlementDate = '2026-11-20'): SettlementLineDraft => {
    const identity = {
      gateway: 'nagad',
      mode: 'TEST' as const,
      gatewayTransactionId: txn,
      type: 'PAYMENT' as const,
      settlementDate,
      payoutBatch: 'B1',
      grossMinor,
    };
    return {
      ...identity,
      reference: `pay_${txn}`,
      currency: 'BDT',
      feeMinor: 150,
      netMinor: grossMinor - 150,
      lineKey: settlementLineKey(identity),
    };
  };

  it('stores a line two imports both carry once, and reads a day back in order', async () => {
    const open = (sha: string) =>
      em().transactional((tx) =>
        openSettlementImport(tx, {
          gateway: 'nagad',
          mode: 'TEST',
          fileName: `${sha}.csv`,
          fileSha256: sha.repeat(64),
          format: 'nagad-csv',
          importedBy: null,
        }),
      );
    const first = (await open('a'))!;
    const second = (await open('b'))!;
    expect(await open('a')).toBeNull();
    expect(await insertSettlementLines(em(), first, [line('T1', 10000), line('T2', 20000)])).toBe(2);
    expect(
      await insertSettlementLines(em(), second, [line('T2', 20000), line('T3', 30000, '2026-11-21')]),
    ).toBe(1);
    await closeSettlementImport(em(), second, {
      lineCount: 2,
      storedLineCount: 1,
      settlementDates: ['2026-11-21', '2026-11-20'],
    });

    const day = await settlementLinesOfDay(em(), {
      gateway: 'nagad',
      mode: 'TEST',
      settlementDate: '2026-11-20',
    });
    expect(day.map((l) => [l.gatewayTransactionId, l.importId, l.grossMinor, l.netMinor])).toEqual([
      ['T1', first, 10000, 9850],
      ['T2', first, 20000, 19850],
    ]);
    const stored = await findSettlementImport(em(), second);
    expect(stored).toMatchObject({
      lineCount: 2,
      storedLineCount: 1,
      settlementDates: ['2026-11-20', '2026-11-21'],
    });
    expect(
      await findSettlementImportByHash(em(), { gateway: 'nagad', mode: 'TEST', fileSha256: 'b'.repeat(64) }),
    ).toMatchObject({ id: second });
    const listed = await listSettlementImports(em(), { gateway: 'nagad' }, { offset: 0, limit: 10 });
    expect(listed.total).toBe(2);
  });

  it('stores the same line once per mode, and not again when it was stored under its older key', async () => {
    const open = (sha: string, mode: 'TEST' | 'LIVE') =>
      em().transactional(
        async (tx) =>
          (await openSettlementImport(tx, {
            gateway: 'nagad',
            mode,
            fileName: `${sha}.csv`,
            fileSha256: sha.repeat(64),
            format: 'nagad-csv',
            importedBy: null,
          }))!,
      );
    const inMode = (mode: 'TEST' | 'LIVE', txn: string): SettlementLineDraft => {
      const test = line(txn, 40000, '2026-11-22');
      return { ...test, mode, ...settlementLineKeys({ ...test, mode }, 1) };
    };
    // A line stored before its identity named the mode: under the older key.
    const earlier = inMode('TEST', 'T40');
    expect(
      await insertSettlementLines(em(), await open('d', 'TEST'), [
        { ...earlier, lineKey: earlier.legacyLineKey!, legacyLineKey: undefined },
      ]),
    ).toBe(1);
    // The same TEST line in a report imported now is that line; the LIVE one is another.
    expect(await insertSettlementLines(em(), await open('e', 'TEST'), [inMode('TEST', 'T40')])).toBe(0);
    expect(await insertSettlementLines(em(), await open('f', 'LIVE'), [inMode('LIVE', 'T40')])).toBe(1);
    expect(await insertSettlementLines(em(), await open('1', 'LIVE'), [inMode('LIVE', 'T40')])).toBe(0);
    // Lines new in both modes: two lines, two keys.
    expect(await insertSettlementLines(em(), await open('2', 'TEST'), [inMode('TEST', 'T41')])).toBe(1);
    expect(await insertSettlementLines(em(), await open('3', 'LIVE'), [inMode('LIVE', 'T41')])).toBe(1);
    const stored = await em().execute<Array<{ mode: string; line_key: string }>>(
      `select mode, line_key from settlement_lines where gateway_transaction_id in ('T40', 'T41') order by id`,
    );
    expect(stored.map((r) => r.mode)).toEqual(['TEST', 'LIVE', 'TEST', 'LIVE']);
    expect(new Set(stored.map((r) => r.line_key)).size).toBe(4);
  });

  it('refuses a line whose net is not gross minus fee', async () => {
    const importId = (await em().transactional((tx) =>
      openSettlementImport(tx, {
        gateway: 'nagad',
        mode: 'TEST',
        fileName: 'c.csv',
        fileSha256: 'c'.repeat(64),
        format: 'nagad-csv',
        importedBy: null,
      }),
    ))!;
    await expect(
      insertSettlementLines(em(), importId, [{ ...line('T9', 10000), netMinor: 1 }]),
    ).rejects.toThrow(/settlement_lines_net_check/);
  });
});
