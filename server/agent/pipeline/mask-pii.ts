// PII masking for stored transcripts (guardrails.maskPii) and, with the workspace's redaction setting
// (settings.privacy.redactPii), for stored traces and tool executions. The customer still sees the live
// reply; what reviewers read later, and what leaves the database in exports, has these replaced.
//
// Hand-written on purpose: the formats are few and locale-free, and the libraries that fit do not. Phone
// finders (libphonenumber-js's findNumbers) need each workspace's default country and miss other countries'
// national numbers; redact-pii and its forks bundle a cloud DLP client or a dashboard. Luhn is ten lines.

const EMAIL = /[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/gi;
// 13–19 digits, optionally in groups separated by a space or a dash; only Luhn-valid runs are cards.
const CARD = /(?<![\w#])(?:\d[ -]?){12,18}\d(?!\w)/g;
// Phone numbers: optional +country code, an optional area code in brackets, then groups of digits with
// the usual separators, 9–15 digits in all. Order ids (#W1234567), prices ($1,234.56), dates and 5-digit
// zips are prefixed, punctuated or too short, so they survive.
const PHONE = /(?<![\w#$€£.,/:])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,4}\)[\s.-]?)?\d{1,4}(?:[\s.-]?\d{2,4}){2,4}(?![\w/:]|[.,]\d)/g;

const digitsOf = (s: string) => s.replace(/\D/g, "");

/** The Luhn (mod 10) check every payment card number passes. */
export function isLuhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return digits.length > 0 && sum % 10 === 0;
}

const isCardNumber = (digits: string) => digits.length >= 13 && digits.length <= 19 && isLuhnValid(digits);

export function maskPii(text: string): string {
  return text
    .replace(EMAIL, "[email]")
    .replace(CARD, (m) => (isCardNumber(digitsOf(m)) ? "[card number]" : m))
    .replace(PHONE, (m) => {
      const n = digitsOf(m).length;
      // One dot is a decimal point (1234567.89), not a separator: dotted phones have two or more.
      const dots = m.split(".").length - 1;
      return n >= 9 && n <= 15 && dots !== 1 ? "[phone]" : m;
    });
}

/**
 * `maskPii` over every string of a JSON value (keys and structure kept). A number is replaced only when
 * its digits are a card number: numeric ids and amounts stay numbers.
 */
export function maskPiiDeep<T>(value: T): T {
  return maskValue(value) as T;
}

function maskValue(value: unknown): unknown {
  if (typeof value === "string") return maskPii(value);
  if (typeof value === "number") return Number.isInteger(value) && isCardNumber(String(Math.abs(value))) ? "[card number]" : value;
  if (Array.isArray(value)) return value.map(maskValue);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskValue(v)]));
  return value;
}
