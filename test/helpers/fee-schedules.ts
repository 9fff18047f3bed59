import type { Stack } from './stack.js';

export interface FeeScheduleInput {
  gateway: string;
  mode: 'TEST' | 'LIVE';
  currency: string;
  method?: string | null;
  percentBasisPoints: number;
  fixedMinor: number;
}

/**
 * Sets a gateway fee schedule as a FINANCE operator does through the admin API (signed in, stepped
 * up). Answers the schedule and a way to remove it again.
 */
export async function setFeeScheduleAsFinance(stack: Stack, input: FeeScheduleInput) {
  const operator = await stack.createOperator('FINANCE');
  const session = await stack.adminLogin(operator.email, operator.password);
  const stepped = await session.stepUp();
  if (stepped.status !== 200) throw new Error(`step-up failed: ${JSON.stringify(stepped.body)}`);
  const response = await session.call('PUT', '/api/v1/admin/fee-schedules', { body: input });
  if (response.status !== 200 && response.status !== 201)
    throw new Error(`fee schedule refused: ${response.status} ${JSON.stringify(response.body)}`);
  const schedule = response.body.data as { id: number; rate: string };
  return {
    schedule,
    remove: () => session.call('DELETE', `/api/v1/admin/fee-schedules/${schedule.id}`),
  };
}
