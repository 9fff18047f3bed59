import type { EntityManager } from '@mikro-orm/postgresql';
import { workflowIds } from '../../../domain/shared/workflow-ids.js';
import { resolveExceptionUpdate } from '../../../workflows/reconciliation/messages.js';
import { candidateOf, importLines, matchedWithOneException } from '../../helpers/reconciliation.js';
import { scratchDatabase } from '../../helpers/scratch-database.js';
import { uniqueSettlementDay } from '../../helpers/settlement-days.js';
import { startStack, type Stack } from '../../helpers/stack.js';

/**
 * Reconciliation evidence and its clearing are two people's work, through the admin HTTP API on
 * the whole stack: an adjustment beyond the rounding tolerance waits for a second FINANCE or ADMIN
 * operator, who is neither its proposer nor the uploader of the report it came from, and it posts
 * once, when the approval is recorded. TEST days here take the same rounding tolerance a LIVE day
 * takes by default (1.00 BDT).
 */

const GATEWAY = 'sslcommerz';
const day = () => uniqueSettlementDay(1994);

type Session = Awaited<ReturnType<Stack['adminLogin']>>;

/** The entries posted for an exception (its ADJUSTMENT or FEE_ADJUSTMENT), and for its line. */
async function entriesFor(em: EntityManager, sources: string[]) {
  return em.execute<Array<{ kind: string; source_id: string }>>(
    `select kind, source_id from journal_entries where source_id in (select jsonb_array_elements_text(?::jsonb))
      order by id`,
    [JSON.stringify(sources)],
  );
}

describe('a second operator on reconciliation adjustments', () => {
  let stack: Stack;
  let scratch: Awaited<ReturnType<typeof scratchDatabase>>;
  const people: Record<'uploader' | 'proposer' | 'approver', { id: number; session: Session }> = {} as never;

  beforeAll(async () => {
    scratch = await scratchDatabase();
    stack = await startStack({
      databaseUrl: scratch.url,
      configOverrides: { RECON_TEST_ROUNDING_TOLERANCE_MINOR: 'BDT:100,1' },
    });
    for (const [name, role] of [
      ['uploader', 'FINANCE'],
      ['proposer', 'FINANCE'],
      ['approver', 'ADMIN'],
    ] as const) {
      const operator = await stack.createOperator(role);
      people[name] = { id: operator.id, session: await stack.adminLogin(operator.email, operator.password) };
    }
  }, 90_000);
  afterAll(async () => {
    await stack?.close();
    await scratch?.drop();
  });

  /** A paid payment and a report line for it, `shortBy` minor units short, uploaded by `uploader`. */
  async function shortLine(shortBy: number) {
    const app = await stack.registerApp();
    const paid = await candidateOf(stack, (await stack.paidPayment(app.test)).reference);
    const date = day();
    const [line] = await importLines(
      stack.em(),
      date,
      [
        {
          gatewayTransactionId: paid.gatewayTransactionId!,
          reference: null,
          grossMinor: paid.amountMinor - shortBy,
          feeMinor: paid.feeBookedMinor,
        },
      ],
      { importedBy: people.uploader.id },
    );
    const exception = await matchedWithOneException(stack, date, GATEWAY);
    expect(exception.kind).toBe('AMOUNT_MISMATCH');
    return { date, reference: exception.reference, lineKey: line!.lineKey };
  }

  const resolve = (session: Session, reference: string, body: object) =>
    session.call('POST', `/api/v1/admin/reconciliation/exceptions/${reference}/resolve`, { body });
  const approve = (session: Session, reference: string, note = 'checked against the bank') =>
    session.call('POST', `/api/v1/admin/reconciliation/exceptions/${reference}/approve`, { body: { note } });

  it('an adjustment beyond the tolerance waits: neither its proposer nor the uploader approves it; a second operator does, and it posts once', async () => {
    const { date, reference, lineKey } = await shortLine(1_000);
    const proposed = await resolve(people.proposer.session, reference, {
      action: 'POST_ADJUSTMENT',
      note: 'the gateway kept 10.00 it owes us',
    });
    expect(proposed.status).toBe(202);
    expect(proposed.body.data).toMatchObject({
      status: 'OPEN',
      action: null,
      proposal: { action: 'POST_ADJUSTMENT', postingMinor: -1_000, approvedBy: null },
    });
    expect(await entriesFor(stack.em(), [reference, lineKey])).toEqual([]);

    // The proposer cannot approve their own proposal, nor can whoever uploaded the report.
    for (const who of [people.proposer, people.uploader]) {
      const refused = await approve(who.session, reference);
      expect([refused.status, refused.body.meta.errorCode]).toEqual([403, 'RECON_SECOND_OPERATOR_REQUIRED']);
    }
    // Nor does a second proposal slip past the first.
    const another = await resolve(people.uploader.session, reference, {
      action: 'POST_ADJUSTMENT',
      note: 'mine',
    });
    expect([another.status, another.body.meta.errorCode]).toEqual([409, 'RECON_PROPOSAL_PENDING']);
    expect(await entriesFor(stack.em(), [reference, lineKey])).toEqual([]);

    const approved = await approve(people.approver.session, reference);
    expect(approved.status).toBe(200);
    expect(approved.body.data).toMatchObject({
      status: 'RESOLVED',
      action: 'POST_ADJUSTMENT',
      proposal: null,
    });
    // A retry after a lost answer posts nothing twice.
    const again = await approve(people.approver.session, reference);
    expect(again.status).toBe(200);
    expect(again.body.data).toMatchObject({ status: 'RESOLVED', action: 'POST_ADJUSTMENT' });
    expect((await entriesFor(stack.em(), [reference, lineKey])).map((e) => e.kind).sort()).toEqual([
      'ADJUSTMENT',
      'SETTLEMENT',
    ]);
    const [audit] = await stack
      .em()
      .execute<Array<{ actor_label: string; after: Record<string, unknown> }>>(
        `select actor_label, after from audit_log where action = 'reconciliation.exception_resolved' and target_id = ?`,
        [reference],
      );
    expect(audit!.after).toMatchObject({
      postingMinor: -1_000,
      approvedBy: expect.stringContaining('admin-'),
    });
    const trail = await stack
      .em()
      .execute<Array<{ action: string; actor_id: string }>>(
        `select action, actor_id from audit_log where target_id = ? order by id`,
        [reference],
      );
    expect(trail).toEqual([
      { action: 'reconciliation.adjustment_proposed', actor_id: String(people.proposer.id) },
      { action: 'reconciliation.adjustment_approved', actor_id: String(people.approver.id) },
      { action: 'reconciliation.exception_resolved', actor_id: String(people.proposer.id) },
    ]);
    expect(
      await stack.client.workflow.getHandle(workflowIds.reconciliation(GATEWAY, 'TEST', date)).result(),
    ).toEqual({ status: 'CLOSED' });
  }, 180_000);

  it('within the tolerance an operator posts at once, but never on a report they uploaded', async () => {
    const mine = await shortLine(50);
    const byUploader = await resolve(people.uploader.session, mine.reference, {
      action: 'POST_ADJUSTMENT',
      note: 'rounding',
    });
    expect(byUploader.status).toBe(202);
    expect(byUploader.body.data.proposal).toMatchObject({ postingMinor: -50 });
    expect(await entriesFor(stack.em(), [mine.reference, mine.lineKey])).toEqual([]);

    const theirs = await shortLine(50);
    const byAnother = await resolve(people.proposer.session, theirs.reference, {
      action: 'POST_ADJUSTMENT',
      note: 'rounding',
    });
    expect(byAnother.status).toBe(200);
    expect(byAnother.body.data).toMatchObject({
      status: 'RESOLVED',
      action: 'POST_ADJUSTMENT',
      proposal: null,
    });
    expect(
      (await entriesFor(stack.em(), [theirs.reference, theirs.lineKey])).map((e) => e.kind).sort(),
    ).toEqual(['ADJUSTMENT', 'SETTLEMENT']);
  }, 180_000);

  it("a message to the day's workflow naming a proposal posts nothing until a second operator's approval is recorded", async () => {
    const { date, reference, lineKey } = await shortLine(2_000);
    const proposed = await resolve(people.proposer.session, reference, {
      action: 'POST_ADJUSTMENT',
      note: 'the gateway kept 20.00',
    });
    expect(proposed.status).toBe(202);
    const handle = stack.client.workflow.getHandle(workflowIds.reconciliation(GATEWAY, 'TEST', date));
    await expect(
      handle.executeUpdate(resolveExceptionUpdate, {
        args: [
          {
            exceptionReference: reference,
            action: 'POST_ADJUSTMENT',
            note: 'forged',
            decisionId: proposed.body.data.proposal.id,
          },
        ],
      }),
    ).rejects.toThrow();
    expect(await entriesFor(stack.em(), [reference, lineKey])).toEqual([]);
    const [decision] = await stack
      .em()
      .execute<Array<{ status: string }>>(`select status from recon_decisions where id = ?`, [
        proposed.body.data.proposal.id,
      ]);
    expect(decision!.status).toBe('PROPOSED');
  }, 180_000);
});
