import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isolatedReportRows } from '../../activities/uploads/isolated-report-rows.js';
import { spoolReport } from '../../activities/uploads/report-files.js';
import { DEFAULT_UPLOAD_LIMITS } from '../../domain/uploads/upload-limits.js';
import { writeWorkbook } from '../../platform/xlsx/write-workbook.js';
import { sharedStringsBomb, withDeclaredSize, workbookBomb } from '../../test/helpers/upload-files.js';
import { Readable } from 'node:stream';

/**
 * `npx tsx scripts/bench/upload-bomb.ts [rows]`: what a workbook bomb costs to receive and to read
 * (peak RSS of this process, not counting the reader's own process, and the most bytes on disk in
 * the upload folder), with the default limits. Numbers go to docs/security/uploads.md.
 */

const rows = Number(process.argv[2] ?? 160_000);

async function folderBytes(path: string): Promise<number> {
  let total = 0;
  for (const name of await readdir(path).catch(() => [] as string[])) {
    const entry = join(path, name);
    const info = await stat(entry).catch(() => null);
    if (!info) continue;
    total += info.isDirectory() ? await folderBytes(entry) : info.size;
  }
  return total;
}

/** Samples RSS and the folder's bytes every 20 ms while `work` runs. */
async function measured<T>(folder: string, work: () => Promise<T>) {
  let peakRss = process.memoryUsage().rss;
  let peakDisk = 0;
  let running = true;
  const sampling = (async () => {
    while (running) {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      peakDisk = Math.max(peakDisk, await folderBytes(folder));
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  const started = Date.now();
  let outcome: string;
  try {
    const result = await work();
    outcome = `ok ${String(result)}`;
  } catch (error) {
    outcome = `${(error as { code?: string }).code ?? (error as Error).name}: ${(error as Error).message}`;
  }
  running = false;
  await sampling;
  return {
    outcome,
    ms: Date.now() - started,
    peakRssMb: Math.round(peakRss / 2 ** 20),
    peakDiskMb: Math.round(peakDisk / 2 ** 20),
    leftBytes: await folderBytes(folder),
  };
}

async function main() {
  const root = await mkdtemp(join(tmpdir(), 'upload-bomb-bench-'));
  const area = { root: join(root, 'area'), limits: DEFAULT_UPLOAD_LIMITS };
  await mkdir(area.root);
  const bomb = await workbookBomb(rows);
  const lying = withDeclaredSize(bomb, 'xl/worksheets/sheet1.xml', 5_000_000);
  const bombPath = join(root, 'bomb.xlsx');
  await writeFile(bombPath, bomb);
  const lyingPath = join(root, 'lying.xlsx');
  await writeFile(lyingPath, lying);
  console.log(
    `bomb: ${(bomb.length / 2 ** 20).toFixed(2)} MiB, its sheet ${rows} rows (${((rows * 1000) / 2 ** 20) | 0}+ MiB inflated)`,
  );
  console.log('baseline RSS', Math.round(process.memoryUsage().rss / 2 ** 20), 'MiB');

  const receive = await measured(area.root, async () => {
    const spooled = await spoolReport(Readable.from([bomb]), area);
    await spooled.discard();
    return spooled.bytes;
  });
  console.log('API, receiving the bomb (spool + hash):', receive);
  const read = async (path: string) => {
    let n = 0;
    for await (const _row of isolatedReportRows(path, 'xlsx', area)) n++;
    return n;
  };
  console.log('worker, reading the bomb:', await measured(area.root, () => read(bombPath)));
  console.log('worker, reading the lying bomb:', await measured(area.root, () => read(lyingPath)));

  // Shared strings: a reader keeps every one before the first row.
  const strings = await sharedStringsBomb(3_000_000);
  const stringsPath = join(root, 'strings.xlsx');
  await writeFile(stringsPath, strings);
  console.log(
    `shared-strings bomb: ${(strings.length / 2 ** 20).toFixed(2)} MiB, 3,000,000 strings of 100 letters`,
  );
  console.log('worker, reading the shared-strings bomb:', await measured(area.root, () => read(stringsPath)));
  const roomy = {
    root: area.root,
    limits: { ...DEFAULT_UPLOAD_LIMITS, maxCompressionRatio: 1000, maxDecompressedBytes: 1024 ** 3 },
  };
  console.log(
    'worker, the same with the ratio and inflated limits lifted (the heap limit alone):',
    await measured(area.root, async () => {
      let n = 0;
      for await (const _row of isolatedReportRows(stringsPath, 'xlsx', roomy)) n++;
      return n;
    }),
  );

  // Reading speed: a report of 100,000 rows as XLSX, beside the same rows as CSV (the baseline).
  const speedRows: Array<Array<string | number | Date>> = [
    ['tran_id', 'tran_date', 'amount', 'fee', 'currency'],
  ];
  for (let i = 0; i < 100_000; i++) {
    speedRows.push([`TX${i}`, new Date(Date.UTC(2026, 10, 1, 10, i % 60)), 1_000 + i, 25, 'BDT']);
  }
  const csvPath = join(root, 'speed.csv');
  await writeFile(
    csvPath,
    speedRows
      .map((row) => row.map((c) => (c instanceof Date ? c.toISOString() : String(c))).join(','))
      .join('\n'),
  );
  const xlsxPath = join(root, 'speed.xlsx');
  await writeFile(xlsxPath, writeWorkbook(speedRows));
  for (const [container, path] of [
    ['csv (baseline)', csvPath],
    ['xlsx', xlsxPath],
  ] as const) {
    const started = process.hrtime.bigint();
    let n = 0;
    for await (const _row of isolatedReportRows(path, container === 'xlsx' ? 'xlsx' : 'csv', area)) n++;
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    console.log(
      `reading speed, ${container}: ${n} rows in ${seconds.toFixed(2)} s, ${Math.round(n / seconds)} rows/s`,
    );
  }
  await rm(root, { recursive: true, force: true });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
