import { BigIntType, EntitySchema } from '@mikro-orm/core';
import type { Mode } from '../../domain/shared/mode.js';

/**
 * An operator's settings for one gateway of one app in one mode (table app_gateways). The app's
 * own merchant credentials are sealed (platform/sealing/secret-box.ts); `credentialsHint` is what may be
 * shown of them: non-secret values as they are, secrets masked. No row: the service-wide
 * settings decide (see db/apps/app-gateways.ts).
 */
export interface AppGateway {
  appId: number;
  mode: Mode;
  gateway: string;
  enabled: boolean;
  /** JSON of the credentials, sealed under SEALING_KEYS for this row; null when the app has none of its own. */
  sealedCredentials: string | null;
  credentialsHint: Record<string, string>;
  updatedAt: Date;
  /** The operator who last changed the row; null when the system did. */
  updatedBy: number | null;
}

export const AppGatewaySchema = new EntitySchema<AppGateway>({
  name: 'AppGateway',
  tableName: 'app_gateways',
  properties: {
    appId: { type: new BigIntType('number'), primary: true },
    mode: { type: 'string', columnType: 'text', primary: true },
    gateway: { type: 'string', columnType: 'text', primary: true },
    enabled: { type: 'boolean' },
    sealedCredentials: { type: 'string', columnType: 'text', nullable: true, hidden: true },
    credentialsHint: { type: 'json', columnType: 'jsonb', default: '{}' },
    updatedAt: { type: 'Date', columnType: 'timestamptz', defaultRaw: 'now()' },
    updatedBy: { type: new BigIntType('number'), nullable: true },
  },
});
