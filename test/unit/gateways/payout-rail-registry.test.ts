import { PAYOUT_BENEFICIARY_TYPES } from '../../../domain/payouts/beneficiary.js';
import { RAIL_FOR_DESTINATION } from '../../../domain/refunds/refund-rails.js';
import type { PayoutRailModule } from '../../../gateways/payouts/rail-module.js';
import {
  PAYOUT_RAIL_MODULES,
  PAYOUT_RAIL_NAMES,
  RAIL_FOR_BENEFICIARY,
  payoutRailListProblems,
  railsForBeneficiaries,
} from '../../../gateways/payouts/registry.js';
import { SIMULATOR_MOUNTS } from '../../../gateways/simulator-kit/mounts.js';
import { templateRailModule } from '../../../gateways/rail-template/module.js';
import { PAYOUT_RAIL_LIVE_URL_SETTINGS, SANDBOX_URL_SETTINGS } from '../../../platform/config/live-hosts.js';

/**
 * The rail list is the one place a rail is named: everything the shared code knows of the rails
 * (their names, which pays which beneficiary, their simulators, their address settings) is read
 * from it, and a list that contradicts itself stops the service at once.
 */

const rail = (
  name: string,
  beneficiaryTypes: PayoutRailModule<never>['description']['beneficiaryTypes'],
  overrides: Partial<PayoutRailModule<never>> = {},
): PayoutRailModule<never> =>
  ({
    ...(templateRailModule as unknown as PayoutRailModule<never>),
    name,
    description: { ...templateRailModule.description, name, beneficiaryTypes },
    simulator: () => ({ ...templateRailModule.simulator(), name: `${name}-simulator` }),
    ...overrides,
  }) as PayoutRailModule<never>;

describe('the payout rail list', () => {
  it('names the rails in its order, as the API has always listed them', () => {
    expect(PAYOUT_RAIL_NAMES).toEqual(['bkash', 'nagad', 'bank']);
    expect(PAYOUT_RAIL_NAMES).toEqual(PAYOUT_RAIL_MODULES.map((module) => module.name));
  });

  it('sends each beneficiary to the rail whose description pays it', () => {
    expect(RAIL_FOR_BENEFICIARY).toEqual({
      BKASH_WALLET: 'bkash',
      NAGAD_WALLET: 'nagad',
      BANK_ACCOUNT: 'bank',
    });
    for (const type of PAYOUT_BENEFICIARY_TYPES) {
      const module = PAYOUT_RAIL_MODULES.find((candidate) => candidate.name === RAIL_FOR_BENEFICIARY[type]);
      expect(module?.description.beneficiaryTypes).toContain(type);
    }
  });

  it("keeps the database layer's copy of that map (the refund view's) equal to it", () => {
    expect(RAIL_FOR_DESTINATION).toEqual(RAIL_FOR_BENEFICIARY);
  });

  it('gives a beneficiary type to the first rail that pays it: a rail listed before another takes its payouts over', () => {
    const [bkash, nagad, bank] = PAYOUT_RAIL_MODULES as [
      PayoutRailModule<never>,
      PayoutRailModule<never>,
      PayoutRailModule<never>,
    ];
    const upay = rail('upay', ['BKASH_WALLET', 'NAGAD_WALLET']);
    expect(railsForBeneficiaries([bkash, nagad, bank, upay])).toEqual(RAIL_FOR_BENEFICIARY);
    expect(railsForBeneficiaries([upay, bkash, nagad, bank])).toEqual({
      BKASH_WALLET: 'upay',
      NAGAD_WALLET: 'upay',
      BANK_ACCOUNT: 'bank',
    });
    expect(payoutRailListProblems([upay, bkash, nagad, bank])).toEqual([]);
  });

  it('refuses a list that contradicts itself, one line per problem', () => {
    expect(payoutRailListProblems(PAYOUT_RAIL_MODULES)).toEqual([]);
    const [bkash, nagad, bank] = PAYOUT_RAIL_MODULES as [
      PayoutRailModule<never>,
      PayoutRailModule<never>,
      PayoutRailModule<never>,
    ];
    expect(payoutRailListProblems([bkash, nagad])).toEqual(['BANK_ACCOUNT: no rail pays it']);
    expect(payoutRailListProblems([bkash, nagad, bank, bank])).toEqual(['bank: listed twice']);
    expect(
      payoutRailListProblems([
        bkash,
        nagad,
        bank,
        rail('Bank 2', ['BANK_ACCOUNT']),
        rail('misnamed', ['BANK_ACCOUNT'], { description: { ...bank.description } }),
      ]),
    ).toEqual([
      "Bank 2: a rail's name is lower case letters, digits, _ or -",
      'misnamed: its description is named bank',
    ]);
  });

  it("serves each rail's simulator on the simulator host, after the gateways'", () => {
    const names = SIMULATOR_MOUNTS.map((mount) => mount.name);
    expect(names.slice(-PAYOUT_RAIL_MODULES.length)).toEqual(
      PAYOUT_RAIL_MODULES.map((module) => module.simulator().name),
    );
    expect(names).toEqual([
      'sslcommerz',
      'bkash',
      'nagad',
      'stripe',
      'bkash-disbursement',
      'nagad-disbursement',
      'bank',
    ]);
  });

  it("checks each rail's LIVE address at start-up and keeps it from its sandbox's", () => {
    for (const module of PAYOUT_RAIL_MODULES) {
      for (const name of module.liveUrlSettings) expect(PAYOUT_RAIL_LIVE_URL_SETTINGS).toContain(name);
      for (const name of module.sandboxUrlSettings) expect(SANDBOX_URL_SETTINGS).toContain(name);
      expect(module.sandboxUrlSettings).toContain(module.simulator().urlVariable);
    }
  });

  it('never lists the template', () => {
    expect(PAYOUT_RAIL_MODULES).not.toContain(templateRailModule);
    expect(SIMULATOR_MOUNTS).not.toContain(templateRailModule.simulator());
  });
});
