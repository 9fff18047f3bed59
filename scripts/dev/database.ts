import { createOrm, migrate } from '../../db/orm.js';
import { ensureDemoApp, type DemoApp } from './demo-app.js';
import { say } from './output.js';

/** Brings the schema up to date before any process uses it, then makes sure the demo app exists. */
export async function prepareDatabase(
  databaseUrl: string,
  options: { dataDir: string; pepper: string; webhookUrl: string },
): Promise<DemoApp> {
  const orm = await createOrm({ databaseUrl, poolMax: 2 });
  try {
    const applied = await migrate(orm);
    say(applied.length ? `applied migrations: ${applied.join(', ')}` : 'database schema is up to date');
    const { demo, created } = await ensureDemoApp(orm, options);
    if (created) say(`registered the demo app "${demo.name}" (id ${demo.appId})`);
    return demo;
  } finally {
    await orm.close();
  }
}
