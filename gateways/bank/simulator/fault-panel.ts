import { createFaultPanel } from '../../simulator-kit/fault-controls.js';
import type { FaultPanel, PanelAction, PanelFault } from '../../simulator-kit/fault-controls.js';
import { poishaOf } from '../fields.js';
import { RETURN_REASONS } from '../return-reasons.js';
import { accountKey } from './book.js';
import type { BankSimulatorContext } from './context.js';
import { faultsSchema } from './faults.js';
import type { Faults } from './faults.js';
import { accountSchema } from './control-api.js';

/** What the bank's tester page offers: the upload faults, held and doubled acknowledgements, a short balance, and the bank's own doings. */

const FAULTS: readonly PanelFault<keyof Faults>[] = [
  {
    name: 'dropUpload',
    title: 'Upload dropped',
    description: 'Once: the connection drops before the bank has the file; nothing is taken.',
    input: { kind: 'flag' },
  },
  {
    name: 'uploadAnswerLost',
    title: 'Upload answer lost',
    description: 'Once: the bank takes and processes the file, then the connection closes without an answer.',
    input: { kind: 'flag' },
  },
  {
    name: 'uploadAnswerDelayMs',
    title: 'Slow upload answer',
    description:
      "Once: the bank takes and processes the file, and answers only this much later (past a caller's timeout).",
    input: { kind: 'number', label: 'Delay', unit: 'seconds', min: 1, max: 60, scale: 1000 },
  },
  {
    name: 'duplicateAck',
    title: 'Duplicate acknowledgement',
    description: "Once: the bank writes the file's acknowledgement twice.",
    input: { kind: 'flag' },
  },
  {
    name: 'holdAcks',
    title: 'Acknowledgements held',
    description: 'Files are taken but not acknowledged until released or the next clearing session.',
    input: { kind: 'flag' },
  },
  {
    name: 'shortBalance',
    title: 'Short balance',
    description: 'Every line is refused for insufficient funds (AM04), whatever the balance.',
    input: { kind: 'flag' },
  },
];

function actions(sim: BankSimulatorContext): PanelAction[] {
  return [
    {
      name: 'session',
      title: 'Hold the next BEFTN clearing session',
      description:
        'Releases held acknowledgements, then credits every accepted BEFTN line or returns it (no such account R03, closed R02, frozen R16, another name R17).',
      fields: [],
      button: 'Hold the session',
      run: async () => {
        sim.bank.clearingSession();
        return null;
      },
    },
    {
      name: 'release',
      title: 'Release held acknowledgements',
      description: 'Writes every acknowledgement the holdAcks fault kept back.',
      fields: [],
      button: 'Release them',
      run: async () => {
        sim.bank.releaseAcks();
        return null;
      },
    },
    {
      name: 'return',
      title: 'Return a settled transfer',
      description:
        'The receiving bank sends a settled BEFTN credit back: a return file, the money back on the company account.',
      fields: [
        { kind: 'text', name: 'reference', label: 'End-to-end reference', maxLength: 35 },
        {
          kind: 'choice',
          name: 'returnCode',
          label: 'Return reason',
          options: Object.entries(RETURN_REASONS).map(
            ([code, reason]) => [code, `${code}: ${reason.text}`] as const,
          ),
        },
      ],
      button: 'Return it',
      run: async (form) => sim.bank.returnTransfer(form.reference!.trim(), form.returnCode!),
    },
    {
      name: 'fund',
      title: 'Fund the company account',
      description: 'Adds taka to the account the files debit.',
      fields: [{ kind: 'text', name: 'taka', label: 'Taka (e.g. 50000.00)', maxLength: 16 }],
      button: 'Fund',
      run: async (form) => {
        const minor = poishaOf(form.taka!.trim());
        if (!minor) return 'an amount in taka with two decimals, above zero';
        sim.book.balanceMinor += minor;
        return null;
      },
    },
    {
      name: 'account',
      title: 'Open or change an account at a receiving bank',
      description: "What NPSB's name enquiry answers for it, and whether credits to it settle.",
      fields: [
        { kind: 'text', name: 'routingNumber', label: 'Routing number (9 digits)', maxLength: 9 },
        { kind: 'text', name: 'accountNumber', label: 'Account number (6–17 digits)', maxLength: 17 },
        { kind: 'text', name: 'name', label: 'Account holder name', maxLength: 50 },
        {
          kind: 'choice',
          name: 'status',
          label: 'Status',
          options: [
            ['OPEN', 'open'],
            ['CLOSED', 'closed'],
            ['FROZEN', 'frozen'],
          ],
        },
      ],
      button: 'Save the account',
      run: async (form) => {
        const account = accountSchema.safeParse(form);
        if (!account.success)
          return account.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
        sim.book.accounts.set(
          accountKey(account.data.routingNumber, account.data.accountNumber),
          account.data,
        );
        return null;
      },
    },
  ];
}

export function createBankFaultPanel(sim: BankSimulatorContext): FaultPanel {
  return createFaultPanel<Faults>({
    keyName: 'end-to-end reference',
    faults: FAULTS,
    book: sim.faults,
    schema: faultsSchema,
    actions: actions(sim),
    notes: () => {
      const held = [...sim.book.files.values()].filter((file) => file.ackHeld).length;
      return held ? [`${held} file(s) await their acknowledgement.`] : [];
    },
    now: sim.now,
  });
}
