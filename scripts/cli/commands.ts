import type { UploadArea } from '../../domain/uploads/upload-limits.js';
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Readable } from 'node:stream';
import type { EntityManager } from '@mikro-orm/postgresql';
import type * as SettlementImports from '../../activities/reconciliation/settlement-imports.js';
import type * as BankStatementImports from '../../activities/reconciliation/bank-statement-imports.js';
import type * as SettlementReconciliation from '../../api/reconciliation/settlement-reconciliation.js';
import { can } from '../../domain/operators/permissions.js';
import type { ColumnOverrides } from '../../domain/reconciliation/settlement-reports/layouts.js';
import { findApp, registerAppWithTestPair, setWebhookEndpoint } from '../../db/apps/apps.js';
import { webhookUrlProblem } from '../../domain/webhooks/webhook-endpoints.js';
import { appendAudit, type AuditActor } from '../../db/operators/audit.js';
import { WebhookEndpointSchema } from '../../platform/orm/entities.js';
import { addOperator } from '../../db/operators/operator-admin.js';
import { commandLineCreationRefusal } from '../../domain/operators/people-changes.js';
import { DEFAULT_CODE_CEILING, type CodeCeiling } from '../../domain/operators/code-ceiling.js';
import type { Orm } from '../../platform/orm/orm.js';
import { ApiError } from '../../domain/shared/errors.js';
import type { SecondFactorPosture } from '../../domain/operators/second-factor-policy.js';
import type { Orchestrator } from '../../api/orchestrator.js';
import type * as RefundDecisions from '../../api/refunds/refund-decisions.js';
import { ledgerTotals, verifyLedger } from '../../db/ledger/ledger-verify.js';
import {
  resealAll,
  sealedValueCounts,
  unreadableSealedValues,
} from '../../platform/sealing/sealed-values.js';
import type { Keyring } from '../../platform/sealing/secret-box.js';
import type { Command } from './args.js';
import { cliActor } from './actor.js';
import type * as OperatorCheck from './operator-check.js';
import { CliFailure, InputError } from './errors.js';
import type * as Listen from './listen.js';
import type * as KeyRequestService from '../../api/admin/apps/key-request-service.js';

/*
 * What only some commands use (settlement files, Temporal, the second factor, listening) loads
 * when one of them runs: every command starts in a fraction of the time, and `keys:status` does
 * not load a spreadsheet reader.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
const settlementImports = () =>
  require('../../activities/reconciliation/settlement-imports.js') as typeof SettlementImports;
const bankStatementImports = () =>
  require('../../activities/reconciliation/bank-statement-imports.js') as typeof BankStatementImports;
const settlementReconciliation = () =>
  require('../../api/reconciliation/settlement-reconciliation.js') as typeof SettlementReconciliation;
const refundDecisions = () => require('../../api/refunds/refund-decisions.js') as typeof RefundDecisions;
const operatorCheck = () => require('./operator-check.js') as typeof OperatorCheck;
const listening = () => require('./listen.js') as typeof Listen;
const keyRequests = () => require('../../api/admin/apps/key-request-service.js') as typeof KeyRequestService;
/* eslint-enable @typescript-eslint/no-require-imports */

type Print = (text: string) => void;

async function createApp(
  em: EntityManager,
  command: Extract<Command, { command: 'apps:create' }>,
  context: ActingContext,
) {
  const { print } = context;
  // The app and its audit entry commit together, as through the dashboard and the admin API. Its
  // LIVE pair holds every scope, money ones included: it is an operator's key request, approved
  // by a money role and collected once (keys:collect), never printed here.
  const { app, test } = await em.transactional(async (tx) => {
    const registered = await registerAppWithTestPair(
      tx,
      { name: command.name, displayName: command['display-name'] },
      context.pepper,
    );
    await appendAudit(tx, context.actor, {
      action: 'app.create',
      targetType: 'app',
      targetId: registered.app.id,
      after: {
        name: registered.app.name,
        displayName: registered.app.displayName,
        keys: { TEST: registered.test.apiKey, LIVE: null },
      },
    });
    return registered;
  });
  if (command.json) {
    print(
      JSON.stringify({
        app: { id: app.id, name: app.name },
        credentials: { TEST: { key: test.apiKey, secret: test.secret }, LIVE: null },
      }),
    );
    return;
  }
  print(
    [
      `Registered app ${app.id} "${app.name}" (shown as "${app.displayName}").`,
      '',
      `TEST  X-Api-Key     ${test.apiKey}`,
      `      X-Api-Secret  ${test.secret}`,
      '',
      'The secret is shown only now: store it safely. A lost secret can only be rotated.',
      "The LIVE pair: ask for it in the dashboard (the app's page, rotate LIVE); a FINANCE or ADMIN",
      'operator other than you approves it, then collect it once (Key requests, or keys:collect).',
    ].join('\n'),
  );
}

/**
 * An approved key request collected from the command line, as the operator who asked for it
 * (checked as at sign-in): the key is made now, its secret printed once, as from the dashboard.
 */
async function collectKeyCommand(
  orm: Orm,
  command: Extract<Command, { command: 'keys:collect' }>,
  context: ActingContext,
) {
  const em = orm.em.fork() as EntityManager;
  const operator = await signInAs(em, command, context);
  if (!can(operator.role, 'credentials.rotate')) {
    throw new CliFailure(`${operator.email} (${operator.role}) may not collect keys`);
  }
  try {
    const collected = await keyRequests().collectKey(
      { orm, config: { CREDENTIAL_PEPPER: context.pepper } },
      { operator },
      { ...context.actor, type: 'OPERATOR', id: String(operator.id), label: operator.email },
      command.request,
    );
    const { request, issued } = collected;
    if (command.json) {
      context.print(
        JSON.stringify({
          keyRequest: { id: request.id, status: request.status, appId: request.appId, mode: request.mode },
          key: issued.apiKey,
          secret: issued.secret,
        }),
      );
      return;
    }
    context.print(
      [
        `Collected key request ${request.id}: ${request.mode} ${request.name ? `key "${request.name}"` : 'pair'} of app ${request.appId}.`,
        '',
        `X-Api-Key     ${issued.apiKey}`,
        `X-Api-Secret  ${issued.secret}`,
        '',
        'The secret is shown only now and cannot be collected again: store it safely.',
      ].join('\n'),
    );
  } catch (error) {
    if (error instanceof ApiError) throw new CliFailure(`${error.code}: ${error.message}`);
    throw error;
  }
}

async function setWebhook(
  em: EntityManager,
  command: Extract<Command, { command: 'webhooks:set' }>,
  context: ActingContext,
) {
  const { print } = context;
  if (!(await findApp(em, command.app))) throw new CliFailure(`no app with id ${command.app}`);
  const problem = webhookUrlProblem(command.mode, command.url);
  if (problem) throw new CliFailure(problem);
  const endpoint = await em.transactional(async (tx) => {
    // Read the URL now: the upsert below updates the loaded entity in place.
    const previousUrl =
      (await tx.findOne(WebhookEndpointSchema, { appId: command.app, mode: command.mode }))?.url ?? null;
    const result = await setWebhookEndpoint(
      tx,
      { appId: command.app, mode: command.mode, url: command.url },
      context.keyring,
    );
    await appendAudit(tx, context.actor, {
      action: 'webhook.endpoint_set',
      targetType: 'app',
      targetId: command.app,
      before: previousUrl ? { mode: command.mode, url: previousUrl } : null,
      after: { mode: command.mode, url: command.url, signingKeyIssued: true },
    });
    return result;
  });
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

async function createOperator(
  em: EntityManager,
  command: Extract<Command, { command: 'operators:create' }>,
  password: string,
  context: ActingContext,
) {
  const { print } = context;
  try {
    const operator = await em.transactional(async (tx) => {
      // One bootstrap at a time: no other account is made or given a role (which notes an ADMIN
      // in admins_ever) until this one commits, so two racing cannot both see fewer than two.
      // On operators, which the runtime role may update; admins_ever it may only read and append to.
      await tx.execute('lock table operators in share row exclusive mode');
      const [admins] = await tx.execute<Array<{ n: string }>>('select count(*) as n from admins_ever');
      const refusal = commandLineCreationRefusal(Number(admins?.n ?? 0), command.role);
      if (refusal) throw new InputError(refusal);
      const made = await addOperator(tx, context.actor, {
        email: command.email,
        role: command.role,
        password,
        now: new Date(),
      });
      // The bootstrap's ADMINs are break-glass: they sign in when the identity provider cannot,
      // and are never linked to it.
      await tx.execute('update operators set break_glass = true where id = ?', [made.id]);
      return made;
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
    if (error instanceof ApiError && error.code === 'PASSWORD_TOO_WEAK') throw new InputError(error.message);
    throw error;
  }
}

/**
 * A refund decision, as the operator whose email and password (and code, once enrolled) were
 * given: checked and throttled as at sign-in (authenticateOperator), and the decision is recorded
 * and sent to the workflow as from the dashboard, which applies the same rules.
 */
async function decideRefund(
  orm: Orm,
  command: Extract<Command, { command: 'refunds:approve' | 'refunds:reject' }>,
  context: ActingContext,
) {
  const em = orm.em.fork() as EntityManager;
  const operator = await signInAs(em, command, context);
  const approve = command.command === 'refunds:approve';
  try {
    const refund = await refundDecisions().decideWaitingRefund(
      { orm, orchestrator: context.orchestrator! },
      command.refund,
      approve,
      { operatorId: operator.id, email: operator.email, role: operator.role, ip: null },
      command.comment ?? null,
    );
    if (command.json) {
      context.print(JSON.stringify({ reference: refund.reference, status: refund.status }));
      return;
    }
    context.print(
      `Refund ${refund.reference} is now ${refund.status} (${approve ? 'approved' : 'rejected'} by ${operator.email}).`,
    );
  } catch (error) {
    if (error instanceof ApiError) throw new CliFailure(`${error.code}: ${error.message}`);
    throw error;
  }
}

/**
 * A settlement report in, as the operator whose email and password were given (checked as at
 * sign-in): the same import as the dashboard's (one transaction, audited), then the reconciliation
 * of each of its settlement dates starts or matches again.
 */
async function importSettlementReportCommand(
  orm: Orm,
  command: Extract<Command, { command: 'recon:import' }>,
  context: ActingContext,
) {
  await importFileAs(orm, command, context, 'settlement reports', async ({ em, stream, operator, actor }) => {
    const result = await settlementImports().importSettlementReport(em, {
      gateway: command.gateway,
      mode: command.mode,
      fileName: basename(command.file),
      stream,
      importedBy: operator.id,
      layout: command.format,
      columns: context.settlementColumns?.[command.gateway],
      audit: actor,
      area: context.uploadArea,
    });
    const reconciliations = await settlementReconciliation().reconcileImportedDays(
      context.orchestrator!,
      result,
    );
    if (command.json) {
      context.print(
        JSON.stringify({
          importId: result.importId,
          created: result.created,
          format: result.record.format,
          lines: result.lines,
          storedLines: result.storedLines,
          settlementDates: result.settlementDates,
          reconciliations,
        }),
      );
      return;
    }
    context.print(
      result.created
        ? `Imported ${command.file} as import ${result.importId} (${result.record.format}): ${result.lines} line(s), ${result.storedLines} new${result.settlementDates.length ? `, settled on ${result.settlementDates.join(', ')}` : ''}.`
        : `${command.file} was imported before, as import ${result.importId} (${result.record.fileName}); nothing was stored again.`,
    );
  });
}

/**
 * A bank statement in, as the operator whose email and password were given: the same import as
 * the dashboard's (one transaction, audited), then each settlement day it may change matches again.
 */
async function importBankStatementCommand(
  orm: Orm,
  command: Extract<Command, { command: 'recon:bank-import' }>,
  context: ActingContext,
) {
  await importFileAs(orm, command, context, 'bank statements', async ({ em, stream, operator, actor }) => {
    const result = await bankStatementImports().importBankStatement(em, {
      gateway: command.gateway,
      mode: command.mode,
      fileName: basename(command.file),
      stream,
      importedBy: operator.id,
      audit: actor,
      area: context.uploadArea,
    });
    const reconciliations = await settlementReconciliation().reconcileStatementDays(
      context.orchestrator!,
      em,
      result,
    );
    const { record } = result;
    if (command.json) {
      context.print(
        JSON.stringify({
          importId: result.importId,
          created: result.created,
          accountName: record.accountName,
          lines: result.lines,
          storedLines: result.storedLines,
          periodFrom: record.periodFrom,
          periodTo: record.periodTo,
          reconciliations,
        }),
      );
      return;
    }
    context.print(
      result.created
        ? `Imported ${command.file} as bank statement ${result.importId} of "${record.accountName}": ${result.lines} entr${result.lines === 1 ? 'y' : 'ies'}, ${result.storedLines} new${record.periodFrom ? `, ${record.periodFrom} to ${record.periodTo}` : ''}; ${reconciliations.length} settlement day(s) matched again.`
        : `${command.file} was imported before, as bank statement ${result.importId} (${record.fileName}); nothing was stored again.`,
    );
  });
}

/** The operator a command's --email names, checked and throttled as at sign-in (code once enrolled). */
function signInAs(em: EntityManager, command: { email: string; command: string }, context: ActingContext) {
  return operatorCheck().authenticateOperator(em, {
    email: command.email,
    password: context.password ?? '',
    readCode: context.readCode ?? (() => Promise.resolve('')),
    actor: context.actor,
    keyring: context.keyring,
    posture: context.secondFactorPosture ?? 'required-for-money-roles',
    breakGlass: context.breakGlass ?? false,
    codeCeiling: context.codeCeiling ?? DEFAULT_CODE_CEILING,
    command: command.command,
  });
}

/**
 * A file imported as the operator a command names, who must be allowed to import (`what`: what
 * the refusal says they may not import). The file is read as a stream; a refusal of the import
 * is printed with its error code.
 */
async function importFileAs(
  orm: Orm,
  command: { email: string; command: string; file: string },
  context: ActingContext,
  what: string,
  run: (acting: {
    em: EntityManager;
    stream: Readable;
    operator: Awaited<ReturnType<typeof signInAs>>;
    actor: AuditActor;
  }) => Promise<void>,
) {
  const em = orm.em.fork() as EntityManager;
  const operator = await signInAs(em, command, context);
  if (!can(operator.role, 'settlements.import')) {
    throw new CliFailure(`${operator.email} (${operator.role}) may not import ${what}`);
  }
  const stream = await openReadable(command.file);
  const actor: AuditActor = { type: 'OPERATOR', id: String(operator.id), label: operator.email, ip: null };
  try {
    await run({ em, stream, operator, actor });
  } catch (error) {
    if (error instanceof ApiError) throw new CliFailure(`${error.code}: ${error.message}`);
    throw error;
  } finally {
    stream.destroy();
  }
}

/** The file opened for reading, or a plain refusal naming it. */
async function openReadable(path: string) {
  try {
    const handle = await open(path, 'r');
    return handle.createReadStream();
  } catch (error) {
    throw new InputError(
      `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
}

/**
 * Prints what every ledger rule found; a breach anywhere makes the command fail (exit 1).
 *
 * Not throttled, unlike the dashboard's and the admin API's verification
 * (domain/ledger/ledger-verification-throttle.ts), on purpose. That gate bounds what anyone holding
 * `ledger.read` can make the database do from the network. Whoever runs this command has a shell
 * on the service's host and its DATABASE_URL: they can send the same statements through psql, so
 * a gate here would bound nothing. It would only stand in the way of the uses it serves: proving
 * a repair (verify, correct, verify again minutes later), and a deploy's or a scheduled check's
 * exit code, which must be a fresh verdict, never a refusal or an earlier result. The gate is a
 * row of PostgreSQL (db/ledger/ledger-verify-gate.ts) that the API processes and the scheduled
 * workflow take; this command neither takes it nor waits for it, and a run of it does not make
 * the dashboard wait either.
 */
async function verifyLedgerCommand(
  em: EntityManager,
  command: Extract<Command, { command: 'ledger:verify' }>,
  context: ActingContext,
) {
  const results = await verifyLedger(em);
  const totals = await ledgerTotals(em);
  const breaches = results.reduce((n, r) => n + r.breaches.length, 0);
  if (command.json) {
    context.print(JSON.stringify({ ok: breaches === 0, totals, checks: results }));
  } else {
    for (const result of results) {
      context.print(`${result.breaches.length === 0 ? 'ok    ' : 'BREACH'}  ${result.name}: ${result.rule}`);
      for (const breach of result.breaches) context.print(`          ${breach.subject}: ${breach.problem}`);
    }
    context.print(
      `${totals.entries} entries, ${totals.postings} postings, ${totals.accounts} accounts checked.`,
    );
  }
  if (breaches > 0)
    throw new CliFailure(`the ledger breaks ${results.filter((r) => r.breaches.length).length} rule(s)`);
}

/** Per key id, how many sealed values it still seals, and whether this process holds it. */
async function keysStatus(
  em: EntityManager,
  command: Extract<Command, { command: 'keys:status' }>,
  context: ActingContext,
) {
  const counts = await sealedValueCounts(em);
  const unreadable = await unreadableSealedValues(em, context.keyring);
  const totals = new Map<string, number>();
  for (const { keyId, count } of counts) totals.set(keyId, (totals.get(keyId) ?? 0) + count);
  const keys = [...totals].map(([keyId, values]) => ({
    keyId,
    values,
    primary: keyId === context.keyring.primaryKeyId,
    opens: context.keyring.holds(keyId),
  }));
  if (command.json) {
    context.print(
      JSON.stringify({ primaryKeyId: context.keyring.primaryKeyId, keys, columns: counts, unreadable }),
    );
  } else {
    printStatus(context, keys, unreadable);
  }
  if (unreadable.length) {
    throw new CliFailure(
      `${unreadable.length} sealed value(s) do not open for their row: set them again or clear them`,
    );
  }
}

function printStatus(
  context: ActingContext,
  keys: Array<{ keyId: string; values: number; primary: boolean; opens: boolean }>,
  unreadable: Array<{ column: string; row: string; problem: string }>,
) {
  context.print(`Primary key (seals new values): ${context.keyring.primaryKeyId}`);
  if (!keys.length) context.print('No sealed values.');
  for (const key of keys) {
    const note = key.primary
      ? 'primary'
      : key.opens
        ? 'run keys:rotate to move them'
        : 'NOT HELD: these do not open';
    context.print(`  ${key.keyId.padEnd(24)} ${String(key.values).padStart(6)} value(s)  ${note}`);
  }
  const others = keys.filter((key) => !key.primary);
  context.print(
    others.length
      ? 'Keys other than the primary still seal values: keep them in SEALING_KEYS until keys:rotate has moved them.'
      : 'Every value is under the primary key: other keys may be removed from SEALING_KEYS.',
  );
  for (const u of unreadable) context.print(`  does not open: ${u.row} (${u.column}): ${u.problem}`);
}

/** Re-seals everything under the primary key; audited; exits 1 if a value does not open. */
async function keysRotate(
  em: EntityManager,
  command: Extract<Command, { command: 'keys:rotate' }>,
  context: ActingContext,
) {
  const reports = await resealAll(em, context.keyring);
  const sum = (pick: (r: (typeof reports)[number]) => number) => reports.reduce((n, r) => n + pick(r), 0);
  const totals = {
    examined: sum((r) => r.examined),
    rewritten: sum((r) => r.rewritten),
    changedMeanwhile: sum((r) => r.changedMeanwhile),
    unreadable: sum((r) => r.unreadable.length),
  };
  await appendAudit(em, context.actor, {
    action: 'keys.rotate',
    targetType: 'sealing_key',
    targetId: context.keyring.primaryKeyId,
    after: { primaryKeyId: context.keyring.primaryKeyId, ...totals },
  });
  if (command.json) {
    context.print(
      JSON.stringify({ primaryKeyId: context.keyring.primaryKeyId, ...totals, columns: reports }),
    );
  } else {
    context.print(`Re-sealing under key ${context.keyring.primaryKeyId}:`);
    for (const r of reports) {
      context.print(
        `  ${r.column.padEnd(40)} ${r.rewritten} re-sealed, ${r.changedMeanwhile} changed meanwhile, ${r.unreadable.length} unreadable`,
      );
      for (const u of r.unreadable) context.print(`    ${u.row}: ${u.problem}`);
    }
    context.print(
      totals.changedMeanwhile
        ? 'Some values changed while this ran: run keys:rotate again to take them.'
        : `${totals.rewritten} value(s) re-sealed; run keys:status to see what each key still seals.`,
    );
  }
  if (totals.unreadable) {
    throw new CliFailure(
      `${totals.unreadable} sealed value(s) do not open with SEALING_KEYS: set them again (or clear them) before removing any key`,
    );
  }
}

/**
 * What a command needs besides its flags: the pepper, where to print, a password read beforehand,
 * the running workflows (refund decisions) and who runs it (for the audit trail;
 * `cli:<user>@<host>` unless given).
 */
export interface CommandContext {
  pepper: string;
  /** Seals and opens webhook secrets and gateway credentials (SEALING_KEYS). */
  keyring: Keyring;
  print: Print;
  password: string | null;
  /** The operator's second-factor code, asked for only when they have one (after the password). */
  readCode?: () => Promise<string>;
  /** OPERATOR_SECOND_FACTOR: whether an ADMIN or FINANCE operator without one is refused. */
  secondFactorPosture?: SecondFactorPosture;
  /** OPERATOR_BREAK_GLASS as resolved: whether a local password may act at all (off when unset). */
  breakGlass?: boolean;
  /** The per-operator ceiling on wrong codes (OPERATOR_CODE_FAILURES_MAX, OPERATOR_CODE_LOCK_MINUTES). */
  codeCeiling?: CodeCeiling;
  orchestrator?: Orchestrator | undefined;
  actor?: AuditActor;
  /** SETTLEMENT_REPORT_COLUMNS: settlement reports' column names per gateway. */
  settlementColumns?: ColumnOverrides | undefined;
  /** UPLOAD_*: where imported files are spooled and read, within which limits (as the worker's). */
  uploadArea?: UploadArea | undefined;
  /** Where a long-running command (listen) reports trouble while it carries on. */
  printError?: Print;
  /** Stops a long-running command (listen): Ctrl-C. */
  signal?: AbortSignal;
}

type ActingContext = CommandContext & { actor: AuditActor };

export async function runCommand(orm: Orm, command: Command, given: CommandContext): Promise<void> {
  const em = orm.em.fork() as EntityManager;
  const context: ActingContext = { ...given, actor: given.actor ?? cliActor() };
  switch (command.command) {
    case 'apps:create':
      return createApp(em, command, context);
    case 'webhooks:set':
      return setWebhook(em, command, context);
    case 'operators:create':
      if (context.password === null) throw new Error('operators:create needs the password read first');
      return createOperator(em, command, context.password, context);
    case 'refunds:approve':
    case 'refunds:reject':
      if (!context.orchestrator) throw new Error(`${command.command} needs the workflows reached first`);
      return decideRefund(orm, command, context);
    case 'recon:import':
      if (!context.orchestrator) throw new Error(`${command.command} needs the workflows reached first`);
      return importSettlementReportCommand(orm, command, context);
    case 'recon:bank-import':
      if (!context.orchestrator) throw new Error(`${command.command} needs the workflows reached first`);
      return importBankStatementCommand(orm, command, context);
    case 'ledger:verify':
      return verifyLedgerCommand(em, command, context);
    case 'keys:collect':
      return collectKeyCommand(orm, command, context);
    case 'keys:status':
      return keysStatus(em, command, context);
    case 'keys:rotate':
      return keysRotate(em, command, context);
    case 'listen':
      if (!context.signal) throw new Error('listen needs a signal that stops it');
      return listening().listen(orm, command, {
        print: context.print,
        printError: context.printError ?? context.print,
        signal: context.signal,
      });
  }
}
