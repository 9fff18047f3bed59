import type { EntityManager } from '@mikro-orm/postgresql';
import { findApp, registerApp, setWebhookEndpoint } from '../../db/apps.js';
import type { Orm } from '../../db/orm.js';
import type { Command } from './args.js';
import { CliFailure } from './errors.js';

type Print = (text: string) => void;

async function createApp(
  em: EntityManager,
  command: Extract<Command, { command: 'apps:create' }>,
  pepper: string,
  print: Print,
) {
  const { app, credentials } = await registerApp(
    em,
    { name: command.name, displayName: command['display-name'] },
    pepper,
  );
  const pair = (mode: 'TEST' | 'LIVE') => ({
    key: credentials[mode].apiKey,
    secret: credentials[mode].secret,
  });
  if (command.json) {
    print(
      JSON.stringify({
        app: { id: app.id, name: app.name },
        credentials: { TEST: pair('TEST'), LIVE: pair('LIVE') },
      }),
    );
    return;
  }
  print(
    [
      `Registered app ${app.id} "${app.name}" (shown as "${app.displayName}").`,
      '',
      ...(['TEST', 'LIVE'] as const).flatMap((mode) => [
        `${mode}  X-Api-Key     ${pair(mode).key}`,
        `      X-Api-Secret  ${pair(mode).secret}`,
      ]),
      '',
      'The secrets are shown only now: store them safely. A lost secret can only be rotated.',
    ].join('\n'),
  );
}

async function setWebhook(
  em: EntityManager,
  command: Extract<Command, { command: 'webhooks:set' }>,
  pepper: string,
  print: Print,
) {
  if (!(await findApp(em, command.app))) throw new CliFailure(`no app with id ${command.app}`);
  const endpoint = await setWebhookEndpoint(
    em,
    { appId: command.app, mode: command.mode, url: command.url },
    pepper,
  );
  if (command.json) {
    print(
      JSON.stringify({ appId: command.app, mode: command.mode, url: endpoint.url, secret: endpoint.secret }),
    );
    return;
  }
  print(
    [
      `App ${command.app} now receives its ${command.mode} webhooks at ${endpoint.url}.`,
      `Signing secret: ${endpoint.secret}`,
      'Verify each delivery with it (Standard Webhooks). It is shown only now; setting the URL again issues a new one.',
    ].join('\n'),
  );
}

export async function runCommand(orm: Orm, command: Command, pepper: string, print: Print): Promise<void> {
  const em = orm.em.fork() as EntityManager;
  switch (command.command) {
    case 'apps:create':
      return createApp(em, command, pepper, print);
    case 'webhooks:set':
      return setWebhook(em, command, pepper, print);
  }
}
