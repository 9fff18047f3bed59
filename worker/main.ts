import { relaunchWithBoundedHeap } from './bounded-heap.js';

/**
 * `npm run start:worker`: the worker, in a process with a bounded heap (worker/bounded-heap.ts).
 * Nothing else loads here: when this process only relays to the bounded one, it stays small.
 */
if (!relaunchWithBoundedHeap(__filename)) {
  // Loaded only now, and with require: scripts/start.cjs runs the sources through tsx's CommonJS
  // hook, which a dynamic import() would bypass.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('./worker-process.js');
}
