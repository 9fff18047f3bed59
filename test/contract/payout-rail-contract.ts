import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PAYOUT_BENEFICIARY_TYPES } from '../../domain/payouts/beneficiary.js';
import { randomToken } from '../../domain/shared/ids.js';
import type { PayoutRailModule } from '../../gateways/payouts/rail-module.js';
import { RailError } from '../../gateways/payouts/rail.js';
import type {
  Beneficiary,
  BeneficiaryType,
  PayoutRail,
  PayoutTransfer,
  RailTransferResult,
} from '../../gateways/payouts/rail.js';
import { createPayoutRailRegistry } from '../../gateways/payouts/registry.js';
import { createSimulatorHost, simulatorUrl } from '../../gateways/simulator-kit/host.js';
import { close, listen } from '../helpers/local-server.js';

/**
 * The contract every payout rail keeps, run against its own simulator over real HTTP: the rail's
 * client (built from its module as the payout core's registry builds it, from the settings the
 * simulator host hands the service) checks beneficiaries, sends, finds and reads the balance, and
 * the simulator's own ledger says what really moved. Whatever goes wrong on the way (a lost
 * answer, a timeout, an outage, a short balance, a refusal), a reference is paid at most once,
 * `find` tells the truth afterwards, and no error carries a secret.
 *
 * Each rail gives a small driver (its folder's contract-driver.ts): the beneficiaries its
 * simulator pays or refuses, how to read the simulator's ledger and balance, and how to arm each
 * fault. A scenario the rail cannot have is `{ notApplicable: 'because…' }`: the suite shows it
 * as a skipped test whose name gives the reason, never silently. Each suite runs its own simulator
 * host on a port of its own (port 0) over a data directory of its own, reset before every test;
 * it needs no database.
 */

/** A scenario the rail cannot have, and why. */
export interface NotApplicable {
  notApplicable: string;
}

export type Entry<T> = T | NotApplicable;

export function isNotApplicable(entry: unknown): entry is NotApplicable {
  return typeof entry === 'object' && entry !== null && 'notApplicable' in entry;
}

/** The rail's simulator, its settings and its client, for one suite. */
export interface RailHarness {
  /** The simulator's base URL on the host, its mount's prefix included. */
  url: string;
  /** The settings the simulator host hands the service for TEST, with the driver's own. */
  env: Record<string, string>;
  /** The rail as the payout core builds it from `env`. */
  rail: PayoutRail;
  /** Another rail over `env` with `settings` changed (a short timeout). */
  railWith(settings: Record<string, string>): PayoutRail;
  /** A rail over other credentials than the simulator's (`wrongCredentials`). */
  railWithCredentials(credentials: Record<string, string>): PayoutRail;
  /** The TEST credentials the simulator's settings give, as the module reads them. */
  credentials: Record<string, string>;
  /** The simulator's control API (`/__simulator/...`): JSON in and out; throws on an answer over 299. */
  control<T = any>(method: string, route: string, body?: unknown): Promise<T>;
  /** The same, answering the status with the JSON whatever it is (a 404 for a transfer it never made). */
  request<T = any>(method: string, route: string, body?: unknown): Promise<{ status: number; body: T }>;
  /** A new payout reference, as the payout core makes them (`po_…`). */
  reference(): string;
  close(): Promise<void>;
}

/** A beneficiary the simulator knows in a given way (it may have to be told first). */
export type BeneficiaryMaker = (h: RailHarness) => Promise<Beneficiary>;

export interface BeneficiaryChecks {
  /** One the rail's check says exists and may receive, under the name the app gave. */
  verified: BeneficiaryMaker;
  /** One the rail holds no account for. */
  notFound: BeneficiaryMaker;
  /** One whose account is blocked or frozen. */
  blocked: Entry<BeneficiaryMaker>;
  /** One the rail knows under another name than the app gave. */
  nameMismatch: Entry<BeneficiaryMaker>;
}

export interface FaultOnReference {
  /** Arms the fault for the transfer under `reference` (or for every call, when the simulator cannot key it). */
  arm(h: RailHarness, reference: string): Promise<void>;
}

export interface Timeout {
  /** The setting holding the client's timeout in milliseconds; the scenario sets it to 1,000. */
  setting: string;
  /** Makes the simulator pay the transfer under `reference`, then hold its answer `delayMs`. */
  arm(h: RailHarness, reference: string, delayMs: number): Promise<void>;
}

export interface Outage {
  /** Takes the rail away: the transfer under `reference` cannot reach it, and nothing is paid. */
  arm(h: RailHarness, reference: string): Promise<void>;
  /** Brings it back. */
  end(h: RailHarness): Promise<void>;
}

export interface ShortBalance {
  /** The disbursement account holds too little for the transfer under `reference`. */
  arm(h: RailHarness, reference: string): Promise<void>;
  /** Finance tops it up (or the fault is lifted): the same reference may then be paid. */
  lift(h: RailHarness): Promise<void>;
}

export interface Rejection {
  /**
   * Makes the rail refuse the transfer under `reference` for a reason of the transfer's own (a
   * blocked wallet, an account the receiving bank does not have); answers what the transfer must
   * carry for it (the beneficiary, a method).
   */
  arm(h: RailHarness, reference: string): Promise<Partial<PayoutTransfer>>;
  /** Our stable reasonCode the rail answers it with. */
  reasonCode: string;
}

export interface PayoutRailDriver<C = unknown> {
  /** The rail's module, as gateways/payouts/registry.ts lists it (or would). */
  module: PayoutRailModule<C>;
  /** Settings beside the simulator host's (a whitelisted client address). */
  settings?: Record<string, string>;
  /** Readies the simulator host's data directory before it starts (keys shared between suites). */
  prepareDataDir?(dataDir: string): void;
  /** An amount the simulator pays to `payee`, within the rail's limits. */
  amountMinor: number;
  /** A beneficiary the simulator pays, a new one on each call (so no per-beneficiary limit is met). */
  payee: BeneficiaryMaker;
  /** The payment's other fields a transfer carries on this rail (a bank transfer's method). */
  transfer?: Partial<PayoutTransfer>;
  /** How many times the simulator's own ledger paid (debited the account for) `reference`. */
  timesPaid(h: RailHarness, reference: string): Promise<number>;
  /** The disbursement account's available balance, as the simulator's own ledger holds it. */
  balanceMinor(h: RailHarness): Promise<number>;
  /** Forgets every transfer, fault and outage (default: POST /__simulator/reset). */
  reset?(h: RailHarness): Promise<void>;
  /**
   * FILE rails: what makes a taken transfer's outcome final at the simulator (the next clearing
   * session). An INSTANT rail's is not applicable.
   */
  settle: Entry<(h: RailHarness) => Promise<void>>;
  /** Beneficiaries for each of the check's answers; not applicable when describe() offers no check. */
  beneficiaryCheck: Entry<BeneficiaryChecks>;
  /** The transfer is paid, and its answer never reaches the client (a 504, a dropped connection). */
  lostAnswer: Entry<FaultOnReference>;
  timeout: Entry<Timeout>;
  outage: Entry<Outage>;
  shortBalance: Entry<ShortBalance>;
  rejection: Entry<Rejection>;
  /** The credential fields that are secrets, which no error may carry, and how to get them wrong. */
  secrets: {
    fields: readonly string[];
    /**
     * The credentials with the secrets wrong but well formed, so the rail is still built and the
     * simulator refuses it (default: each secret field replaced by a random word).
     */
    wrongCredentials?(credentials: Record<string, string>): Record<string, string>;
  };
}

/** One rail's simulator on a host of its own, on a free port, over a data directory of its own. */
export async function startRailHarness<C>(driver: PayoutRailDriver<C>): Promise<RailHarness> {
  const module = driver.module as unknown as PayoutRailModule<never>;
  const dataDir = mkdtempSync(path.join(tmpdir(), `oipay-rail-${module.name}-`));
  driver.prepareDataDir?.(dataDir);
  let handler: Parameters<typeof listen>[0] = (_req, res) => res.end();
  const hosted = await listen((req, res) => handler(req, res));
  const host = createSimulatorHost({
    baseUrl: hosted.url,
    serviceUrl: hosted.url,
    dataDir,
    mounts: [module.simulator()],
  });
  handler = host.handler;
  const env = { ...host.serviceEnvironment({}), ...driver.settings };
  const url = simulatorUrl(hosted.url, module.simulator());

  const railOver = (settings: Record<string, string>): PayoutRail => {
    const rail = createPayoutRailRegistry(settings, [module]).rail(module.name, 'TEST');
    if (!rail) throw new Error(`the ${module.name} simulator's settings do not configure the rail for TEST`);
    return rail;
  };
  const request = async <T>(method: string, route: string, body?: unknown) => {
    const response = await fetch(`${url}${route}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
  };
  const credentials = module.fromEnvironment(env, 'TEST');
  if (!credentials) throw new Error(`the ${module.name} simulator gives no TEST credentials`);

  return {
    url,
    env,
    rail: railOver(env),
    railWith: (settings) => railOver({ ...env, ...settings }),
    railWithCredentials(other) {
      const parsed = module.credentials.safeParse(other);
      if (!parsed.success) throw new Error(`the wrong ${module.name} credentials are not well formed`);
      return module.create({ credentials: parsed.data, mode: 'TEST', env });
    },
    credentials,
    control: async <T = any>(method: string, route: string, body?: unknown): Promise<T> => {
      const answer = await request<T>(method, route, body);
      if (answer.status > 299) {
        throw new Error(
          `${module.name} simulator ${method} ${route}: ${answer.status} ${JSON.stringify(answer.body)}`,
        );
      }
      return answer.body;
    },
    request,
    reference: () => `po_${randomToken(20)}`,
    async close() {
      host.close();
      await close(hosted.server);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A beneficiary of each type, as an app would send it: for a rail to refuse the types it does not pay. */
const SAMPLE_BENEFICIARIES: Record<BeneficiaryType, Beneficiary> = {
  BKASH_WALLET: { type: 'BKASH_WALLET', walletNumber: '01712345678', name: null },
  NAGAD_WALLET: { type: 'NAGAD_WALLET', walletNumber: '01812345678', name: null },
  BANK_ACCOUNT: {
    type: 'BANK_ACCOUNT',
    accountNumber: '1001001001',
    accountName: 'Rahima Khatun',
    routingNumber: '010261234',
    bankName: null,
  },
};

/** How long one scenario may take: generous, for a loaded machine; nothing is timed against it. */
const SCENARIO_TIMEOUT_MS = 60_000;
/** The timeout scenario's client gives up after this long; the simulator answers five times later. */
const IMPATIENT_TIMEOUT_MS = 1_000;

/** A reason code as ours are written: capitals, digits and underscores. */
const REASON_CODE = /^[A-Z][A-Z0-9_]*$/;

/** Pieces of a secret to look for: the whole, and for a long one (a PEM) a stretch of its middle. */
function secretFragments(values: readonly string[]): string[] {
  return values.flatMap((value) => {
    const middle = Math.floor(value.length / 2);
    return value.length > 48 ? [value, value.slice(middle - 12, middle + 12)] : [value];
  });
}

export function describePayoutRailContract<C>(driver: PayoutRailDriver<C>): void {
  const module = driver.module;
  const description = module.description;
  const instant = description.delivery === 'INSTANT';

  describe(`payout rail contract: ${description.displayName}`, () => {
    let h: RailHarness;
    let secrets: string[] = [];

    beforeAll(async () => {
      h = await startRailHarness(driver);
      secrets = secretFragments(driver.secrets.fields.map((field) => h.credentials[field] ?? ''));
    }, SCENARIO_TIMEOUT_MS);

    afterAll(async () => {
      await h?.close();
    });

    beforeEach(async () => {
      if (driver.reset) await driver.reset(h);
      else await h.control('POST', '/__simulator/reset');
    });

    /** The RailError `work` throws, with `code`; neither its message nor its details carry a secret. */
    async function railError(work: Promise<unknown>, code: RailError['code']): Promise<RailError> {
      const caught = await work.then(
        (value: unknown) => ({ value }),
        (error: unknown) => ({ error }),
      );
      if (!('error' in caught)) {
        throw new Error(`expected RailError ${code}, the rail answered ${JSON.stringify(caught.value)}`);
      }
      expect(caught.error).toBeInstanceOf(RailError);
      const error = caught.error as RailError;
      expect({ code: error.code, message: error.message }).toEqual({ code, message: expect.any(String) });
      expectNoSecret(error);
      return error;
    }

    function expectNoSecret(error: RailError, others: readonly string[] = []): void {
      const said = `${error.message} ${JSON.stringify(error.details ?? {})}`;
      for (const secret of [...secrets, ...secretFragments(others)]) {
        if (secret !== '') expect(said).not.toContain(secret);
      }
    }

    const transferTo = (
      beneficiary: Beneficiary,
      reference = h.reference(),
      overrides: Partial<PayoutTransfer> = {},
    ): PayoutTransfer => ({
      reference,
      amountMinor: driver.amountMinor,
      currency: 'BDT',
      beneficiary,
      narrative: 'Contract payout',
      ...driver.transfer,
      ...overrides,
    });

    /** The transfer's outcome once final: a FILE rail's after the simulator settles it. */
    async function finalOutcome(reference: string): Promise<RailTransferResult> {
      if (!isNotApplicable(driver.settle)) await driver.settle(h);
      return h.rail.find(reference);
    }

    /** What `send` answers for a transfer the rail took: final on an INSTANT rail, or not yet on a FILE rail. */
    function expectTaken(result: RailTransferResult): void {
      if (instant) expect(result).toMatchObject({ status: 'SUCCEEDED', reasonCode: null });
      else expect(['PROCESSING', 'SUCCEEDED']).toContain(result.status);
    }

    /** Paid once, as the simulator's ledger says, and found SUCCEEDED (after settling a FILE rail's). */
    async function expectPaidOnce(reference: string, sent: RailTransferResult | null = null) {
      const final = await finalOutcome(reference);
      expect(final).toMatchObject({ status: 'SUCCEEDED', reasonCode: null });
      expect(final.railTransferId).toEqual(expect.any(String));
      if (sent?.railTransferId) expect(final.railTransferId).toBe(sent.railTransferId);
      expect(await driver.timesPaid(h, reference)).toBe(1);
      return final;
    }

    /** Nothing was paid under `reference`, and the rail says so (or says it failed). */
    async function expectNothingPaid(reference: string) {
      expect(await driver.timesPaid(h, reference)).toBe(0);
      expect(['NOT_FOUND', 'FAILED']).toContain((await h.rail.find(reference)).status);
    }

    /** A test, or its visible skip naming why the rail cannot have it. */
    function scenario<T>(title: string, entry: Entry<T>, run: (value: T) => Promise<void>): void {
      if (isNotApplicable(entry)) {
        it.skip(`${title} — not applicable: ${entry.notApplicable}`, () => undefined);
      } else {
        it(title, () => run(entry), SCENARIO_TIMEOUT_MS);
      }
    }

    describe('describe()', () => {
      it('is the module description, with a name, beneficiary types, limits and a delivery that agree', () => {
        const described = h.rail.describe();
        expect(described).toEqual(description);
        expect(described.name).toBe(module.name);
        expect(described.displayName.trim()).not.toBe('');
        expect(described.beneficiaryTypes.length).toBeGreaterThan(0);
        for (const type of described.beneficiaryTypes) expect(PAYOUT_BENEFICIARY_TYPES).toContain(type);
        expect(new Set(described.beneficiaryTypes).size).toBe(described.beneficiaryTypes.length);
        expect(Number.isSafeInteger(described.minAmountMinor)).toBe(true);
        expect(Number.isSafeInteger(described.maxAmountMinor)).toBe(true);
        expect(described.minAmountMinor).toBeGreaterThanOrEqual(1);
        expect(described.maxAmountMinor).toBeGreaterThanOrEqual(described.minAmountMinor);
        if (described.dailyLimitPerBeneficiaryMinor !== null) {
          expect(Number.isSafeInteger(described.dailyLimitPerBeneficiaryMinor)).toBe(true);
          expect(described.dailyLimitPerBeneficiaryMinor).toBeGreaterThanOrEqual(described.minAmountMinor);
        }
        expect(['INSTANT', 'FILE']).toContain(described.delivery);
        expect(driver.amountMinor).toBeGreaterThanOrEqual(described.minAmountMinor);
        expect(driver.amountMinor).toBeLessThanOrEqual(described.maxAmountMinor);
      });

      it('agrees with its driver: a check when it says so, settling when its outcome comes in files', () => {
        expect(isNotApplicable(driver.beneficiaryCheck)).toBe(!description.beneficiaryCheck);
        expect(isNotApplicable(driver.settle)).toBe(instant);
      });

      it("names its settings: the simulator's address is a sandbox setting, and a LIVE address has one", () => {
        expect(module.sandboxUrlSettings).toContain(module.simulator().urlVariable);
        expect(module.liveUrlSettings.length).toBeGreaterThan(0);
        for (const name of module.liveUrlSettings) expect(module.sandboxUrlSettings).not.toContain(name);
      });
    });

    describe('checkBeneficiary', () => {
      const checks = driver.beneficiaryCheck;
      const noCheck = { notApplicable: 'describe() says the rail offers no beneficiary check' };
      const check = (key: keyof BeneficiaryChecks): Entry<BeneficiaryMaker> =>
        isNotApplicable(checks) ? noCheck : checks[key];

      scenario('answers VERIFIED for an account that may receive', check('verified'), async (make) => {
        const result = await h.rail.checkBeneficiary(await make(h));
        expect(result.status).toBe('VERIFIED');
      });
      scenario('answers NOT_FOUND for an account the rail does not hold', check('notFound'), async (make) => {
        expect((await h.rail.checkBeneficiary(await make(h))).status).toBe('NOT_FOUND');
      });
      scenario('answers BLOCKED for a blocked account', check('blocked'), async (make) => {
        expect((await h.rail.checkBeneficiary(await make(h))).status).toBe('BLOCKED');
      });
      scenario(
        "answers NAME_MISMATCH, with the rail's name, for an account held under another name",
        check('nameMismatch'),
        async (make) => {
          const result = await h.rail.checkBeneficiary(await make(h));
          expect(result.status).toBe('NAME_MISMATCH');
          expect(result.accountHolderName).toEqual(expect.any(String));
        },
      );
      scenario(
        'answers UNVERIFIABLE, asking nothing, when describe() offers no check',
        description.beneficiaryCheck
          ? { notApplicable: 'describe() says the rail checks beneficiaries' }
          : driver.payee,
        async (payee) => {
          expect((await h.rail.checkBeneficiary(await payee(h))).status).toBe('UNVERIFIABLE');
        },
      );
    });

    const foreign = PAYOUT_BENEFICIARY_TYPES.filter((type) => !description.beneficiaryTypes.includes(type));
    scenario(
      'refuses a beneficiary of a type it does not pay (RAIL_REJECTED), sending nothing',
      foreign.length === 0 ? { notApplicable: 'the rail pays every beneficiary type' } : foreign,
      async (types) => {
        for (const type of types) {
          const stranger = SAMPLE_BENEFICIARIES[type];
          if (description.beneficiaryCheck) {
            await railError(h.rail.checkBeneficiary(stranger), 'RAIL_REJECTED');
          }
          const transfer = transferTo(stranger);
          await railError(h.rail.send(transfer), 'RAIL_REJECTED');
          expect(await driver.timesPaid(h, transfer.reference)).toBe(0);
        }
      },
    );

    it('find of a reference it never took answers NOT_FOUND', async () => {
      const found = await h.rail.find(h.reference());
      expect(found).toMatchObject({ status: 'NOT_FOUND', railTransferId: null });
    });

    it(
      instant
        ? 'send pays at once (SUCCEEDED), and find by the reference answers the same transfer'
        : 'send is taken (PROCESSING), and find answers the same transfer: PROCESSING, then SUCCEEDED once the rail settles it',
      async () => {
        const before = await h.rail.balance();
        const transfer = transferTo(await driver.payee(h));
        const sent = await h.rail.send(transfer);
        expectTaken(sent);
        if (!instant && sent.status === 'PROCESSING') {
          expect((await h.rail.find(transfer.reference)).status).toBe('PROCESSING');
        } else {
          const found = await h.rail.find(transfer.reference);
          expect(found.status).toBe(sent.status);
          expect(found.railTransferId).toBe(sent.railTransferId);
        }
        const final = await expectPaidOnce(transfer.reference, sent);
        // The account paid the amount and the fee the rail reports, once.
        const after = await h.rail.balance();
        expect(before.availableMinor - after.availableMinor).toBe(
          transfer.amountMinor + (final.feeMinor ?? 0),
        );
      },
      SCENARIO_TIMEOUT_MS,
    );

    it(
      'a second send of the same reference never pays twice: it answers the transfer already made',
      async () => {
        const transfer = transferTo(await driver.payee(h));
        const first = await h.rail.send(transfer);
        expectTaken(first);
        const again = await h.rail.send(transfer);
        expectTaken(again);
        if (first.railTransferId && again.railTransferId)
          expect(again.railTransferId).toBe(first.railTransferId);
        expect(await driver.timesPaid(h, transfer.reference)).toBe(1);
        await expectPaidOnce(transfer.reference, first);
        // Once final, a third send still pays nothing more.
        const settledAgain = await h.rail.send(transfer);
        expect(settledAgain.status).toBe('SUCCEEDED');
        expect(await driver.timesPaid(h, transfer.reference)).toBe(1);
      },
      SCENARIO_TIMEOUT_MS,
    );

    describe('when the answer goes missing', () => {
      scenario(
        'a lost answer throws RAIL_UNAVAILABLE; find then tells the truth, and sending again pays nothing more',
        driver.lostAnswer,
        async (fault) => {
          const transfer = transferTo(await driver.payee(h));
          await fault.arm(h, transfer.reference);
          await railError(h.rail.send(transfer), 'RAIL_UNAVAILABLE');
          expect((await h.rail.find(transfer.reference)).status).not.toBe('NOT_FOUND');
          await expectPaidOnce(transfer.reference);
          expect((await h.rail.send(transfer)).status).toBe('SUCCEEDED');
          expect(await driver.timesPaid(h, transfer.reference)).toBe(1);
        },
      );

      scenario(
        "an answer later than the client's timeout throws RAIL_UNAVAILABLE; find then tells the truth",
        driver.timeout,
        async (fault) => {
          const impatient = h.railWith({ [fault.setting]: String(IMPATIENT_TIMEOUT_MS) });
          const transfer = transferTo(await driver.payee(h));
          // Asked first, so any sign-in the rail needs is behind it before the slow answer.
          expect((await impatient.find(transfer.reference)).status).toBe('NOT_FOUND');
          await fault.arm(h, transfer.reference, IMPATIENT_TIMEOUT_MS * 5);
          await railError(impatient.send(transfer), 'RAIL_UNAVAILABLE');
          await expectPaidOnce(transfer.reference);
        },
      );
    });

    scenario(
      'an outage throws RAIL_UNAVAILABLE and pays nothing; afterwards find says NOT_FOUND and the same reference pays once',
      driver.outage,
      async (outage) => {
        const transfer = transferTo(await driver.payee(h));
        await outage.arm(h, transfer.reference);
        try {
          await railError(h.rail.send(transfer), 'RAIL_UNAVAILABLE');
        } finally {
          await outage.end(h);
        }
        expect(await h.rail.find(transfer.reference)).toMatchObject({ status: 'NOT_FOUND' });
        expect(await driver.timesPaid(h, transfer.reference)).toBe(0);
        expectTaken(await h.rail.send(transfer));
        await expectPaidOnce(transfer.reference);
      },
    );

    scenario(
      'a short disbursement balance answers FAILED with shortBalance: true and pays nothing; after a top-up the same reference pays once',
      driver.shortBalance,
      async (short) => {
        const transfer = transferTo(await driver.payee(h));
        await short.arm(h, transfer.reference);
        const refused = await h.rail.send(transfer);
        expect(refused).toMatchObject({ status: 'FAILED', shortBalance: true });
        expect(refused.reasonCode).toMatch(REASON_CODE);
        await expectNothingPaid(transfer.reference);
        await short.lift(h);
        expectTaken(await h.rail.send(transfer));
        await expectPaidOnce(transfer.reference);
      },
    );

    scenario(
      'a refusal of the transfer answers FAILED with a stable reasonCode, and pays nothing',
      driver.rejection,
      async (rejection) => {
        const reference = h.reference();
        const transfer = transferTo(await driver.payee(h), reference, await rejection.arm(h, reference));
        const refused = await h.rail.send(transfer);
        expect(refused).toMatchObject({ status: 'FAILED', reasonCode: rejection.reasonCode });
        expect(refused.reasonCode).toMatch(REASON_CODE);
        expect(refused.shortBalance ?? false).toBe(false);
        await expectNothingPaid(reference);
      },
    );

    it('balance() answers integer minor units of BDT, as the simulator holds them', async () => {
      const balance = await h.rail.balance();
      expect(Number.isSafeInteger(balance.availableMinor)).toBe(true);
      expect(balance.currency).toBe('BDT');
      expect(balance.asOf).toBeInstanceOf(Date);
      expect(Number.isNaN(balance.asOf.getTime())).toBe(false);
      expect(balance.availableMinor).toBe(await driver.balanceMinor(h));
    });

    it(
      'no error carries a secret: credentials the rail refuses fail with a RailError that names none',
      async () => {
        const wrong = driver.secrets.wrongCredentials
          ? driver.secrets.wrongCredentials({ ...h.credentials })
          : {
              ...h.credentials,
              ...Object.fromEntries(driver.secrets.fields.map((field) => [field, `wrong${randomToken(16)}`])),
            };
        const wrongSecrets = driver.secrets.fields.map((field) => wrong[field] ?? '');
        const stranger = h.railWithCredentials(wrong);
        const payee = await driver.payee(h);
        for (const work of [
          () => stranger.balance(),
          () => stranger.send(transferTo(payee)),
          () => stranger.find(h.reference()),
        ]) {
          const error = await work().then(
            () => null,
            (caught: unknown) => caught,
          );
          expect(error).toBeInstanceOf(RailError);
          expectNoSecret(error as RailError, wrongSecrets);
        }
      },
      SCENARIO_TIMEOUT_MS,
    );
  });
}
