import pg from 'pg';
import type { Mode } from '../../domain/shared/mode.js';

/** The channel the app_gateways trigger notifies at commit (Migration20261215000000). */
const CHANNEL = 'app_gateway_settings';

/** How a process's watch shows in pg_stat_activity (its application_name). */
export const appGatewayWatchName = (label: string) => `oi-payments ${label} gateway settings watch`;

const RETRY_FIRST_MS = 100;
const RETRY_MAX_MS = 5_000;

export interface AppGatewayChangeHandlers {
  /** An app's gateway settings for a mode changed (committed). */
  changed(appId: number, mode: Mode): void;
  /** Changes may have gone unseen (the connection was lost, or every row changed): forget them all. */
  unknown(): void;
  warn?(details: Record<string, unknown>, message: string): void;
}

export interface AppGatewayWatch {
  /** Settles once the first LISTEN holds (changes before it are covered by the flush it makes). */
  listening: Promise<void>;
  close(): Promise<void>;
}

/**
 * Listens on a connection of its own for committed changes to apps' gateway settings. A lost
 * connection is opened again (100 ms, doubling to 5 s apart); once it listens again every cached
 * setting is forgotten, since the notices sent meanwhile are gone.
 */
export function watchAppGatewayChanges(
  databaseUrl: string,
  label: string,
  handlers: AppGatewayChangeHandlers,
): AppGatewayWatch {
  let client: pg.Client | null = null;
  let closed = false;
  let retryMs = RETRY_FIRST_MS;
  let retry: NodeJS.Timeout | null = null;
  let markListening: () => void = () => {};
  const listening = new Promise<void>((resolve) => (markListening = resolve));

  const onNotice = (notice: pg.Notification) => {
    if (notice.channel !== CHANNEL) return;
    let change: { appId?: number; mode?: Mode } = {};
    try {
      change = JSON.parse(notice.payload ?? '{}') as typeof change;
    } catch {
      // An unreadable notice still says something changed.
    }
    if (change.appId === undefined || change.mode === undefined) handlers.unknown();
    else handlers.changed(Number(change.appId), change.mode);
  };

  const lost = (connection: pg.Client, error?: Error) => {
    if (client !== connection) return;
    client = null;
    connection.removeAllListeners('notification');
    void connection.end().catch(() => {});
    if (closed) return;
    handlers.warn?.(
      { err: error?.message, retryMs },
      'gateway settings watch lost its connection; reconnecting',
    );
    retry = setTimeout(connect, retryMs);
    retryMs = Math.min(retryMs * 2, RETRY_MAX_MS);
  };

  const connect = () => {
    retry = null;
    const connection = new pg.Client({
      connectionString: databaseUrl,
      application_name: appGatewayWatchName(label),
    });
    client = connection;
    connection.on('error', (error) => lost(connection, error));
    connection.on('end', () => lost(connection));
    connection.on('notification', onNotice);
    connection
      .connect()
      .then(() => connection.query(`listen ${CHANNEL}`))
      .then(() => {
        if (client !== connection) return;
        retryMs = RETRY_FIRST_MS;
        // Whatever changed while nobody listened went unnoticed.
        handlers.unknown();
        markListening();
      })
      .catch((error: Error) => lost(connection, error));
  };

  connect();
  return {
    listening,
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      const connection = client;
      client = null;
      await connection?.end().catch(() => {});
    },
  };
}
