/**
 * The one rule for every four-eyes check: may operator B be the second person on operator A's act
 * (approve A's refund, confirm it, approve A's manual receipt, approve A's loosening of a control
 * or A's change to people)? Not when B is A. Not when A created B's account: whoever chose how the
 * account came to be may hold it. Not when A changed B's account (its role, its password, its
 * second factor) within the tie window, and not when B did any of these to A's (ties bind either
 * way): a reset or a raised role is how one person would take over
 * an account and then speak through it. Pure: the facts are read from PostgreSQL by the caller at
 * the moment of the decision, never taken from a message.
 */

/** What one operator did to another's account, as operator_ties records it. */
export const TIE_KINDS = [
  'CREATE_OPERATOR',
  'GRANT_ROLE',
  'RESET_PASSWORD',
  'RESET_SECOND_FACTOR',
  'ENABLE_OPERATOR',
  'LINK_IDENTITY',
] as const;
export type TieKind = (typeof TIE_KINDS)[number];

export interface OperatorTie {
  kind: TieKind;
  at: Date;
  /** The second operator did this to the first's account (the tie binds either way). */
  reverse?: boolean;
}

/** Default tie window: a week, long enough to notice an account changed behind its owner's back. */
export const DEFAULT_TIE_WINDOW_DAYS = 7;

/** What PostgreSQL says about the pair, read when the second person acts. */
export interface TieFacts {
  /**
   * What the first operator did to the second's account, and (`reverse`) the second to the
   * first's, ever (the window is applied here).
   */
  tiesFromFirst: readonly OperatorTie[];
  now: Date;
  tieWindowMs: number;
}

/** No ties: for a first act by an app, or a caller that has only the two ids. */
export const NO_TIES: TieFacts = { tiesFromFirst: [], now: new Date(0), tieWindowMs: 0 };

export interface SecondPersonFacts extends TieFacts {
  /** The operator who acted first (asked for the refund, recorded the receipt, proposed); null: an app. */
  firstOperatorId: number | null;
  secondOperatorId: number;
}

export type SecondPersonRefusal = { code: 'SELF_APPROVAL_FORBIDDEN'; message: string };

const TIE_WORDS: Record<TieKind, string> = {
  CREATE_OPERATOR: 'created this account',
  GRANT_ROLE: 'raised this account’s role',
  RESET_PASSWORD: 'reset this account’s password',
  RESET_SECOND_FACTOR: 'reset this account’s second factor',
  ENABLE_OPERATOR: 're-enabled this account',
  LINK_IDENTITY: 'linked this account to an identity-provider person',
};

const REVERSE_TIE_WORDS: Record<TieKind, string> = {
  CREATE_OPERATOR: 'created the account of the operator who started this',
  GRANT_ROLE: 'raised the role of the operator who started this',
  RESET_PASSWORD: 'reset the password of the operator who started this',
  RESET_SECOND_FACTOR: 'reset the second factor of the operator who started this',
  ENABLE_OPERATOR: 're-enabled the account of the operator who started this',
  LINK_IDENTITY: 'linked the account of the operator who started this to an identity-provider person',
};

/** Null when B may be the second person on A's act; otherwise why not. */
export function judgeSecondPerson(facts: SecondPersonFacts): SecondPersonRefusal | null {
  if (facts.firstOperatorId === null) return null;
  if (facts.firstOperatorId === facts.secondOperatorId) {
    return {
      code: 'SELF_APPROVAL_FORBIDDEN',
      message: 'The second person on an act is someone other than the operator who started it',
    };
  }
  const binding = facts.tiesFromFirst.find(
    (tie) => tie.kind === 'CREATE_OPERATOR' || facts.now.getTime() - tie.at.getTime() < facts.tieWindowMs,
  );
  if (!binding) return null;
  const lately = binding.kind === 'CREATE_OPERATOR' ? '' : ' recently';
  return {
    code: 'SELF_APPROVAL_FORBIDDEN',
    message: binding.reverse
      ? `This account ${REVERSE_TIE_WORDS[binding.kind]}${lately}, so it cannot be the second person on their acts`
      : `The operator who started this ${TIE_WORDS[binding.kind]}${lately}, so it cannot be the second person on their acts`,
  };
}

/** The tie window a setting names (whole days, at least one); the default when unset. */
export function tieWindowMs(days: string | undefined): number {
  const parsed = days === undefined || days.trim() === '' ? DEFAULT_TIE_WINDOW_DAYS : Number(days);
  if (!Number.isInteger(parsed) || parsed < 1 || parsed > 3650) {
    throw new Error('OPERATOR_TIE_WINDOW_DAYS must be a whole number of days from 1 to 3650');
  }
  return parsed * 24 * 60 * 60 * 1000;
}
