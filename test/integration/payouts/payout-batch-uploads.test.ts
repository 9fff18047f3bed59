import { eventually, startStack, type Stack } from '../../helpers/stack.js';

/**
 * An operator's payout batch file through the admin JSON API: bounded and stored by the request,
 * parsed and judged by the worker. The upload is answered 202 at once; adminGetFileUpload answers
 * the batch the worker took, or the refusal naming each bad line (nothing taken).
 */
describe('payout batch file uploads', () => {
  let stack: Stack;
  let session: Awaited<ReturnType<Stack['adminLogin']>>;

  beforeAll(async () => {
    stack = await startStack();
    const operator = await stack.createOperator('FINANCE');
    session = await stack.adminLogin(operator.email, operator.password);
  });
  afterAll(async () => {
    await stack?.close();
  });

  const header = 'line_reference,amount_minor,beneficiary_type,wallet_number,name,narrative';
  const uploadFile = (appId: number, rows: string[]) =>
    stack.api('POST', `/api/v1/admin/payout-batches?appId=${appId}&mode=TEST&fileName=prizes.csv`, {
      rawBody: [header, ...rows].join('\n'),
      headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken, 'content-type': 'text/csv' },
    });
  const outcomeOf = async (statusUrl: string) => {
    let answer = await session.call('GET', statusUrl);
    await eventually(
      async () => {
        answer = await session.call('GET', statusUrl);
        return answer.status !== 200 || answer.body.data.status !== 'RECEIVED';
      },
      30_000,
      'the worker read the upload',
    );
    return answer;
  };
  const batchesOf = async (appId: number) =>
    stack
      .em()
      .execute<Array<{ id: string; reference: string; status: string; source: string; line_count: number }>>(
        'select id, reference, status, source, line_count from payout_batches where app_id = ?',
        [appId],
      );

  it('answers 202 with the upload; the worker refuses a file with bad lines, naming each, and takes nothing', async () => {
    const app = await stack.registerApp();
    const received = await uploadFile(app.app.id, [
      'bad-1,15000,BKASH_WALLET,01711000101,A,Prize',
      'bad-2,12.50,BKASH_WALLET,01711000102,B,Prize',
      'bad-3,100,BKASH_WALLET,123,C,Prize',
    ]);
    expect(received.status).toBe(202);
    expect(received.body.data).toMatchObject({ kind: 'payout_batch', mode: 'TEST', fileName: 'prizes.csv' });
    const refused = await outcomeOf(received.body.data.statusUrl);
    expect(refused.status).toBe(422);
    expect(refused.body.meta.errorCode).toBe('PAYOUT_BATCH_LINES_INVALID');
    expect((refused.body.meta.details.lines as Array<{ line: number }>).map((line) => line.line)).toEqual([
      2, 3,
    ]);
    expect(await batchesOf(app.app.id)).toHaveLength(0);
  });

  it('takes a good file as a batch waiting for approval, once, and starts its workflow', async () => {
    const app = await stack.registerApp();
    const received = await uploadFile(app.app.id, [
      'p-1,15000,BKASH_WALLET,01711000101,Rahima Khatun,Prize',
      'p-2,25000,BKASH_WALLET,01711000102,Karim Uddin,Prize',
    ]);
    expect(received.status).toBe(202);
    const done = await outcomeOf(received.body.data.statusUrl);
    expect(done.status).toBe(200);
    expect(done.body.data.status).toBe('IMPORTED');
    const batches = await batchesOf(app.app.id);
    expect(batches).toHaveLength(1);
    expect(batches[0]).toMatchObject({ status: 'WAITING_APPROVAL', source: 'UPLOAD', line_count: 2 });
    expect(done.body.data.importId).toBe(Number(batches[0]!.id));
    // The worker starts the batch's workflow once it has recorded the import: a moment later.
    const workflow = await eventually(
      () => stack.client.workflow.getHandle(`payout-batch-${batches[0]!.reference}`).describe(),
      30_000,
      "the batch's workflow",
    );
    expect(workflow.status.name).toBe('RUNNING');
    // Looking again neither takes it again nor answers otherwise.
    expect((await session.call('GET', received.body.data.statusUrl)).body.data.importId).toBe(
      done.body.data.importId,
    );
    expect(await batchesOf(app.app.id)).toHaveLength(1);
  });

  it('refuses a body over a batch file’s size before storing it', async () => {
    const app = await stack.registerApp();
    const row = 'p-1,15000,BKASH_WALLET,01711000101,Rahima Khatun,' + 'x'.repeat(100);
    const big = await uploadFile(
      app.app.id,
      Array.from({ length: 25_000 }, () => row),
    );
    expect(big.status).toBe(413);
    expect(big.body.meta.errorCode).toBe('UPLOAD_TOO_LARGE');
  });
});
