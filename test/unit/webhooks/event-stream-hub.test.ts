import { createEventStreamHub } from '../../../api/webhooks/event-stream-hub.js';

describe('the event stream hub', () => {
  it('admits a bounded number of streams per app, and frees a place on release', () => {
    const hub = createEventStreamHub(2);
    const first = hub.open(1, () => {});
    expect(hub.open(1, () => {})).not.toBeNull();
    expect(hub.open(1, () => {})).toBeNull();
    // Another app has places of its own.
    expect(hub.open(2, () => {})).not.toBeNull();
    first!.release();
    expect(hub.open(1, () => {})).not.toBeNull();
    expect(hub.size).toBe(3);
  });

  it('ends every stream at shutdown and admits no new one', () => {
    const hub = createEventStreamHub();
    const ended: number[] = [];
    hub.open(1, () => ended.push(1));
    hub.open(2, () => ended.push(2));
    hub.closeAll();
    expect(ended.sort()).toEqual([1, 2]);
    expect(hub.open(3, () => {})).toBeNull();
  });
});
