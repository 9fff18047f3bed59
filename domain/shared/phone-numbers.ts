/**
 * Phone numbers as people type them and as apps send them: +8801712345678, 8801712345678,
 * 01712345678, +880 1712-345678 are one Bangladeshi number, kept apart from how it was written.
 */

const WITH_COUNTRY_CODE = /^880(1[3-9]\d{8})$/;
/** What the payments API takes as a customer's phone: digits, a leading +, spaces and dashes. */
const PHONE_LIKE = /^\+?[0-9][0-9 -]{5,19}$/;

/**
 * A number's digits, a Bangladeshi mobile number as 01XXXXXXXXX whatever its spelling: how phones
 * are compared. The searches' index computes the same in SQL (Migration20270314000100_search_indexes).
 */
export function phoneKey(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  const local = WITH_COUNTRY_CODE.exec(digits);
  return local ? `0${local[1]}` : digits;
}

/** The number a search term is, when it is written as a phone number (at least six digits), else null. */
export function phoneTerm(term: string): string | null {
  const trimmed = term.trim();
  if (!PHONE_LIKE.test(trimmed)) return null;
  const key = phoneKey(trimmed);
  return key.length >= 6 ? key : null;
}

/**
 * A phone as lists show it to operators: its first two and last two digits, the rest hidden
 * (01*******89), enough to tell two customers apart and never the number itself.
 */
export function maskedPhone(phone: string): string {
  const digits = phoneKey(phone);
  if (digits.length <= 4) return '*'.repeat(digits.length);
  return `${digits.slice(0, 2)}${'*'.repeat(digits.length - 4)}${digits.slice(-2)}`;
}
