import {
  allHandlersFinished,
  condition,
  patched,
  proxyLocalActivities,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import { searchAttributes } from '../../../platform/temporal/search-attributes.js';
import type { bareActivities } from './activities.js';
import { callbackSignal, openUpdate } from './messages.js';

const local = proxyLocalActivities<typeof bareActivities>({ startToCloseTimeout: '10 seconds' });

/**
 * A payment's lifecycle with nothing of ours in it: started by the customer's click
 * (update-with-start), a local activity in that update, a signal from the gateway raced against the
 * checkout's deadline (a timer), a second local activity, the same search-attribute upserts and
 * version markers, and completion. What Temporal does for a payment, and no more.
 */
export async function bareLifecycleWorkflow(input: { expiresAt: string }): Promise<string> {
  let status = 'CREATED';
  const callbacks: string[] = [];
  const setStatus = (next: string) => {
    status = next;
    upsertSearchAttributes([{ key: searchAttributes.PaymentStatus, value: next }]);
  };
  setHandler(openUpdate, async () => {
    if (patched('bare-local-opening')) await local.nothing();
    setStatus('PENDING');
    return status;
  });
  setHandler(callbackSignal, (callbackId) => {
    callbacks.push(callbackId);
  });
  const called = await condition(() => callbacks.length > 0, Date.parse(input.expiresAt) - Date.now());
  if (patched('bare-one-step-settlement')) await local.nothing();
  setStatus(called ? 'SUCCEEDED' : 'EXPIRED');
  await condition(allHandlersFinished);
  return status;
}
