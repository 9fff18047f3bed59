/**
 * What the request log keeps of a body: the shape an app developer needs to see what they sent
 * and what they were answered, without the secrets and personal data in it. Redaction happens
 * before a body is stored, so nothing it removes ever reaches the table or the dashboard.
 */

import { maskedAccountNumber } from '../payouts/beneficiary.js';

export const REDACTED = '[redacted]';

/** Each body is kept to this many characters of JSON, so one large request cannot bloat the log. */
export const MAX_LOGGED_BODY_CHARS = 4096;

/** Words that make a field secret wherever it appears: its value is never kept. */
const SECRET_WORDS = new Set([
  'secret',
  'password',
  'passwd',
  'passphrase',
  'token',
  'key',
  'apikey',
  'authorization',
  'signature',
  'cvv',
  'cvc',
  'pin',
  'otp',
  'pan',
]);

/**
 * A payout's or a refund's beneficiary's wallet or account number (`walletNumber`,
 * `account_number`): kept masked as the payout's and the refund's answers show it, its last four
 * digits only, so an entry reads like its answer and the full number is never stored.
 */
const ACCOUNT_NUMBER_FIELDS = new Set(['walletnumber', 'accountnumber']);

/** Words that make a field the customer's contact details. */
const CONTACT_WORDS = new Set(['email', 'phone', 'mobile', 'msisdn', 'address']);

/** A field whose last word is `name` is a person's when another word says whose. */
const PERSON_WORDS = new Set([
  'customer',
  'first',
  'last',
  'full',
  'billing',
  'shipping',
  'holder',
  'cardholder',
]);

/** customerEmail, customer_email, customer-email, X-Api-Key: each split into lower-case words. */
export function fieldWords(field: string): string[] {
  return field
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** What a field's name says about its value, worked out once per name. */
interface FieldFacts {
  /** A secret or the customer's contact details whatever holds it. */
  withheld: boolean;
  /** A person's name by its own words (`customerName`), or a name in an object that says whose. */
  personName: boolean;
  bareName: boolean;
  /** As the holder of other fields: `customer`, so a `name` in it is the customer's. */
  customer: boolean;
  /** A beneficiary's wallet or account number: kept masked. */
  accountNumber: boolean;
}

/**
 * Facts of the field names seen: an entry walks the same few dozen names again and again (the
 * API's own fields), and splitting each every time was most of an entry's cost. Bounded, as an
 * app's metadata can name fields of its own: past the bound the cache starts over.
 */
const FACTS_CACHE_LIMIT = 4096;
const factsCache = new Map<string, FieldFacts>();

function factsOf(field: string): FieldFacts {
  const cached = factsCache.get(field);
  if (cached) return cached;
  const words = fieldWords(field);
  const name = words.at(-1) === 'name';
  const facts: FieldFacts = {
    withheld: words.some((word) => SECRET_WORDS.has(word) || CONTACT_WORDS.has(word)),
    personName: name && words.some((word) => PERSON_WORDS.has(word)),
    bareName: name,
    customer: words.includes('customer'),
    accountNumber: ACCOUNT_NUMBER_FIELDS.has(words.join('')),
  };
  if (factsCache.size >= FACTS_CACHE_LIMIT) factsCache.clear();
  factsCache.set(field, facts);
  return facts;
}

/** Whether a field's value is withheld, given its name and the name of the object holding it. */
export function isRedactedField(field: string, parent: string | null): boolean {
  const facts = factsOf(field);
  if (facts.withheld || facts.personName) return true;
  // `name` inside `customer: { … }` is the customer's.
  return facts.bareName && parent !== null && factsOf(parent).customer;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Text PostgreSQL can keep: a NUL or half a surrogate pair (a refused body may hold one, and a
 * cut may split a pair) becomes U+FFFD, so one such request never costs its batch.
 */
export function storableText(value: string): string {
  // Most text has neither: one scan instead of two replacements.
  if (!value.includes('\u0000') && !ANY_SURROGATE.test(value)) return value;
  return value.replaceAll('\u0000', '\uFFFD').replace(LONE_SURROGATE, '\uFFFD');
}
const ANY_SURROGATE = /[\uD800-\uDFFF]/;

const EMAIL_IN_TEXT = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
/** 13 to 19 digits, optionally grouped by spaces or dashes, as card numbers are written. */
const CARD_LIKE_IN_TEXT = /(?<![\d])\d(?:[ -]?\d){12,18}(?![\d])/g;

function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/**
 * Free text with email addresses and card numbers taken out. A run of digits counts as a card
 * number when it has a card's length and passes the Luhn check, so ids and amounts stay readable.
 */
export function redactText(value: string): string {
  let text = storableText(value);
  // Each pattern is looked for only where it could be: an address needs an @, a card 13 digits.
  if (text.includes('@')) text = text.replace(EMAIL_IN_TEXT, REDACTED);
  if (text.length >= CARD_MIN_DIGITS && digitCount(text) >= CARD_MIN_DIGITS) {
    text = text.replace(CARD_LIKE_IN_TEXT, (match) => {
      const digits = match.replace(/[ -]/g, '');
      return digits.length >= 13 && digits.length <= 19 && luhnValid(digits) ? REDACTED : match;
    });
  }
  return text;
}

const CARD_MIN_DIGITS = 13;

/** How many ASCII digits the text has, counting no further than a card's shortest length. */
function digitCount(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length && count < CARD_MIN_DIGITS; i++) {
    const code = text.charCodeAt(i);
    if (code >= 48 && code <= 57) count += 1;
  }
  return count;
}

/** A JSON value with every withheld field's value replaced, and free text cleaned. */
export function redactValue(value: unknown, parent: string | null = null, depth = 0): unknown {
  // Deeper than any body the API takes: kept as a marker rather than walked.
  if (depth > 32) return REDACTED;
  if (typeof value === 'string') return redactText(value);
  if (typeof value === 'number') {
    // Fewer than 13 digits (every amount, every id) cannot be a card number.
    if (!Number.isInteger(value) || Math.abs(value) < 1e12) return value;
    return redactText(String(value)) !== String(value) ? REDACTED : value;
  }
  if (Array.isArray(value)) return value.map((item) => redactValue(item, parent, depth + 1));
  if (value !== null && typeof value === 'object') {
    const kept: Record<string, unknown> = {};
    for (const [field, inner] of Object.entries(value as Record<string, unknown>)) {
      const redacted =
        inner === null
          ? null
          : isRedactedField(field, parent)
            ? REDACTED
            : factsOf(field).accountNumber
              ? maskedNumber(inner)
              : redactValue(inner, field, depth + 1);
      const key = storableText(field);
      // A field named __proto__ is kept as a field (as JSON.parse made it), never as the prototype.
      if (key === '__proto__') {
        Object.defineProperty(kept, key, {
          value: redacted,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      } else {
        kept[key] = redacted;
      }
    }
    return kept;
  }
  return value;
}

/** A wallet or account number as the answers mask it; anything but text is withheld whole. */
function maskedNumber(value: unknown): unknown {
  return typeof value === 'string' ? maskedAccountNumber(storableText(value)) : REDACTED;
}

/**
 * A redacted body as it is stored: the value itself when its JSON fits, else the first
 * MAX_LOGGED_BODY_CHARS characters of that JSON as text, ending in a marker that says so.
 */
export function boundedBody(value: unknown, maxChars = MAX_LOGGED_BODY_CHARS): unknown {
  const redacted = redactValue(value);
  const json = JSON.stringify(redacted);
  if (json === undefined || json.length <= maxChars) return redacted;
  return `${storableText(json.slice(0, maxChars))}…[truncated: ${json.length} characters in all]`;
}

/**
 * A request body as it came over the wire: parsed and redacted when it is JSON; otherwise (the
 * app API takes JSON only, so a refused body) its text, cleaned of emails and card numbers, bounded.
 */
export function loggedRequestBody(raw: string | undefined, maxChars = MAX_LOGGED_BODY_CHARS): unknown {
  if (raw === undefined || raw.trim() === '') return null;
  try {
    return boundedBody(JSON.parse(raw), maxChars);
  } catch {
    const text = redactText(raw);
    return text.length <= maxChars
      ? text
      : `${storableText(text.slice(0, maxChars))}…[truncated: ${text.length} characters in all]`;
  }
}

/** A query string with withheld parameters' values and any free-text secrets removed. */
export function redactQuery(query: string): string | null {
  if (query === '') return null;
  const params = new URLSearchParams(query);
  const kept = new URLSearchParams();
  for (const [name, value] of params)
    kept.append(
      name,
      isRedactedField(name, null)
        ? REDACTED
        : factsOf(name).accountNumber
          ? maskedAccountNumber(value)
          : redactText(value),
    );
  const text = kept.toString();
  return text.length <= 1024 ? text : `${text.slice(0, 1024)}…`;
}
