import { createHash, hash as oneShotHash, randomBytes } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import * as v from './checksums';
import { base58CheckAddress, bech32Address } from './crypto-address';
import { ibanLengthAt, ibanValid } from './iban';
import { compact, regexDetector } from './regex-detector';
import type { NumericRule } from './numeric';
import { DIGIT, LOWER, NON_HEX, UPPER } from './tokens';
import type { Candidate, Detector } from './types';

/** Scores: checksum and structure agree → STRONG; a bare digit run that passes a checksum → WEAK. */
export const SCORE = { STRONG: 0.9, MEDIUM: 0.6, WEAK: 0.4, VERY_WEAK: 0.3 } as const;


// ---------------------------------------------------------------- everywhere

/** Email: anchored on "@", bounded walk left over the local part, bounded domain match to the right. */
const LOCAL_CHARS = new Uint8Array(128);
for (const ch of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._%+-') LOCAL_CHARS[ch.charCodeAt(0)] = 1;
/** The characters of /[A-Za-z0-9._%+-]/ (a local part), by code. */
const isLocal = (c: number) => c < 128 && LOCAL_CHARS[c] === 1;
const DOMAIN = /(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.){1,10}(?:[A-Za-z]{2,24}|xn--[A-Za-z0-9-]{1,59})(?![A-Za-z0-9-]|\.[A-Za-z0-9])/y;
/**
 * True when `start` lies in the authority of a URI (`scheme://user:password@host`): the `@` there
 * separates userinfo from the host (RFC 3986 §3.2), which the secret rules judge; an address in
 * the path or query (`?to=jane@example.com`) is still an email.
 */
function inUriAuthority(text: string, start: number): boolean {
  for (let i = start - 1; i >= 2 && start - i <= 256; i--) {
    const c = text[i];
    if (c === '/' && text[i - 1] === '/' && text[i - 2] === ':') return true;
    if (c === '/' || c === '?' || c === '#' || c === '@' || c <= ' ') return false;
  }
  return false;
}

const email: Detector = {
  type: 'EMAIL_ADDRESS', rule: 'email', group: 'global', keywords: ['@'],
  *find(text: string): Iterable<Candidate> {
    for (let at = text.indexOf('@'); at !== -1; at = text.indexOf('@', at + 1)) {
      let start = at;
      while (start > 0 && at - start < 64 && isLocal(text.charCodeAt(start - 1))) start--;
      while (start < at && text[start] === '.') start++;
      if (start === at || inUriAuthority(text, start)) continue;
      DOMAIN.lastIndex = at + 1;
      const m = DOMAIN.exec(text);
      if (m) yield { start, end: at + 1 + m[0].length, score: SCORE.STRONG };
    }
  },
};

/**
 * Phone validation (libphonenumber's metadata) costs ~30 µs a candidate, and chat requests resend
 * the whole conversation every turn, so the same numbers are validated again and again. Results
 * are remembered in a bounded map keyed by a keyed hash (a per-process random key), so the cache
 * never holds the numbers themselves.
 */
const PHONE_MEMO_LIMIT = 4096;
/**
 * SHA-256 over a per-process random key and the candidate, in one call (crypto.hash), or where
 * that is missing with the key absorbed once and the state copied per candidate (half the cost of
 * an HMAC); both give the same digest. Length extension needs a digest to extend; none ever leaves
 * the process.
 */
const PHONE_MEMO_KEY = randomBytes(32).toString('base64');
const phoneMemoKeyed = createHash('sha256').update(PHONE_MEMO_KEY);
/** The memo key of a candidate: the one-shot hash (Node 20.12 on) costs a third of copying the keyed state. */
const phoneMemoKey: (candidate: string) => string =
  typeof oneShotHash === 'function'
    ? (candidate) => oneShotHash('sha256', PHONE_MEMO_KEY + candidate, 'base64url')
    : (candidate) => phoneMemoKeyed.copy().update(candidate).digest('base64url');
const phoneMemo = new Map<string, number | null>();
function memoized(candidate: string, validate: (s: string) => number | null): number | null {
  const key = phoneMemoKey(candidate);
  const hit = phoneMemo.get(key);
  if (hit !== undefined) return hit;
  const score = validate(candidate);
  if (phoneMemo.size >= PHONE_MEMO_LIMIT) phoneMemo.delete(phoneMemo.keys().next().value as string);
  phoneMemo.set(key, score);
  return score;
}

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const isLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isDigit = (c: number) => c >= 48 && c <= 57;

const DATE_OR_TIME = /^(?:\d{4}[-./ ]\d{1,2}[-./ ]\d{1,2}|\d{1,2}[-./ ]\d{1,2}[-./ ]\d{2,4}|\d{1,3}(?:\.\d{1,3}){3})$/;
const NANP = /^(?:\+?1[ .-]?)?(?:\(\d{3}\)|\d{3})[ .-]?\d{3}[ .-]\d{4}$/;
/** Countries whose national numbers start with a trunk "0", tried for national formats. */
const TRUNK_ZERO: CountryCode[] = ['GB', 'DE', 'FR', 'AU', 'NL', 'SE', 'IE', 'IT', 'BE', 'AT', 'CH', 'FI', 'NZ', 'IN'];
const digitCount = (s: string) => {
  let n = 0;
  for (let i = 0; i < s.length; i++) if (isDigit(s.charCodeAt(i))) n++;
  return n;
};
/** The phone pattern's lookahead at `i` (character `c`): not a word character or `-`, nor `.` or `:` before a digit. */
const phoneEndsAt = (text: string, i: number, c: number) =>
  !(c < 128 && (PHONE_WORD[c] === 1 || ((c === 46 || c === 58) && isDigit(text.charCodeAt(i + 1)))));
const PHONE_WORD = new Uint8Array(128);
for (const ch of '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_-') PHONE_WORD[ch.charCodeAt(0)] = 1;
const isPhoneSeparator = (c: number) => c === 32 || c === 46 || c === 45;
const PHONE_NOT_BEFORE = new Uint8Array(128);
for (const ch of '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_+(.-') PHONE_NOT_BEFORE[ch.charCodeAt(0)] = 1;
const phone = regexDetector({
  type: 'PHONE_NUMBER', rule: 'phone', group: 'global',
  // Values start at a token (the pattern's left boundary); see tokens.ts.
  // The lookbehind's punctuation (letters and digits never precede a token) is checked by the walk.
  // Without a lead character, the first group is followed by one separator and the next group.
  token: { first: '0123456789', maxLength: 15, lacks: LOWER | UPPER, lead: '+(', notAfter: '_+(.-', chain: { than: 15, separators: ' .-', within: 1 } },
  // Without a leading + or (, only the last alternative can match: whole runs of digits (2–5, 2–5,
  // then one to three of 2–6) joined by single spaces, dots or dashes, ending where the lookahead
  // holds (a shorter run of digits is followed by a digit, which neither a separator nor the
  // lookahead accepts). Read here without the regex; the regex then runs only where it matches.
  quick: (text, s, u) => {
    // The pattern's lookbehind: not after a letter, digit, `_`, `+`, `(`, `.` or `-`.
    const b = s > 0 ? u[s - 1] : 32;
    if (b < 128 && PHONE_NOT_BEFORE[b] === 1) return false;
    const c = u[s];
    if (c === 43 || c === 40) return true;
    let i = s;
    for (let group = 0; group < 5; group++) {
      const from = i;
      const most = group < 2 ? 5 : 6;
      while (i - from <= most && isDigit(u[i])) i++;
      if (i - from < 2 || i - from > most) return false;
      const next = u[i];
      if (group >= 2 && phoneEndsAt(text, i, next)) return true;
      if (!isPhoneSeparator(next)) return false;
      i++;
    }
    return false;
  },
  pattern:
    /(?<![\w+(.-])(?:\+\d{1,3}(?:[ .-]?\(\d{1,4}\))?(?:[ .-]\d{1,6}){1,6}|\+\d{7,15}|\(\d{2,5}\)[ .-]?\d{2,5}(?:[ .-]\d{2,6}){1,3}|\d{2,5}[ .-]\d{2,5}(?:[ .-]\d{2,6}){1,3})(?![\w-]|[.:]\d)/,
  context: ['phone', 'tel', 'telephone', 'mobile', 'cell', 'call', 'fax', 'whatsapp', 'sms', 'contact'],
  validate: (s) => {
    const n = digitCount(s);
    if (n < 7 || n > 15 || DATE_OR_TIME.test(s)) return null;
    // Shape first (cheap), then the phone metadata (libphonenumber-js) decides.
    if (s.startsWith('+')) return memoized(s, (x) => (parsePhoneNumberFromString(x)?.isValid() ? 0.75 : null));
    if (NANP.test(s)) return memoized(s, (x) => (parsePhoneNumberFromString(x, 'US')?.isValid() ? (x.startsWith('(') ? SCORE.MEDIUM : SCORE.WEAK) : null));
    const national = s.replace(/^\((\d+)\)/, '$1');
    if (!national.startsWith('0')) return null;
    return memoized(s, (x) => (TRUNK_ZERO.some((c) => parsePhoneNumberFromString(x, c)?.isValid()) ? SCORE.WEAK : null));
  },
});

const IPV4_NOT_BEFORE = new Uint8Array(128);
for (const ch of '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_') IPV4_NOT_BEFORE[ch.charCodeAt(0)] = 1;
const ipv4 = regexDetector({
  type: 'IP_ADDRESS', rule: 'ipv4', group: 'global',
  // Values start at a token (the pattern's left boundary); see tokens.ts.
  token: { first: '0123456789', maxLength: 3, lacks: LOWER | UPPER, next: '.', notAfter: '_.' },
  // The lookbehind, then three groups of 1 to 3 digits each before a dot, and a digit.
  quick: (_text, s, u) => {
    const b = s > 0 ? u[s - 1] : 32;
    if (b === 46 || (b < 128 && IPV4_NOT_BEFORE[b] === 1)) return false;
    let i = s;
    for (let group = 0; group < 3; group++) {
      const from = i;
      while (i - from <= 3 && isDigit(u[i])) i++;
      if (i === from || i - from > 3 || u[i] !== 46) return false;
      i++;
    }
    return isDigit(u[i]);
  },
  pattern: /(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?:\/\d{1,2}(?!\d))?(?![\w]|\.\d)/,
  context: ['ip', 'address', 'host', 'server', 'subnet'],
  validate: (s) => {
    const slash = s.indexOf('/');
    return isIPv4(slash < 0 ? s : s.slice(0, slash)) ? SCORE.MEDIUM : null;
  },
});

/** Where an IPv6 value may begin: not after a letter, digit, `_`, `:`, `.` or `%` (the pattern's lookbehind). */
const IPV6_BEFORE = new Uint8Array(128);
for (const ch of '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_:.%') IPV6_BEFORE[ch.charCodeAt(0)] = 1;
const isHexCode = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
const ipv6 = regexDetector({
  type: 'IP_ADDRESS', rule: 'ipv6', group: 'global',
  // Values start at a hexadecimal token of at most four characters before a `:`, or at a `::`
  // (`::1`) that follows none of the lookbehind's characters. An address never starts with a single
  // `:` (the validator refuses it), and a match from one holds no later start: its tokens follow `:`
  // or `.` and its colons follow address characters, all in the lookbehind's set.
  token: { maxLength: 4, lacks: NON_HEX, next: ':', notAfter: '_:.%' },
  alsoAt: {
    text: '::',
    where: (text, i) => {
      const b = i > 0 ? text.charCodeAt(i - 1) : 32;
      return !(b < 128 && IPV6_BEFORE[b] === 1);
    },
  },
  // The lookbehind, and two colons among the address characters that follow (at most 49 of them
  // before a zone or prefix): with fewer the validator refuses the match. Refusing it here skips no
  // later offset that could start a value: every character of the address part is in the
  // lookbehind's set, and a prefix's digits end before a character that is not `:`.
  quick: (_text, s, u) => {
    const b = s > 0 ? u[s - 1] : 32;
    if (b < 128 && IPV6_BEFORE[b] === 1) return false;
    let colons = 0;
    for (let i = s; i < s + 49 && colons < 2; i++) {
      const c = u[i];
      if (c === 58) colons++;
      else if (c !== 46 && !isHexCode(c)) break;
    }
    return colons >= 2;
  },
  pattern: /(?<![\w:.%])[0-9A-Fa-f]{0,4}:[0-9A-Fa-f:.]{0,43}[0-9A-Fa-f:](?:%[A-Za-z0-9_]{1,16})?(?:\/\d{1,3}(?!\d))?(?![\w:])/,
  context: ['ip', 'ipv6', 'address', 'host', 'gateway', 'subnet'],
  validate: (s) => {
    const [addr] = s.split('/');
    const bare = addr.replace(/%.*$/, '');
    // "::" alone (the unspecified address, or a scope operator) addresses nobody.
    return (bare.match(/:/g) ?? []).length >= 2 && /[0-9A-Fa-f]/.test(bare) && isIPv6(bare) ? SCORE.MEDIUM : null;
  },
});

const HEX_TABLE = new Uint8Array(128);
for (const c of '0123456789ABCDEFabcdef') HEX_TABLE[c.charCodeAt(0)] = 1;
const hexAt = (text: string, from: number, count: number) => {
  if (from < 0) return false;
  for (let k = from; k < from + count; k++) {
    const c = text.charCodeAt(k); // NaN past the end
    if (!(c < 128) || HEX_TABLE[c] === 0) return false;
  }
  return true;
};
const mac = regexDetector({
  type: 'MAC_ADDRESS', rule: 'mac', group: 'global',
  // Values start at a hexadecimal token: two characters before `:` or `-`, four before `.`.
  token: { minLength: 2, maxLength: 4, lacks: NON_HEX, next: ':-.', notAfter: '_:.-' },
  // aa:bb:… / aa-bb-… : two hex digits and the same separator after; aabb.ccdd.eeff: four and four.
  quick: (text, s, u) => {
    const sep = u[s + 2];
    if (sep === 58 || sep === 45) return hexAt(text, s + 3, 2) && u[s + 5] === sep;
    return u[s + 4] === 46 && hexAt(text, s + 5, 4) && u[s + 9] === 46;
  },
  pattern: /(?<![\w:.-])(?:[0-9A-Fa-f]{2}([:-])(?:[0-9A-Fa-f]{2}\1){4}[0-9A-Fa-f]{2}|[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4})(?![\w:.-])/,
  context: ['mac', 'hardware', 'physical', 'ethernet'],
  validate: (s) => (/^0+$/.test(compact(s)) ? null : SCORE.MEDIUM),
});

/**
 * IBAN: two letters, two check digits, then groups set off by any short run of spaces, newlines,
 * dots or dashes. Not slashes: Presidio's IBAN tests hold "AL47/2121/…" as a negative (ISO 13616
 * prints groups of four separated by spaces). The country fixes the length, so the value ends at
 * its last character however the text goes on (`… 0130 00\n2026-11-03` is not one long IBAN).
 * The separator class and [A-Z0-9] are disjoint, so the scan is linear.
 */
const IBAN_CANDIDATE = /(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?:[ \t\n\r.-]{0,3}[A-Z0-9]){11,30}/g;
const IBAN_AT = new RegExp(IBAN_CANDIDATE.source, 'y');
const isAlnum = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isUpper = (c: number) => c >= 65 && c <= 90;
/** The IBAN whose candidate match is `m`, or the end of the candidate's search (-1 on failure). */
function ibanAt(text: string, m: RegExpExecArray): number {
  const length = ibanLengthAt(text, m.index);
  if (length === undefined) return -1;
  // The pattern admits capitals and digits only (no /i), so the value needs no upper-casing; it is
  // joined from its runs of letters and digits, not character by character.
  const limit = m.index + m[0].length;
  let end = m.index;
  let count = 0;
  let value = '';
  while (end < limit && count < length) {
    while (end < limit && !isAlnum(text.charCodeAt(end))) end++;
    const from = end;
    while (end < limit && count < length && isAlnum(text.charCodeAt(end))) (end++, count++);
    value += text.slice(from, end);
  }
  return count === length && !isAlnum(text.charCodeAt(end)) && ibanValid(value) ? end : -1;
}
const iban: Detector = {
  type: 'IBAN_CODE', rule: 'iban', group: 'global',
  context: ['iban', 'bank', 'account', 'transfer'],
  // Values start at a token of two capitals and two digits (the pattern's left boundary); see tokens.ts.
  token: { first: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', minLength: 4, has: UPPER | DIGIT },
  findAt(text: string, starts: ArrayLike<number>): Candidate[] {
    const out: Candidate[] = [];
    let consumed = 0;
    for (let k = 0; k < starts.length; k++) {
      const s = starts[k];
      if (s < consumed || !isUpper(text.charCodeAt(s + 1)) || !isDigit(text.charCodeAt(s + 2)) || !isDigit(text.charCodeAt(s + 3))) continue;
      IBAN_AT.lastIndex = s;
      const m = IBAN_AT.exec(text);
      if (!m) continue;
      const end = ibanAt(text, m);
      if (end >= 0) {
        out.push({ start: s, end, score: SCORE.STRONG });
        consumed = end;
      }
    }
    return out;
  },
  *find(text: string): Iterable<Candidate> {
    IBAN_CANDIDATE.lastIndex = 0;
    for (let m; (m = IBAN_CANDIDATE.exec(text)); ) {
      const end = ibanAt(text, m);
      if (end >= 0) {
        yield { start: m.index, end, score: SCORE.STRONG };
        IBAN_CANDIDATE.lastIndex = end;
      } else IBAN_CANDIDATE.lastIndex = m.index + 1;
    }
  },
};

const crypto = regexDetector({
  type: 'CRYPTO', rule: 'bitcoin-address', group: 'global',
  // Values start at a token (the pattern's left boundary); see tokens.ts.
  token: { first: '13bB', minLength: 14, maxLength: 74 },
  pattern: /(?<![A-Za-z0-9])(?:[13][1-9A-HJ-NP-Za-km-z]{25,34}|(?:bc1|BC1)[02-9ac-hj-np-zAC-HJ-NP-Z]{11,71})(?![A-Za-z0-9])/,
  context: ['wallet', 'bitcoin', 'btc', 'crypto', 'address'],
  validate: (s) => (base58CheckAddress(s) || bech32Address(s) ? SCORE.STRONG : null),
});

// ---------------------------------------------------------------- United States



const usMbi = regexDetector({
  type: 'US_MBI', rule: 'us-mbi', group: 'us',
  // Values start at a token (the pattern's left boundary); see tokens.ts.
  // Its second character is a letter, inside the first token.
  token: { first: '123456789', minLength: 4, maxLength: 11, hasAny: LOWER | UPPER, notAfter: '_-' },
  // A digit, then a letter.
  // A letter second, a digit fourth, then a letter (after a dash or not).
  quick: (_text, s, u) => {
    if (!isLetter(u[s + 1]) || !isDigit(u[s + 3])) return false;
    const c = u[s + 4];
    return isLetter(c) || (c === 45 && isLetter(u[s + 5]));
  },
  pattern: /(?<![\w-])[1-9][A-Za-z][A-Za-z0-9]\d(-?)[A-Za-z][A-Za-z0-9]\d\1[A-Za-z]{2}\d{2}(?![\w-])/,
  context: ['mbi', 'medicare', 'beneficiary'],
  validate: (s) => (v.usMbi(compact(s)) ? SCORE.MEDIUM : null),
});


const dea = regexDetector({
  type: 'MEDICAL_LICENSE', rule: 'dea-number', group: 'us',
  // Values start at a token (the pattern's left boundary); see tokens.ts.
  token: { first: LETTERS, minLength: 9, maxLength: 9, has: DIGIT },
  pattern: /(?<![\w-])[A-Za-z][A-Za-z9]\d{7}(?![\w-])/,
  context: ['dea', 'license', 'licence', 'certificate', 'registration', 'prescriber'],
  validate: (s) => (v.deaNumber(s.toUpperCase()) ? SCORE.MEDIUM : null),
});

// ---------------------------------------------------------------- Europe / UK

const ukNino = regexDetector({
  type: 'UK_NINO', rule: 'uk-nino', group: 'eu',
  // Values start at a token (the pattern's left boundary); see tokens.ts.
  // Two letters then digits: a token of more than two characters holds a digit.
  // Its two letters alone are a token only before a space and the first digits.
  token: { first: LETTERS, minLength: 2, maxLength: 9, longerHas: { than: 2, has: DIGIT }, notAfter: '_-', chain: { than: 2, separators: ' ', within: 1 } },
  // Two letters, then a digit (after at most one space): most words fail on their third character.
  // The pattern's body: two letters, three pairs of digits and a letter A–D, each after at most
  // one space (a space and a digit are distinct, so it reads without backtracking).
  quick: (_text, s, u) => {
    if (!isLetter(u[s]) || !isLetter(u[s + 1])) return false;
    let i = s + 2;
    for (let pair = 0; pair < 3; pair++) {
      if (u[i] === 32) i++;
      if (!isDigit(u[i]) || !isDigit(u[i + 1])) return false;
      i += 2;
    }
    if (u[i] === 32) i++;
    const c = u[i] | 32;
    return c >= 97 && c <= 100;
  },
  pattern: /(?<![\w-])[A-Za-z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-Da-d](?![\w-])/,
  context: ['nino', 'national insurance', 'ni number', 'insurance'],
  validate: (s) => (v.ukNino(compact(s)) ? SCORE.MEDIUM : null),
});

const esNif = regexDetector({
  type: 'ES_NIF', rule: 'es-nif', group: 'eu',
  // Values start at a token (the pattern's left boundary); see tokens.ts.
  token: { first: '0123456789', minLength: 7, maxLength: 9, notAfter: '_-' },
  // Seven or eight digits, then a letter (after a dash or not).
  quick: (_text, s, u) => {
    let e = s;
    while (e - s <= 8 && isDigit(u[e])) e++;
    if (e - s < 7 || e - s > 8) return false;
    const c = u[e];
    return isLetter(c) || (c === 45 && isLetter(u[e + 1]));
  },
  pattern: /(?<![\w-])\d{7,8}-?[A-Za-z](?![\w-])/,
  context: ['nif', 'dni', 'documento', 'identidad'],
  validate: (s) => (v.esNif(compact(s)) ? SCORE.STRONG : null),
});

const esNie = regexDetector({
  type: 'ES_NIE', rule: 'es-nie', group: 'eu',
  // Values start at a token (the pattern's left boundary); see tokens.ts.
  token: { first: 'XYZxyz', maxLength: 9 },
  pattern: /(?<![\w-])[XYZxyz]-?\d{7}-?[A-Za-z](?![\w-])/,
  context: ['nie', 'extranjero', 'foreigner'],
  validate: (s) => (v.esNie(compact(s)) ? SCORE.STRONG : null),
});

const itFiscal = regexDetector({
  type: 'IT_FISCAL_CODE', rule: 'it-fiscal-code', group: 'eu',
  // Values start at a token (the pattern's left boundary); see tokens.ts.
  token: { first: LETTERS, minLength: 16, maxLength: 16 },
  pattern: /(?<![\w-])[A-Za-z]{6}[0-9LMNP-Vlmnp-v]{2}[A-Za-z][0-9LMNP-Vlmnp-v]{2}[A-Za-z][0-9LMNP-Vlmnp-v]{3}[A-Za-z](?![\w-])/,
  context: ['codice fiscale', 'fiscale', 'cf'],
  validate: (s) => (v.itFiscalCode(s.toUpperCase()) ? SCORE.STRONG : null),
});



/** Whether `units` (code units, padded with zeros) hold `count` digits from `from` (none before 0). */
const digitsAt = (units: Uint16Array, from: number, count: number) => {
  if (from < 0) return false;
  for (let k = from; k < from + count; k++) if (!isDigit(units[k])) return false;
  return true;
};
const fiHetu = regexDetector({
  type: 'FI_PERSONAL_IDENTITY_CODE', rule: 'fi-hetu', group: 'eu',
  // A value may begin inside a token (`is030594W903B`, as Presidio's tests have it) but ends at
  // one's end: with a letter for a sign it is the token's last 11 characters; with `-` or `+`
  // its six digits end a token. So the ends of tokens of 6 or more characters holding a digit are
  // gated, and the pattern is tried 11 and 6 characters before them. Six digits 11 before the end
  // lie inside the token: a shorter token would put the character before it, never a digit, among them.
  token: { minLength: 6, has: DIGIT, atEnd: true },
  reposition: (_text, e, out, size, u) => {
    if (digitsAt(u, e - 11, 6)) out[size++] = e - 11;
    const sign = u[e];
    if ((sign === 45 || sign === 43) && digitsAt(u, e - 6, 6)) out[size++] = e - 6;
    return size;
  },
  pattern: /(?<![\d-])\d{6}[-+A-FU-Ya-fu-y]\d{3}[0-9A-Ya-y](?![\w-])/,
  context: ['hetu', 'henkilötunnus', 'personal identity', 'id code'],
  validate: (s) => (v.fiHetu(s.toUpperCase()) ? SCORE.STRONG : null),
});


// ---------------------------------------------------------------- Australia




// ---------------------------------------------------------------- numeric identifiers (one shared scan)
const bySeparation = (separated: boolean, withSep: number, bare: number) => (separated ? withSep : bare);
const cardLayout = (g: readonly number[]): boolean => {
  const total = g.reduce((a, b) => a + b, 0);
  if (total < 13 || total > 19) return false;
  if (g.length === 1) return true;
  if (g.length === 3 && g[0] === 4 && g[1] === 6 && (g[2] === 5 || g[2] === 4)) return true; // Amex, Diners
  return g.length >= 4 && g.length <= 5 && g.slice(0, -1).every((n) => n === 4) && g[g.length - 1] <= 4;
};
const SSN_SHAPE = [[9], [3, 2, 4]];

export const NUMERIC_RULES: readonly NumericRule[] = [
  { type: 'CREDIT_CARD', rule: 'credit-card', group: 'global', separators: ' -', layout: cardLayout,
    context: ['card', 'credit', 'visa', 'mastercard', 'amex', 'cc', 'payment', 'debit'],
    validate: (d) => (v.creditCard(d) ? SCORE.STRONG : null) },
  { type: 'US_SSN', rule: 'us-ssn', group: 'us', separators: '- .', layout: SSN_SHAPE,
    context: ['ssn', 'social security', 'social', 'security number', 'ss#', 'ssa'],
    validate: (d, sep) => (v.usSsn(d) ? bySeparation(sep, 0.5, SCORE.VERY_WEAK) : null) },
  { type: 'US_ITIN', rule: 'us-itin', group: 'us', separators: '- ', layout: SSN_SHAPE,
    context: ['itin', 'taxpayer', 'tax id', 'individual taxpayer'],
    validate: (d, sep) => (v.usItin(d) ? bySeparation(sep, 0.5, SCORE.VERY_WEAK) : null) },
  { type: 'ABA_ROUTING_NUMBER', rule: 'aba-routing', group: 'us', separators: '-', layout: [[9], [4, 4, 1]],
    context: ['aba', 'routing', 'rtn', 'transit', 'bank'],
    validate: (d) => (v.abaRouting(d) ? SCORE.WEAK : null) },
  { type: 'US_NPI', rule: 'us-npi', group: 'us', separators: '- ', layout: [[10], [4, 3, 3]],
    context: ['npi', 'provider', 'national provider', 'prescriber', 'physician'],
    validate: (d) => (v.usNpi(d) ? SCORE.WEAK : null) },
  { type: 'UK_NHS', rule: 'uk-nhs', group: 'eu', separators: '- ', layout: [[10], [3, 3, 4]],
    context: ['nhs', 'health', 'patient', 'hospital'],
    validate: (d, sep) => (v.ukNhs(d) ? bySeparation(sep, SCORE.MEDIUM, SCORE.WEAK) : null) },
  { type: 'PL_PESEL', rule: 'pl-pesel', group: 'eu', separators: '', layout: [[11]],
    context: ['pesel', 'numer'],
    validate: (d) => (v.plPesel(d) ? SCORE.MEDIUM : null) },
  { type: 'SE_PERSONNUMMER', rule: 'se-personnummer', group: 'eu', separators: '-+', layout: [[10], [12], [6, 4], [8, 4]],
    context: ['personnummer', 'pnr', 'samordningsnummer', 'personal identity'],
    validate: (d, sep) => (v.sePersonnummer(d) ? (d.length === 12 || sep ? SCORE.MEDIUM : SCORE.WEAK) : null) },
  { type: 'DE_TAX_ID', rule: 'de-tax-id', group: 'eu', separators: ' ', layout: [[11], [2, 3, 3, 3]],
    context: ['steuer', 'steuerid', 'idnr', 'identifikationsnummer', 'tax id', 'tin', 'steuernummer'],
    validate: (d) => (v.deTaxId(d) ? 0.5 : null) },
  { type: 'AU_TFN', rule: 'au-tfn', group: 'au', separators: ' ', layout: [[9], [8], [3, 3, 3], [3, 3, 2]],
    context: ['tfn', 'tax file', 'tax file number'],
    validate: (d, sep) => (v.auTfn(d) ? bySeparation(sep, SCORE.MEDIUM, SCORE.WEAK) : null) },
  { type: 'AU_ABN', rule: 'au-abn', group: 'au', separators: ' ', layout: [[11], [2, 3, 3, 3]],
    context: ['abn', 'australian business number', 'business number'],
    validate: (d, sep) => (v.auAbn(d) ? bySeparation(sep, SCORE.MEDIUM, SCORE.WEAK) : null) },
  { type: 'AU_ACN', rule: 'au-acn', group: 'au', separators: ' ', layout: [[9], [3, 3, 3]],
    context: ['acn', 'australian company number', 'company number'],
    validate: (d, sep) => (v.auAcn(d) ? bySeparation(sep, SCORE.MEDIUM, SCORE.WEAK) : null) },
  { type: 'AU_MEDICARE', rule: 'au-medicare', group: 'au', separators: ' ', layout: [[10], [11], [4, 5, 1], [4, 5, 2], [4, 5, 1, 1]],
    context: ['medicare'],
    validate: (d, sep) => (v.auMedicare(d) ? bySeparation(sep, SCORE.MEDIUM, SCORE.WEAK) : null) },
];

export const PII_DETECTORS: readonly Detector[] = [
  email, phone, ipv4, ipv6, mac, iban, crypto,
  usMbi, dea,
  ukNino, esNif, esNie, itFiscal, fiHetu,
];
