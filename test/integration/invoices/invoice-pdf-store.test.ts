import sharp from 'sharp';
import { storeLogo } from '../../../db/invoices/document-store.js';
import { normalizeLogo } from '../../../platform/documents/logo-image.js';
import { startStack, type Credentials, type Stack } from '../../helpers/stack.js';

/**
 * An invoice's PDF is rendered once per version of the invoice and its app's brand, then served
 * from PostgreSQL; the logo it carries is the stored, re-encoded one, never fetched or decoded per
 * request.
 */
describe('stored invoice PDFs and logos', () => {
  let stack: Stack;
  let creds: Credentials;
  let appId: number;

  beforeAll(async () => {
    stack = await startStack({ worker: false });
    const registered = await stack.registerApp();
    creds = registered.test;
    appId = registered.app.id;
  });
  afterAll(() => stack.close());

  const call = (method: string, route: string, body?: unknown) =>
    stack.api(method, `/api/v1${route}`, { creds, ...(body !== undefined && { body }) });
  const fetchPdf = async (id: string) => {
    const started = performance.now();
    const response = await fetch(`${stack.apiUrl}/api/v1/invoices/${id}/pdf`, {
      headers: { 'x-api-key': creds.key, 'x-api-secret': creds.secret },
    });
    expect(response.status).toBe(200);
    const pdf = Buffer.from(await response.arrayBuffer());
    return { pdf, ms: performance.now() - started };
  };
  const stored = async (invoiceId: number) =>
    (
      await stack
        .em()
        .execute<Array<{ fingerprint: string; rendered_at: Date }>>(
          'select fingerprint, rendered_at from invoice_pdfs where invoice_id = ?',
          [invoiceId],
        )
    )[0];

  it('renders once per version: the same invoice is served stored, a change renders it again', async () => {
    // The app's logo as saving it stored it: fetched, checked and re-encoded once.
    const logoUrl = 'https://cdn.example/store-test-logo.png';
    const original = await sharp({ create: { width: 1800, height: 600, channels: 4, background: '#0e7490' } })
      .png()
      .toBuffer();
    const normalized = await normalizeLogo(original);
    if (!('png' in normalized)) throw new Error(normalized.problem);
    await storeLogo(stack.em(), logoUrl, { png: normalized.png, problem: null });
    await stack.em().execute('update apps set logo_url = ? where id = ?', [logoUrl, appId]);

    const created = await call('POST', '/invoices', {
      customer: { customerReference: 'cust-pdf', name: 'Rahim', email: 'rahim@example.com' },
      lines: [{ description: 'Hosting', quantity: 1, unitAmountMinor: 150000 }],
      dueDate: '2030-01-31',
    });
    expect(created.status).toBe(201);
    const invoice = created.body.data as { id: number; reference: string };

    // The public pages show the same stored image.
    const payment = await stack.createPayment(creds);
    const logo = await fetch(`${stack.apiUrl}/checkout/${payment.reference}/logo.png`);
    expect([logo.status, logo.headers.get('content-type')]).toEqual([200, 'image/png']);
    expect(Buffer.from(await logo.arrayBuffer()).equals(normalized.png)).toBe(true);

    const first = await fetchPdf(invoice.reference);
    expect(first.pdf.toString('latin1')).toContain('/Subtype /Image');
    const row = await stored(invoice.id);
    expect(row).toBeDefined();

    const again = await fetchPdf(invoice.reference);
    expect(again.pdf.equals(first.pdf)).toBe(true);
    expect(await stored(invoice.id)).toEqual(row);
    console.log(
      `invoice PDF: rendered in ${first.ms.toFixed(0)} ms, served stored in ${again.ms.toFixed(0)} ms`,
    );

    // A new version of the invoice (issued) renders anew, and replaces the stored one.
    expect((await call('POST', `/invoices/${invoice.reference}/issue`)).status).toBe(200);
    const issued = await fetchPdf(invoice.reference);
    expect(issued.pdf.equals(first.pdf)).toBe(false);
    const afterIssue = await stored(invoice.id);
    expect(afterIssue!.fingerprint).not.toBe(row!.fingerprint);

    // So does a change of the app's brand.
    await stack.em().execute("update apps set brand_color = '#b91c1c' where id = ?", [appId]);
    const rebranded = await fetchPdf(invoice.reference);
    expect(rebranded.pdf.equals(issued.pdf)).toBe(false);
    expect((await stored(invoice.id))!.fingerprint).not.toBe(afterIssue!.fingerprint);
    expect(
      Number(
        (
          await stack
            .em()
            .execute<Array<{ n: string }>>('select count(*) as n from invoice_pdfs where invoice_id = ?', [
              invoice.id,
            ])
        )[0]!.n,
      ),
    ).toBe(1);
  });

  it('a logo refused for its size is never embedded, and never fetched again for each PDF', async () => {
    const logoUrl = 'https://cdn.example/huge-logo.png';
    await storeLogo(stack.em(), logoUrl, {
      png: null,
      problem: 'The logo is 10000 × 10000 pixels; at most 4096 px a side and 4,000,000 pixels are accepted',
    });
    await stack.em().execute('update apps set logo_url = ? where id = ?', [logoUrl, appId]);
    const created = await call('POST', '/invoices', {
      customer: { customerReference: 'cust-pdf-2', name: 'Karim', email: 'karim@example.com' },
      lines: [{ description: 'Setup', quantity: 1, unitAmountMinor: 50000 }],
      dueDate: '2030-01-31',
    });
    const { pdf } = await fetchPdf((created.body.data as { reference: string }).reference);
    expect(pdf.toString('latin1')).not.toContain('/Subtype /Image');
    const [logo] = await stack
      .em()
      .execute<Array<{ fetched_at: Date }>>(
        "select fetched_at from app_logos where problem like 'The logo is 10000%'",
      );
    expect(logo).toBeDefined();
  });
});
