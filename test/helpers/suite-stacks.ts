import {
  startStack,
  startWebhookReceiver,
  type Credentials,
  type Stack,
  type StackOptions,
} from './stack.js';

/**
 * The stacks most suites start once for all their tests: with an app's TEST credentials, or with
 * a webhook receiver for their apps' endpoints.
 */

export type WebhookReceiver = Awaited<ReturnType<typeof startWebhookReceiver>>;

/** A stack and a newly registered app's TEST credentials on it. */
export async function startStackWithApp(
  options?: StackOptions,
): Promise<{ stack: Stack; creds: Credentials }> {
  const stack = await startStack(options);
  return { stack, creds: (await stack.registerApp()).test };
}

/** A stack and a webhook receiver; `close` stops both. */
export async function startStackWithReceiver(options?: StackOptions) {
  const stack = await startStack(options);
  const receiver = await startWebhookReceiver();
  return {
    stack,
    receiver,
    async close() {
      await receiver.close();
      await stack.close();
    },
  };
}
