import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateKeyPair, startSftpServer, type RunningSftpServer } from '../../helpers/sftp-server.js';
import { hostKeyFingerprint } from '../../../platform/sftp/sftp-upload.js';
import { describeWithToolchain, SSHD_TOOLCHAIN } from '../../helpers/toolchains.js';
import { workbookRows } from '../../helpers/report-files.js';
import { eventually, startStack, type Stack } from '../../helpers/stack.js';

interface RunRow {
  reference: string;
  delivery_status: string;
  delivery_detail: string | null;
}

/**
 * A report schedule delivering to a real OpenSSH server, through the worker and Temporal: "Run
 * now" puts the XLSX in the schedule's directory, the same bytes the run downloads; a schedule
 * whose pinned host key is another server's is refused before any key is offered, and its run
 * says FAILED with why, nothing written.
 */
describeWithToolchain(SSHD_TOOLCHAIN, 'report schedules delivered by SFTP', () => {
  let server: RunningSftpServer;
  let stack: Stack;
  let keys: string;
  let finance: Awaited<ReturnType<Stack['adminLogin']>>;

  beforeAll(async () => {
    server = await startSftpServer();
    keys = await mkdtemp(path.join(tmpdir(), 'report-sftp-key-'));
    const keyFile = path.join(keys, 'reports_sftp');
    writeFileSync(keyFile, server.privateKey, { mode: 0o600 });
    stack = await startStack({ configOverrides: { REPORT_SFTP_PRIVATE_KEY_FILE: keyFile } });
    const person = await stack.createOperator('FINANCE');
    finance = await stack.adminLogin(person.email, person.password);
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
    await server?.stop();
    if (keys) await rm(keys, { recursive: true, force: true });
  });

  const runOf = (scheduleId: number) =>
    eventually(
      async () => {
        const [run] = await stack
          .em()
          .execute<RunRow[]>(
            'select reference, delivery_status, delivery_detail from report_runs where schedule_id = ?',
            [scheduleId],
          );
        return run && run.delivery_status !== 'PENDING' ? run : null;
      },
      60_000,
      `schedule ${scheduleId}'s run delivered or failed`,
    );

  const schedule = async (name: string, directory: string, hostKeySha256: string) => {
    const made = await finance.call('POST', '/api/v1/admin/report-schedules', {
      body: {
        name,
        type: 'journal',
        format: 'xlsx',
        cadence: 'MONTHLY',
        monthDay: 1,
        at: '06:00',
        delivery: 'SFTP',
        sftp: { host: server.host, port: server.port, username: server.username, directory, hostKeySha256 },
      },
    });
    expect(made.status).toBe(201);
    const id = made.body.data.id as number;
    expect((await finance.call('POST', `/api/v1/admin/report-schedules/${id}/run`)).status).toBe(202);
    return id;
  };

  it('puts the run’s file in the directory, the same bytes the run downloads', async () => {
    const directory = path.join(server.root, 'books');
    mkdirSync(directory);
    const run = await runOf(
      await schedule('Monthly journal to the books server', directory, server.hostKeySha256),
    );
    expect(run.delivery_status).toBe('DELIVERED');
    const [file] = readdirSync(directory);
    expect(file).toMatch(/^journal-TEST-\d{4}-\d{2}-01-to-\d{4}-\d{2}-\d{2}\.xlsx$/);
    expect(run.delivery_detail).toContain(`${directory}/${file}`);
    const downloaded = await fetch(`${stack.apiUrl}/api/v1/admin/report-runs/${run.reference}/file`, {
      headers: { cookie: finance.cookie },
    });
    const bytes = Buffer.from(await downloaded.arrayBuffer());
    expect(readFileSync(path.join(directory, file!)).equals(bytes)).toBe(true);
    expect((await workbookRows(bytes))[0]).toContain('posting_id');
  });

  it('refuses a server whose host key is not the pinned one, and says so on the run', async () => {
    const directory = path.join(server.root, 'elsewhere');
    mkdirSync(directory);
    const stranger = hostKeyFingerprint(generateKeyPair('another server').publicKeyLine);
    const run = await runOf(await schedule('Journal to a server that is not ours', directory, stranger));
    expect(run.delivery_status).toBe('FAILED');
    expect(run.delivery_detail).toMatch(/^HOST_KEY_MISMATCH/);
    expect(readdirSync(directory)).toEqual([]);
  });

  it('refuses an SFTP schedule without a pinned host key or with a relative directory', async () => {
    const refused = await finance.call('POST', '/api/v1/admin/report-schedules', {
      body: {
        name: 'No pin',
        type: 'journal',
        cadence: 'DAILY',
        at: '06:00',
        delivery: 'SFTP',
        sftp: {
          host: server.host,
          port: server.port,
          username: server.username,
          directory: 'books',
          hostKeySha256: 'yes',
        },
      },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.meta.errorCode).toBe('VALIDATION_ERROR');
    const fields = (refused.body.meta.details as Array<{ field: string }>).map((d) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['sftp.directory', 'sftp.hostKeySha256']));
  });
});
