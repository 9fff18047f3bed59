import { startStack, type Credentials, type Stack } from '../../helpers/stack.js';

/**
 * Lists page by number to a depth of page × size = 10,000; the payments list, which grows without
 * bound, continues past that by cursor (`after` = the previous page's pagination.nextCursor).
 */
describe('list pagination', () => {
  let stack: Stack;
  let creds: Credentials;
  let other: Credentials;
  const references: string[] = [];

  beforeAll(async () => {
    stack = await startStack({ worker: false });
    creds = (await stack.registerApp()).test;
    other = (await stack.registerApp()).test;
    for (let i = 0; i < 7; i++) references.unshift((await stack.createPayment(creds)).reference);
  });
  afterAll(() => stack.close());

  const list = (query: string, as: Credentials = creds) =>
    stack.api('GET', `/api/v1/payments?${query}`, { creds: as });

  it('walks the whole list by cursor, newest first, the same as by page number', async () => {
    const seen: string[] = [];
    let query = 'size=3';
    for (let pages = 0; pages < 5; pages++) {
      const response = await list(query);
      expect(response.status).toBe(200);
      seen.push(...(response.body.data.items as Array<{ reference: string }>).map((p) => p.reference));
      expect(response.body.pagination).toMatchObject({ size: 3, totalItems: 7, totalPages: 3 });
      const next = response.body.pagination.nextCursor as string | null;
      if (next === null) break;
      expect(next).toMatch(/^c1_/);
      query = `size=3&after=${encodeURIComponent(next)}`;
    }
    expect(seen).toEqual(references);
    const byPage = await list('size=3&page=2');
    expect((byPage.body.data.items as Array<{ reference: string }>).map((p) => p.reference)).toEqual(
      references.slice(3, 6),
    );
  });

  it('keeps the filters while following the cursor', async () => {
    const first = await list('size=2&status=CREATED');
    const second = await list(`size=2&status=CREATED&after=${first.body.pagination.nextCursor}`);
    expect((second.body.data.items as Array<{ reference: string }>).map((p) => p.reference)).toEqual(
      references.slice(2, 4),
    );
  });

  it("a cursor names nothing in another app's list", async () => {
    const first = await list('size=2');
    const elsewhere = await list(`size=2&after=${first.body.pagination.nextCursor}`, other);
    expect(elsewhere.status).toBe(200);
    expect(elsewhere.body.data.items).toEqual([]);
  });

  it('refuses a page deeper than 10,000 rows with PAGE_TOO_DEEP, and a malformed or combined cursor', async () => {
    expect((await list('page=500&size=20')).status).toBe(200);
    for (const query of ['page=501&size=20', 'page=101&size=100', 'page=100000&size=100']) {
      const deep = await list(query);
      expect([deep.status, deep.body.meta.errorCode]).toEqual([400, 'PAGE_TOO_DEEP']);
      expect(deep.body.meta.message).toContain('nextCursor');
    }
    const refunds = await stack.api('GET', '/api/v1/refunds?page=101&size=100', { creds });
    expect([refunds.status, refunds.body.meta.errorCode]).toEqual([400, 'PAGE_TOO_DEEP']);

    for (const cursor of ['nonsense', 'c1_', 'c1_LTE', `c1_${Buffer.from('1e3').toString('base64url')}`]) {
      const bad = await list(`after=${cursor}`);
      expect([bad.status, bad.body.meta.errorCode, bad.body.meta.details[0].field]).toEqual([
        400,
        'VALIDATION_ERROR',
        'after',
      ]);
    }
    const first = await list('size=2');
    const combined = await list(`page=2&after=${first.body.pagination.nextCursor}`);
    expect([combined.status, combined.body.meta.errorCode]).toEqual([400, 'VALIDATION_ERROR']);
  });

  it('states the cursor in the OpenAPI document', async () => {
    const doc = await stack.api('GET', '/api/v1/openapi.json');
    const listPayments = doc.body.paths['/payments'].get;
    expect(listPayments.parameters.map((p: { name: string }) => p.name)).toContain('after');
    expect(doc.body.components.schemas.Pagination.properties.nextCursor).toBeDefined();
  });
});
