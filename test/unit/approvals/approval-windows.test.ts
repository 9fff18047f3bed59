import {
  APPROVAL_WINDOW_MS,
  COLLECTION_WINDOW_MS,
  judgeWindow,
  type WindowFacts,
} from '../../../domain/approvals/approval-windows.js';

const since = new Date('2026-11-01T00:00:00Z');
const waiting = (waitingFor: 'DECISION' | 'COLLECTION'): WindowFacts => ({
  open: true,
  since,
  waitingFor,
  status: waitingFor === 'DECISION' ? 'PENDING' : 'APPROVED',
});

describe('approval windows', () => {
  it('an act waiting for a decision is open until its window ends, and lapsed from that instant', () => {
    const closesAtMs = since.getTime() + APPROVAL_WINDOW_MS;
    expect(judgeWindow(waiting('DECISION'), closesAtMs - 1)).toEqual({ kind: 'OPEN', closesAtMs });
    expect(judgeWindow(waiting('DECISION'), closesAtMs)).toEqual({ kind: 'LAPSED' });
  });

  it('an approved key waits for its collection from its approval', () => {
    const closesAtMs = since.getTime() + COLLECTION_WINDOW_MS;
    expect(judgeWindow(waiting('COLLECTION'), closesAtMs - 1)).toEqual({ kind: 'OPEN', closesAtMs });
    expect(judgeWindow(waiting('COLLECTION'), closesAtMs + 1)).toEqual({ kind: 'LAPSED' });
  });

  it('a decided act is closed as it was decided, however old', () => {
    const decided: WindowFacts = { open: false, since: null, waitingFor: null, status: 'APPROVED' };
    expect(judgeWindow(decided, since.getTime() + 10 * APPROVAL_WINDOW_MS)).toEqual({
      kind: 'CLOSED',
      status: 'APPROVED',
    });
  });
});
