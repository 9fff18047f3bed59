import type { RequestListener, ServerResponse } from 'node:http';

/**
 * A simulator's answers wait for its state to be on disk: the checkpoint runs before the answer's
 * first byte leaves (its first write, or its end), after the handler made its changes, and again
 * at the end for an answer written in parts. When a checkpoint fails the connection is dropped
 * unanswered, so nobody is told of a change the simulator could forget (the caller sees a network
 * error and asks again, as it would of a real gateway that crashed mid-request).
 */
export function checkpointBeforeReply(
  handler: RequestListener,
  checkpoint: () => void,
  name: string,
): RequestListener {
  return (req, res) => {
    const { write, end } = res;
    const saved = (): boolean => {
      try {
        checkpoint();
        return true;
      } catch (error) {
        console.error(`${name} simulator: state not saved, answer withheld`, error);
        res.destroy();
        return false;
      }
    };
    res.write = function writeAfterCheckpoint(this: ServerResponse, ...args: unknown[]) {
      res.write = write;
      if (!saved()) return false;
      return (write as (...rest: unknown[]) => boolean).apply(this, args);
    } as ServerResponse['write'];
    res.end = function endAfterCheckpoint(this: ServerResponse, ...args: unknown[]) {
      res.end = end;
      res.write = write;
      if (!saved()) return res;
      return (end as (...rest: unknown[]) => ServerResponse).apply(this, args);
    } as ServerResponse['end'];
    handler(req, res);
  };
}
