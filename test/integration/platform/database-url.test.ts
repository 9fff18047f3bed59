import { createOrm } from '../../../platform/orm/orm.js';
import { requireEnv, testEnv } from '../../helpers/test-env.js';

describe('the service connects with any URL form the driver reads', () => {
  it('takes host, port and credentials from query parameters, as a Unix-socket URL gives its directory', async () => {
    const url = new URL(requireEnv(testEnv.databaseUrl));
    const query = new URLSearchParams({
      host: url.hostname,
      port: url.port || '5432',
      user: decodeURIComponent(url.username),
      ...(url.password && { password: decodeURIComponent(url.password) }),
    });
    // The ORM alone would read this as "localhost, default port, no user".
    const orm = await createOrm({ databaseUrl: `postgresql://${url.pathname}?${query}`, poolMax: 1 });
    try {
      const [row] = await orm.em.getConnection().execute<{ db: string }[]>('select current_database() as db');
      expect(row!.db).toBe(requireEnv(testEnv.databaseName));
    } finally {
      await orm.close();
    }
  });
});
