import { randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { appendAudit } from '../../db/operators/audit.js';
import { OperatorSchema } from '../../platform/orm/entities.js';
import { addOperator } from '../../db/operators/operator-admin.js';
import { findOperatorByEmail } from '../../db/operators/operators.js';
import type { Orm } from '../../platform/orm/orm.js';
import { hashPassword, verifyPassword } from '../../domain/operators/passwords.js';

export const DEV_ADMIN_EMAIL = 'admin@oi-payments.local';
const ACTOR = { type: 'SYSTEM' as const, id: null, label: 'npm start', ip: null };

const devAdminSchema = z.object({ email: z.string(), password: z.string() });
export type DevAdmin = z.infer<typeof devAdminSchema>;

export const devAdminFile = (dataDir: string) => path.join(dataDir, 'dev-admin.json');

function readSaved(file: string): DevAdmin | null {
  try {
    const parsed = devAdminSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function save(file: string, admin: DevAdmin): void {
  writeFileSync(file, `${JSON.stringify(admin, null, 2)}\n`, { mode: 0o600 });
  // `mode` applies only when the file is created.
  chmodSync(file, 0o600);
}

/**
 * The development admin `npm start` prints a sign-in for: created once with a random password,
 * kept with the demo app's data in `<dataDir>/dev-admin.json` (readable only by its owner). If
 * that file is lost, the account gets a new random password, so the printed login always works.
 */
export async function ensureDevAdmin(
  orm: Orm,
  options: { dataDir: string },
): Promise<{ admin: DevAdmin; created: boolean }> {
  const file = devAdminFile(options.dataDir);
  const em = orm.em.fork() as EntityManager;
  const saved = readSaved(file);
  const existing = await findOperatorByEmail(em, DEV_ADMIN_EMAIL);
  if (
    existing &&
    saved?.email === DEV_ADMIN_EMAIL &&
    (await verifyPassword(existing.passwordHash, saved.password))
  ) {
    return { admin: saved, created: false };
  }
  const admin = { email: DEV_ADMIN_EMAIL, password: randomBytes(18).toString('base64url') };
  if (existing) {
    await em.nativeUpdate(
      OperatorSchema,
      { id: existing.id },
      { passwordHash: await hashPassword(admin.password), updatedAt: new Date() },
    );
    await appendAudit(em, ACTOR, {
      action: 'operator.password_reset',
      targetType: 'operator',
      targetId: existing.id,
      after: { email: DEV_ADMIN_EMAIL, reason: 'development admin login was not on file' },
    });
  } else {
    const made = await addOperator(em, ACTOR, { ...admin, role: 'ADMIN', now: new Date() });
    // The stack's own local ADMIN, as the command line's bootstrap: break-glass, never linked.
    await em.execute('update operators set break_glass = true where id = ?', [made.id]);
  }
  save(file, admin);
  return { admin, created: !existing };
}
