import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * Nothing outside `gateways/<name>/` names that gateway's wire fields: the API, workflows,
 * activities and the rest speak only the neutral interface (gateways/types.ts), so a gateway is
 * added or changed in its own folder. Each list holds names no other part of the product has a
 * reason to spell.
 */
const WIRE_FIELDS: Record<string, readonly string[]> = {
  sslcommerz: [
    'tran_id',
    'val_id',
    'bank_tran_id',
    'store_passwd',
    'verify_sign',
    'verify_key',
    'card_type',
    'GatewayPageURL',
    'sessionkey',
    'store_amount',
    'refund_ref_id',
  ],
  bkash: [
    'paymentID',
    'trxID',
    'merchantInvoiceNumber',
    'bkashURL',
    'id_token',
    'app_secret',
    'transactionStatus',
  ],
  nagad: [
    'sensitiveData',
    'paymentReferenceId',
    'payment_ref_id',
    'issuerPaymentRefNo',
    'merchantCallbackURL',
  ],
  stripe: [
    'client_reference_id',
    'payment_intent',
    'checkout.session.completed',
    'payment_status',
    'Stripe-Signature',
  ],
};

/** The product's own code: everything but tests, dependencies, tools and build output. */
const SCANNED = ['api', 'activities', 'workflows', 'worker', 'db', 'domain', 'platform', 'gateways'];
const ROOT = path.resolve(__dirname, '..', '..', '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.(ts|mts|cts)$/.test(entry) ? [full] : [];
  });
}

const files = SCANNED.flatMap((dir) => sourceFiles(path.join(ROOT, dir))).map((file) => ({
  relative: path.relative(ROOT, file).split(path.sep).join('/'),
  text: readFileSync(file, 'utf8'),
}));

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('gateway wire fields stay in their gateway', () => {
  it('scans the product', () => {
    expect(files.length).toBeGreaterThan(100);
  });

  it.each(Object.entries(WIRE_FIELDS))('%s', (gateway, fields) => {
    const own = `gateways/${gateway}/`;
    const pattern = new RegExp(`(?<![A-Za-z0-9_])(${fields.map(escape).join('|')})(?![A-Za-z0-9_])`);
    const leaks = files
      .filter((file) => !file.relative.startsWith(own))
      .flatMap((file) =>
        file.text.split('\n').flatMap((line, index) => {
          const match = pattern.exec(line);
          return match ? [`${file.relative}:${index + 1} names ${match[1]}`] : [];
        }),
      );
    expect(leaks).toEqual([]);
  });
});
