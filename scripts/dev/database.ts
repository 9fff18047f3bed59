import { createOrm, migrate } from '../../platform/orm/orm.js';
import { appliedMigrationsLine } from '../../platform/orm/migration-names.js';
import type { Keyring } from '../../platform/sealing/secret-box.js';
import { ensureDemoApp, type DemoApp } from './demo-app.js';
import { ensureDevAdmin, type DevAdmin } from './dev-admin.js';
import { say } from './output.js';

/**
 * Brings the schema up to date before any process uses it, then makes sure the demo app and the
 * development admin exist.
 */
export async function prepareDatabase(
  databaseUrl: string,
  options: { dataDir: string; pepper: string; keyring: Keyring; webhookUrl: string },
): Promise<{ demo: DemoApp; admin: DevAdmin }> {
  const orm = await createOrm({ databaseUrl, poolMax: 2 });
  try {
    const applied = await migrate(orm);
    say(appliedMigrationsLine(applied));
    const { demo, created } = await ensureDemoApp(orm, options);
    if (created) say(`registered the demo app "${demo.name}" (id ${demo.appId})`);
    const dev = await ensureDevAdmin(orm, { dataDir: options.dataDir });
    if (dev.created) say(`created the development admin ${dev.admin.email}`);
    return { demo, admin: dev.admin };
  } finally {
    await orm.close();
  }
}
