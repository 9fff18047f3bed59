import type { EntityManager } from '@mikro-orm/postgresql';
import { findApp, registerApp, setWebhookEndpoint } from '../../db/apps.js';
import { webhookUrlProblem } from '../../domain/webhook-endpoints.js';
import { addOperator } from '../../db/operator-admin.js';
import type { Orm } from '../../db/orm.js';
import { ApiError } from '../../domain/errors.js';
import type { Command } from './args.js';
import { CliFailure, InputError } from './errors.js';

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
  const problem = webhookUrlProblem(command.mode, command.url);
  if (problem) throw new CliFailure(problem);
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

/** Audit actor for changes made from the command line. */
const CLI_ACTOR = { type: 'SYSTEM' as const, id: null, label: 'cli', ip: null };

async function createOperator(
  em: EntityManager,
  command: Extract<Command, { command: 'operators:create' }>,
  password: string,
  print: Print,
) {
  try {
    const operator = await addOperator(em, CLI_ACTOR, {
      email: command.email,
      role: command.role,
      password,
      now: new Date(),
    });
    if (command.json) {
      print(JSON.stringify({ id: operator.id, email: operator.email, role: operator.role }));
      return;
    }
    print(
      `Created operator ${operator.id} ${operator.email} (${operator.role}). They sign in at /admin with the password given.`,
    );
  } catch (error) {
    if (error instanceof ApiError && error.code === 'EMAIL_TAKEN') {
      throw new InputError(`an operator with the email ${command.email} already exists`);
    }
    throw error;
  }
}

/** What a command needs besides its flags: the pepper, where to print, a password read beforehand. */
export interface CommandContext {
  pepper: string;
  print: Print;
  password: string | null;
}

export async function runCommand(orm: Orm, command: Command, context: CommandContext): Promise<void> {
  const em = orm.em.fork() as EntityManager;
  const { pepper, print } = context;
  switch (command.command) {
    case 'apps:create':
      return createApp(em, command, pepper, print);
    case 'webhooks:set':
      return setWebhook(em, command, pepper, print);
    case 'operators:create':
      if (context.password === null) throw new Error('operators:create needs the password read first');
      return createOperator(em, command, context.password, print);
  }
}
