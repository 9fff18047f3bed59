import type { Bank, Originator } from './bank.js';
import type { BankBook } from './book.js';
import type { FaultBook } from './faults.js';
import type { Login } from './wire.js';

/** Everything the simulated bank's handlers share. */
export interface BankSimulatorContext {
  publicUrl: string;
  login: Login;
  originator: Originator;
  book: BankBook;
  bank: Bank;
  faults: FaultBook;
  now: () => number;
  /** Saves the state before an answer that reveals a change (a lost answer still leaves it saved). */
  checkpoint: () => void;
}
