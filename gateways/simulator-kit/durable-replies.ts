import type { RequestListener, ServerResponse } from 'node:http';

/**
 * A simulator's answers wait for its state to be on disk: the checkpoint runs as the answer is
 * ended, after the handler made its changes and before a byte of the answer leaves. When the
 * checkpoint fails the connection is dropped unanswered, so nobody is told of a change the
 * simulator could forget (the caller sees a network error and asks again, as it would of a real
 * gateway that crashed mid-request).
 */
export function checkpointBeforeReply(
  handler: RequestListener,
  checkpoint: () => void,
  name: string,
): RequestListener {
  return (req, res) => {
    const end = res.end;
    res.end = function endAfterCheckpoint(this: ServerResponse, ...args: unknown[]) {
      res.end = end;
      try {
        checkpoint();
      } catch (error) {
        console.error(`${name} simulator: state not saved, answer withheld`, error);
        res.destroy();
        return res;
      }
      return (end as (...rest: unknown[]) => ServerResponse).apply(this, args);
    } as ServerResponse['end'];
    handler(req, res);
  };
}
