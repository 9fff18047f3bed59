import fc from 'fast-check';
import { can, ROLES } from '../../../domain/operators/permissions.js';
import {
  CONFIRMATION_OUTCOMES,
  CONFIRMER_ROLES,
  confirmationPlan,
  judgeConfirmation,
  type ConfirmationStage,
} from '../../../domain/refunds/refund-confirmation.js';

const STAGES: ConfirmationStage[] = ['NOT_AWAITING', 'AWAITING', 'CONFIRMING', 'CONFIRMED'];

const confirmation = fc.record({
  operator: fc.record({
    operatorId: fc.integer({ min: 1, max: 1000 }),
    email: fc.constant('finance@ops.example'),
    role: fc.constantFrom(...ROLES),
    ip: fc.constant(null),
  }),
  outcome: fc.constantFrom(...CONFIRMATION_OUTCOMES),
  gatewayRefundId: fc.option(fc.stringMatching(/^[0-9A-Z]{6,20}$/), { nil: null }),
  note: fc.string({ minLength: 1, maxLength: 50 }),
});

describe('confirming a refund the gateway cannot be asked about', () => {
  it('is accepted only while the refund waits, from a finance role, and an id only with SUCCEEDED', () => {
    fc.assert(
      fc.property(fc.constantFrom(...STAGES), confirmation, (stage, input) => {
        const refusal = judgeConfirmation(stage, input);
        const allowed =
          stage === 'AWAITING' &&
          CONFIRMER_ROLES.has(input.operator.role) &&
          !(input.outcome === 'FAILED' && input.gatewayRefundId !== null);
        expect(refusal === null).toBe(allowed);
        if (stage !== 'AWAITING') expect(refusal?.code).toBe('REFUND_NOT_AWAITING_CONFIRMATION');
      }),
    );
  });

  it('the confirmer roles are the refunds.confirm row of the permission table', () => {
    for (const role of ROLES) expect(CONFIRMER_ROLES.has(role)).toBe(can(role, 'refunds.confirm'));
  });

  it('an id from the panel hands the refund back to the gateway; otherwise the outcome given finishes it', () => {
    fc.assert(
      fc.property(confirmation, (input) => {
        const plan = confirmationPlan(input);
        if (input.outcome === 'SUCCEEDED' && input.gatewayRefundId !== null) {
          expect(plan).toEqual({ kind: 'ASK_GATEWAY', gatewayRefundId: input.gatewayRefundId });
        } else {
          expect(plan).toMatchObject({ kind: 'FINISH', outcome: input.outcome });
          // A failure says who decided it and why; a success needs no reason.
          if (input.outcome === 'FAILED') {
            expect(plan).toMatchObject({ reason: `Confirmed failed by finance: ${input.note}` });
          } else expect(plan).toMatchObject({ reason: null });
        }
      }),
    );
  });
});
