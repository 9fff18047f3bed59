import { listEndpoints, upgradeEndpointSealing } from '../../../db/webhooks/webhook-endpoints.js';
import { webhookSecretContext } from '../../../platform/sealing/sealing-contexts.js';
import { SealedValueError } from '../../../platform/sealing/secret-box.js';
import { signingSecrets } from '../../../activities/webhooks/signing-secrets.js';
import { startStack, type Stack } from '../../helpers/stack.js';

/**
 * Each webhook endpoint's secret is sealed for that endpoint alone: a sealed secret copied onto
 * another endpoint's row, of the same app and mode, does not open there, so whoever can write one
 * row cannot make another endpoint sign with a secret they know. Rows sealed the shared way
 * before still open, and are re-sealed for their endpoint on first use.
 */
describe('webhook secrets sealed per endpoint', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ worker: false });
  });
  afterAll(() => stack.close());

  it('a sealed secret copied to another endpoint of the same app and mode does not open; old rows are upgraded', async () => {
    const registered = await stack.registerApp();
    const scope = { appId: registered.app.id, mode: 'TEST' as const };
    const create = async (url: string) => {
      const response = await stack.api('POST', '/api/v1/webhook-endpoints', {
        creds: registered.test,
        body: { url },
      });
      expect(response.status).toBe(201);
      return response.body.data as { id: string; secret: string };
    };
    const a = await create('https://a.example.com/hooks');
    const b = await create('https://b.example.com/hooks');
    const c = await create('https://c.example.com/hooks');
    const rows = async () => {
      const all = await listEndpoints(stack.em(), scope);
      const byId = (id: string) => all.find((row) => row.publicId === id)!;
      return { a: byId(a.id), b: byId(b.id), c: byId(c.id) };
    };
    const secretOf = async (which: 'a' | 'b' | 'c') =>
      signingSecrets((await rows())[which], stack.keyring, new Date()).secret;

    expect(await secretOf('a')).toBe(a.secret);
    expect(await secretOf('b')).toBe(b.secret);

    // A's sealed secret written onto B's row: B does not sign with A's secret.
    await stack
      .em()
      .execute('update webhook_endpoints set secret_sealed = ? where public_id = ?', [
        (await rows()).a.secretSealed,
        b.id,
      ]);
    await expect(secretOf('b')).rejects.toThrow(SealedValueError);

    // C as a row sealed before endpoints had their own context: it opens, and is re-sealed for C.
    await stack
      .em()
      .execute(
        'update webhook_endpoints set secret_sealed = ?, secrets_sealed_per_endpoint = false where public_id = ?',
        [stack.keyring.seal(c.secret, webhookSecretContext(scope)), c.id],
      );
    const shared = (await rows()).c.secretSealed;
    expect(await secretOf('c')).toBe(c.secret);
    const cRow = (await rows()).c;
    await stack.em().transactional((tx) => upgradeEndpointSealing(tx, cRow.id, stack.keyring));
    const upgraded = (await rows()).c;
    expect(upgraded.sealedPerEndpoint).toBe(true);
    expect(upgraded.secretSealed).not.toBe(shared);
    expect(await secretOf('c')).toBe(c.secret);
    // Upgrading again changes nothing.
    await stack.em().transactional((tx) => upgradeEndpointSealing(tx, cRow.id, stack.keyring));
    expect((await rows()).c.secretSealed).toBe(upgraded.secretSealed);

    // The shared-context value no longer opens on any row sealed per endpoint.
    await stack
      .em()
      .execute('update webhook_endpoints set secret_sealed = ? where public_id = ?', [shared, b.id]);
    await expect(secretOf('b')).rejects.toThrow(SealedValueError);

    // Suites after this one share the database, and `keys:status` reads every sealed value in it:
    // the endpoints this test made unreadable on purpose go with it.
    await stack
      .em()
      .execute('delete from webhook_endpoints where public_id in (?, ?, ?)', [a.id, b.id, c.id]);
  });
});
