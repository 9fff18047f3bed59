import { Client } from 'pg';
import {
  ADD_PAYMENT_METHOD_TYPE,
  BACKFILL_PAYMENT_METHOD_TYPE,
} from '../../../db/migrations/Migration20261229000000_payment_method_type.js';
import { KNOWN_PAYMENT_METHODS, paymentMethodTypeOf } from '../../../gateways/payment-method-types.js';
import { requireEnv, testEnv } from '../../helpers/test-env.js';

/**
 * The migration's backfill gives every payment captured before the column the type the capture
 * now gives it. Run on a session's own temporary `payments` (which hides the real one from that
 * session alone), holding just the columns the migration reads.
 */
describe('the payment_method_type migration', () => {
  let client: Client;

  beforeAll(async () => {
    client = new Client({ connectionString: requireEnv(testEnv.databaseUrl) });
    await client.connect();
    await client.query(
      'create temporary table payments (id serial primary key, gateway text, payment_method text, settled_at timestamptz)',
    );
  });
  afterAll(() => client.end());

  const rows: Array<[gateway: string | null, method: string | null]> = [
    ...Object.entries(KNOWN_PAYMENT_METHODS).flatMap(([gateway, methods]) =>
      methods.flatMap((method): Array<[string, string]> => [
        [gateway, method],
        [gateway, method.toLowerCase()],
        [gateway, ` ${method} `],
        [gateway, `${method}-Some Bank`],
      ]),
    ),
    ['sslcommerz', 'BKASH-BKash'],
    ['sslcommerz', 'DBBLMOBILEB-Dbbl Mobile Banking'],
    ['sslcommerz', 'Dutch Bangla-VISA'],
    ['sslcommerz', 'FUTUREPAY-x'],
    ['sslcommerz', '\tVISA-x'],
    // Non-ASCII letters that JavaScript would upper-case to ASCII ones: neither side does.
    ['sslcommerz', 'vıSA-x'],
    ['stripe', 'ſepa_debit'],
    ['stripe', 'alipay'],
    ['bkash', 'bKash'],
    ['bkash', null],
    ['nagad', 'Nagad'],
    ['manual', 'BANK_TRANSFER'],
    ['manual', 'cheque'],
    ['manual', 'POSTAL_ORDER'],
    ['sslcommerz', null],
    ['stripe', null],
    ['manual', null],
    ['paypal', 'visa'],
    [null, 'BKASH-BKash'],
    [null, null],
  ];

  it('backfills each captured payment as paymentMethodTypeOf reads it, and leaves the rest null', async () => {
    for (const [gateway, method] of rows) {
      await client.query(
        'insert into payments (gateway, payment_method, settled_at) values ($1, $2, now())',
        [gateway, method],
      );
    }
    // Never captured: no type, whatever it holds.
    const { rows: uncaptured } = await client.query(
      `insert into payments (gateway, payment_method, settled_at) values ('bkash', null, null) returning id`,
    );

    await client.query(ADD_PAYMENT_METHOD_TYPE);
    await client.query(BACKFILL_PAYMENT_METHOD_TYPE);

    const { rows: backfilled } = await client.query(
      'select gateway, payment_method, payment_method_type from payments where settled_at is not null order by id',
    );
    expect(backfilled.map((row) => [row.gateway, row.payment_method, row.payment_method_type])).toEqual(
      rows.map(([gateway, method]) => [gateway, method, paymentMethodTypeOf(gateway, method)]),
    );
    const { rows: untouched } = await client.query('select payment_method_type from payments where id = $1', [
      uncaptured[0].id,
    ]);
    expect(untouched).toEqual([{ payment_method_type: null }]);
  });

  it('refuses a type the service does not know', async () => {
    await expect(client.query(`update payments set payment_method_type = 'WALLET'`)).rejects.toThrow(
      /check constraint/,
    );
  });
});
