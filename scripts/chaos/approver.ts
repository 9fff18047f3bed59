import { sleep } from '../bench/processes.js';
import { signInOperator, type OperatorSession } from '../operator-session.js';

/**
 * A finance operator at the dashboard's JSON API through the faults: sets the app's TEST refund
 * policy so larger refunds wait for an approver, then approves every refund of the app that waits,
 * signing in again after a restart lost nothing but the connection, stepping up when an approval
 * asks for the password again, and trying again whatever the API answered while it was away. The
 * refund's workflow applies each decision once: a decision that reached it before the API died is
 * not repeated, and one that did not is made again, because the refund still waits.
 */
export interface ApproverOptions {
  apiUrl: string;
  appId: number;
  email: string;
  password: string;
  /** Refunds of the app above this wait for an approver (BDT, minor units). */
  thresholdMinor: number;
  /** Told of each new kind of problem as it happens (an outage shows as a few lines, not hundreds). */
  log: (line: string) => void;
}

export interface ApproverResult {
  /** Approvals the API answered 200 for. */
  approved: number;
  /** Approvals answered with a refusal no retry changes (the refund was decided meanwhile). */
  settledElsewhere: number;
  /** Sign-ins, the first included: a session survives restarts, so this stays small. */
  signIns: number;
  stepUps: number;
  /** Calls that found the API down, restarting or without its database; tried again. */
  unanswered: number;
  /** What the last unanswered call met, for the run's log. */
  lastProblem: string | null;
}

const timeout = () => AbortSignal.timeout(30_000);

export class ChaosApprover {
  readonly result: ApproverResult = {
    approved: 0,
    settledElsewhere: 0,
    signIns: 0,
    stepUps: 0,
    unanswered: 0,
    lastProblem: null,
  };
  private session: OperatorSession | null = null;
  private running = false;
  private loop: Promise<void> | null = null;
  private lastKind: string | null = null;

  constructor(private readonly options: ApproverOptions) {}

  /** Signs in and tightens the policy (applies at once: only relaxing a control waits for a second ADMIN). */
  async setPolicy(): Promise<void> {
    const body = { rule: 'ABOVE_AMOUNT', thresholdMinor: this.options.thresholdMinor, currency: 'BDT' };
    const path = `/api/v1/admin/apps/${this.options.appId}/refund-approval/TEST`;
    await this.stepUp();
    const answer = await this.call('PUT', path, body);
    if (answer.status !== 200) throw new Error(`refund policy not set: ${answer.status} ${answer.text}`);
  }

  start(): void {
    this.running = true;
    this.loop = this.approveWhileRunning();
  }

  async stop(): Promise<ApproverResult> {
    this.running = false;
    await this.loop;
    return this.result;
  }

  private async approveWhileRunning(): Promise<void> {
    while (this.running) {
      try {
        const waiting = await this.waiting();
        this.lastKind = null;
        for (const reference of waiting) await this.approve(reference);
      } catch (error) {
        this.unanswered(String(error));
      }
      await sleep(2_000);
    }
  }

  private unanswered(problem: string): void {
    this.result.unanswered += 1;
    const kind = problem
      .replace(/rf_[0-9a-z]+/g, 'rf_…')
      .replace(/"requestId":"[^"]*"|"timestamp":"[^"]*"/g, '');
    if (kind !== this.lastKind) this.options.log(`approver: ${problem}`);
    this.lastKind = kind;
    this.result.lastProblem = problem;
  }

  private async waiting(): Promise<string[]> {
    const listed = await this.call(
      'GET',
      `/api/v1/admin/refunds?status=PENDING_APPROVAL&appId=${this.options.appId}&size=100`,
    );
    if (listed.status !== 200) throw new Error(`the list answered ${listed.status}: ${listed.text}`);
    const items = (listed.json as { data: { items: Array<{ reference: string }> } }).data.items;
    return items.map((item) => item.reference);
  }

  private async approve(reference: string): Promise<void> {
    const path = `/api/v1/admin/refunds/${reference}/approve`;
    let answer = await this.call('POST', path, { comment: 'chaos: approved by finance' });
    if (errorCodeOf(answer.json) === 'STEP_UP_REQUIRED') {
      await this.stepUp();
      answer = await this.call('POST', path, { comment: 'chaos: approved by finance' });
    }
    if (answer.status === 200) this.result.approved += 1;
    else if (answer.status === 409 || answer.status === 422) this.result.settledElsewhere += 1;
    // Anything else (5xx, a connection the balancer lost): the refund still waits, next round.
    else this.unanswered(`approving ${reference} answered ${answer.status}: ${answer.text}`);
  }

  private async stepUp(): Promise<void> {
    const answer = await this.call('POST', '/api/v1/admin/session/step-up', {
      password: this.options.password,
    });
    if (answer.status !== 200) throw new Error(`step-up answered ${answer.status}`);
    this.result.stepUps += 1;
  }

  private async signIn(): Promise<OperatorSession> {
    const session = await signInOperator(this.options.apiUrl, this.options);
    this.result.signIns += 1;
    return session;
  }

  /** One call as the signed-in operator; a 401 (the session ended) signs in once more. */
  private async call(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; json: unknown; text: string }> {
    for (let attempt = 0; ; attempt++) {
      this.session ??= await this.signIn();
      const response = await fetch(`${this.options.apiUrl}${path}`, {
        method,
        headers: {
          cookie: this.session.cookie,
          ...(method !== 'GET' && { 'x-csrf-token': this.session.csrfToken }),
          ...(body !== undefined && { 'content-type': 'application/json' }),
        },
        ...(body !== undefined && { body: JSON.stringify(body) }),
        signal: timeout(),
      });
      const text = await response.text();
      if (response.status === 401 && attempt === 0) {
        this.session = null;
        continue;
      }
      let json: unknown = null;
      try {
        json = JSON.parse(text);
      } catch {
        // an HTML error page from a process going down
      }
      return { status: response.status, json, text: text.slice(0, 300) };
    }
  }
}

const errorCodeOf = (json: unknown): string | null =>
  (json as { meta?: { errorCode?: string } } | null)?.meta?.errorCode ?? null;
