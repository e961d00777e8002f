// PII masking for stored transcripts (guardrails.maskPii). The customer still sees the live reply; what
// reviewers read later, and what leaves the database in exports, has these replaced.

const EMAIL = /[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/gi;
const CARD = /\b(?:\d[ -]?){12,18}\d\b/g;
// Phone numbers: optional +country code, then 9–14 digits with the usual separators. Order ids (#W1234567)
// and 5-digit zips are too short or prefixed, so they survive.
const PHONE = /(?<![\w#])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,4}\)[\s.-]?)?\d{2,4}(?:[\s.-]?\d{2,4}){2,3}(?!\w)/g;

const digits = (s: string) => s.replace(/\D/g, "").length;

export function maskPii(text: string): string {
  return text
    .replace(EMAIL, "[email]")
    .replace(CARD, (m) => (digits(m) >= 13 ? "[card number]" : m))
    .replace(PHONE, (m) => (digits(m) >= 9 && digits(m) <= 15 ? "[phone]" : m));
}
