import type { Context } from 'koa';
import getRawBody from 'raw-body';

/** Reading the simulated bank's requests: bounded bodies, basic authentication. */

const JSON_LIMIT = '16kb';

export async function readJson(ctx: Context): Promise<unknown> {
  const text = await getRawBody(ctx.req, { limit: JSON_LIMIT, encoding: 'utf8' });
  try {
    return text ? (JSON.parse(text) as unknown) : {};
  } catch {
    return undefined;
  }
}

export interface Login {
  username: string;
  password: string;
}

/** Whether the request carries the channel's login (HTTP basic authentication, the stand-in for SFTP's). */
export function isLoggedIn(ctx: Context, login: Login): boolean {
  const header = ctx.get('authorization');
  if (!header.startsWith('Basic ')) return false;
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return (
    colon > 0 && decoded.slice(0, colon) === login.username && decoded.slice(colon + 1) === login.password
  );
}

export function sendText(ctx: Context, text: string): void {
  ctx.status = 200;
  ctx.type = 'text/plain; charset=utf-8';
  ctx.body = text;
}
