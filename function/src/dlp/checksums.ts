/**
 * Checksums and structural validators for identifiers. Each takes the candidate with
 * separators already removed (digits / upper-case letters only) and returns true when valid.
 * Written by hand: each is a few lines of published arithmetic with no maintained library
 * covering the set.
 */

/**
 * The digit values of `s` (its first 32 characters), in a buffer reused by every call: valid
 * until the next one. Callers check the length first and read no further than it.
 */
const DIGIT_VALUES = new Int32Array(32);
function digitsOf(s: string): Int32Array {
  for (let i = 0; i < s.length && i < 32; i++) DIGIT_VALUES[i] = s.charCodeAt(i) - 48;
  return DIGIT_VALUES;
}

export function luhn(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

function allSame(s: string): boolean {
  const first = s.charCodeAt(0);
  for (let i = 1; i < s.length; i++) if (s.charCodeAt(i) !== first) return false;
  return true;
}

/** Payment card: 13–19 digits, Luhn, and a known issuer prefix. */
export function creditCard(d: string): boolean {
  if (d.length < 13 || d.length > 19 || allSame(d) || !luhn(d)) return false;
  // The leading digits as numbers (luhn has checked that every character is a digit).
  const p2 = (d.charCodeAt(0) - 48) * 10 + (d.charCodeAt(1) - 48);
  const p3 = p2 * 10 + (d.charCodeAt(2) - 48);
  const p4 = p3 * 10 + (d.charCodeAt(3) - 48);
  const p6 = (p4 * 10 + (d.charCodeAt(4) - 48)) * 10 + (d.charCodeAt(5) - 48);
  return (
    d[0] === '4' || // Visa
    (p2 >= 51 && p2 <= 55) || (p6 >= 222100 && p6 <= 272099) || // Mastercard
    p2 === 34 || p2 === 37 || // Amex
    p4 === 6011 || p2 === 65 || (p3 >= 644 && p3 <= 649) || (p6 >= 622126 && p6 <= 622925) || // Discover
    (p4 >= 3528 && p4 <= 3589) || // JCB
    p2 === 62 || p2 === 81 || // UnionPay
    p2 === 50 || (p2 >= 56 && p2 <= 69) || // Maestro and other 5x/6x debit
    p3 === 300 || p3 === 301 || p3 === 302 || p3 === 303 || p3 === 304 || p3 === 305 || p2 === 38 || p2 === 39 || // Diners
    p4 === 2200 || p4 === 2201 || p4 === 2202 || p4 === 2203 || p4 === 2204 || // Mir
    d[0] === '1' // UATP and test ranges
  );
}

/** ABA routing transit number: prefix ranges and the 3-7-1 weighted checksum. */
export function abaRouting(d: string): boolean {
  if (d.length !== 9 || allSame(d)) return false;
  const p = Number(d.slice(0, 2));
  if (!((p >= 0 && p <= 12) || (p >= 21 && p <= 32) || (p >= 61 && p <= 72) || p === 80)) return false;
  const n = digitsOf(d);
  const sum = 3 * (n[0] + n[3] + n[6]) + 7 * (n[1] + n[4] + n[7]) + (n[2] + n[5] + n[8]);
  return sum % 10 === 0;
}

/** US NPI: 10 digits starting 1 or 2, Luhn over "80840" + the number. */
export function usNpi(d: string): boolean {
  return d.length === 10 && (d[0] === '1' || d[0] === '2') && !allSame(d.slice(0, 9)) && !allSame(d.slice(1)) && luhn(`80840${d}`);
}

/** US SSN structural rules (no checksum exists). */
const SSN_ADVERTISING = new Set(['078051120', '219099999', '457555462', '123456789', '111111111', '333333333', '666666666']);
export function usSsn(d: string): boolean {
  if (d.length !== 9 || allSame(d) || SSN_ADVERTISING.has(d)) return false;
  const area = Number(d.slice(0, 3));
  return area !== 0 && area !== 666 && area < 900 && d.slice(3, 5) !== '00' && d.slice(5) !== '0000';
}

/** US ITIN: 9xx-[50-65|70-88|90-92|94-99]-xxxx. */
export function usItin(d: string): boolean {
  if (d.length !== 9 || d[0] !== '9') return false;
  const g = Number(d.slice(3, 5));
  return (g >= 50 && g <= 65) || (g >= 70 && g <= 88) || (g >= 90 && g <= 92) || (g >= 94 && g <= 99);
}

/** DEA registration number: 2 letters + 7 digits, (d1+d3+d5) + 2(d2+d4+d6) ≡ d7 (mod 10). */
export function deaNumber(s: string): boolean {
  const m = /^[ABCDEFGHJKLMPRSTUX][A-Z9](\d{7})$/.exec(s);
  if (!m) return false;
  const n = digitsOf(m[1]);
  return (n[0] + n[2] + n[4] + 2 * (n[1] + n[3] + n[5])) % 10 === n[6];
}

/** UK NHS number: 10 digits, mod 11 weights 10..2. */
export function ukNhs(d: string): boolean {
  if (d.length !== 10 || allSame(d)) return false;
  const n = digitsOf(d);
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += n[i] * (10 - i);
  const check = 11 - (sum % 11);
  return (check === 11 ? 0 : check) === n[9] && check !== 10;
}

/** UK National Insurance number structure. */
export function ukNino(s: string): boolean {
  return /^(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\d{6}[A-D]$/.test(s) && !/^[A-Z]{2}0{6}/.test(s);
}

const NIF_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';
/** Spanish DNI/NIF: 8 digits (leading zero optional) + control letter. */
export function esNif(s: string): boolean {
  const m = /^(\d{7,8})([A-Z])$/.exec(s);
  return !!m && NIF_LETTERS[Number(m[1]) % 23] === m[2];
}

/** Spanish NIE: X/Y/Z + 7 digits + control letter. */
export function esNie(s: string): boolean {
  const m = /^([XYZ])(\d{7})([A-Z])$/.exec(s);
  return !!m && NIF_LETTERS[Number(`${'XYZ'.indexOf(m[1])}${m[2]}`) % 23] === m[3];
}

const IT_ODD: Record<string, number> = {};
'1,0,5,7,9,13,15,17,19,21,2,4,18,20,11,3,6,8,12,14,16,10,22,25,24,23'.split(',').forEach((v, i) => {
  IT_ODD[String.fromCharCode(65 + i)] = Number(v);
  if (i < 10) IT_ODD[String(i)] = Number(v);
});
/** Italian codice fiscale: 16 characters (with omocodia substitutions), check character. */
export function itFiscalCode(s: string): boolean {
  if (!/^[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/.test(s)) return false;
  let sum = 0;
  for (let i = 0; i < 15; i++) {
    const c = s[i];
    if (i % 2 === 0) sum += IT_ODD[c];
    else sum += c >= '0' && c <= '9' ? c.charCodeAt(0) - 48 : c.charCodeAt(0) - 65;
  }
  return String.fromCharCode(65 + (sum % 26)) === s[15];
}

const PESEL_WEIGHTS = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3];
/** Polish PESEL: 11 digits, valid birth date (century in month), weighted checksum. */
export function plPesel(d: string): boolean {
  if (d.length !== 11) return false;
  const n = digitsOf(d);
  const w = PESEL_WEIGHTS;
  let sum = 0;
  for (let i = 0; i < 10; i++) sum += n[i] * w[i];
  if ((10 - (sum % 10)) % 10 !== n[10]) return false;
  const month = (n[2] * 10 + n[3]) % 20;
  const day = n[4] * 10 + n[5];
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

function validDate(yy: number, mm: number, dd: number): boolean {
  if (mm < 1 || mm > 12 || dd < 1) return false;
  const days = [31, yy % 4 === 0 && (yy % 100 !== 0 || yy % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return dd <= days[mm - 1];
}

/** Swedish personnummer / samordningsnummer: (YY)YYMMDD[-+]NNNC, Luhn over the last 10 digits. */
export function sePersonnummer(d: string): boolean {
  if (d.length !== 10 && d.length !== 12) return false;
  const ten = d.slice(-10);
  const year = d.length === 12 ? Number(d.slice(0, 4)) : 2000 + Number(ten.slice(0, 2));
  if (d.length === 12 && (year < 1800 || year > 2100)) return false;
  const day = Number(ten.slice(4, 6));
  return validDate(year, Number(ten.slice(2, 4)), day > 60 ? day - 60 : day) && luhn(ten);
}

const FI_CHECK = '0123456789ABCDEFHJKLMNPRSTUVWXY';
const FI_CENTURY: Record<string, number> = { '+': 1800, '-': 1900, Y: 1900, X: 1900, W: 1900, V: 1900, U: 1900, A: 2000, B: 2000, C: 2000, D: 2000, E: 2000, F: 2000 };
/** Finnish henkilötunnus: DDMMYY C NNN X, century sign, mod 31 check character. */
export function fiHetu(s: string): boolean {
  const m = /^(\d{2})(\d{2})(\d{2})([-+A-FU-Y])(\d{3})([0-9A-Y])$/.exec(s);
  if (!m) return false;
  const year = FI_CENTURY[m[4]] + Number(m[3]);
  if (!validDate(year, Number(m[2]), Number(m[1]))) return false;
  return FI_CHECK[Number(`${m[1]}${m[2]}${m[3]}${m[5]}`) % 31] === m[6];
}

/** German Steuerliche Identifikationsnummer: 11 digits, digit-repeat rule, ISO 7064 MOD 11,10. */
export function deTaxId(d: string): boolean {
  if (d.length !== 11 || d[0] === '0') return false;
  // Official rule: one digit repeats (twice or thrice) in the first ten. Older test numbers
  // (as used by Presidio) have ten distinct digits, so only more than one repeat is refused.
  const counts = new Map<string, number>();
  for (const c of d.slice(0, 10)) counts.set(c, (counts.get(c) ?? 0) + 1);
  const repeats = [...counts.values()].filter((c) => c > 1);
  if (repeats.length > 1 || (repeats[0] ?? 0) > 3) return false;
  let product = 10;
  for (let i = 0; i < 10; i++) {
    let sum = (d.charCodeAt(i) - 48 + product) % 10;
    if (sum === 0) sum = 10;
    product = (sum * 2) % 11;
  }
  let check = 11 - product;
  if (check === 10) check = 0;
  return check === d.charCodeAt(10) - 48;
}

const TFN_WEIGHTS_9 = [1, 4, 3, 7, 5, 8, 6, 9, 10];
const TFN_WEIGHTS_8 = [10, 7, 8, 4, 6, 3, 5, 1];
/** Australian TFN: 8 or 9 digits, weighted mod 11. */
export function auTfn(d: string): boolean {
  if ((d.length !== 9 && d.length !== 8) || allSame(d)) return false;
  const w = d.length === 9 ? TFN_WEIGHTS_9 : TFN_WEIGHTS_8;
  let sum = 0;
  for (let i = 0; i < d.length; i++) sum += (d.charCodeAt(i) - 48) * w[i];
  return sum % 11 === 0;
}

const ABN_WEIGHTS = [10, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19];
/** Australian ABN: 11 digits, subtract 1 from the first, weighted mod 89. */
export function auAbn(d: string): boolean {
  if (d.length !== 11 || d[0] === '0') return false;
  const w = ABN_WEIGHTS;
  let sum = 0;
  for (let i = 0; i < 11; i++) sum += (d.charCodeAt(i) - 48 - (i === 0 ? 1 : 0)) * w[i];
  return sum % 89 === 0;
}

/** Australian ACN: 9 digits, weighted complement mod 10. */
export function auAcn(d: string): boolean {
  if (d.length !== 9) return false;
  const n = digitsOf(d);
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += n[i] * (8 - i);
  return (10 - (sum % 10)) % 10 === n[8];
}

const MEDICARE_WEIGHTS = [1, 3, 7, 9, 1, 3, 7, 9];
/** Australian Medicare card: 10 (or 11 with issue number) digits, first 2–6, weighted mod 10. */
export function auMedicare(d: string): boolean {
  if ((d.length !== 10 && d.length !== 11) || d[0] < '2' || d[0] > '6') return false;
  const n = digitsOf(d);
  const w = MEDICARE_WEIGHTS;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += n[i] * w[i];
  return sum % 10 === n[8];
}

/** US Medicare Beneficiary Identifier (structure only; no check digit exists). */
export function usMbi(s: string): boolean {
  return /^[1-9][AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9]\d[AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9]\d[AC-HJKMNP-RT-Y]{2}\d{2}$/.test(s);
}

/** Shannon entropy in bits per character. */
/** Counts per ASCII code, reused (and cleared) by the functions below: no Map per call on the hot path. */
const ASCII_COUNTS = new Int32Array(128);

/** True when every code unit of `s` is ASCII. */
export function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 128) return false;
  return true;
}

/**
 * Whether the Shannon entropy of `s` (bits per character) is at least `min`, given the count of
 * its most frequent character (mostFrequentCount): for ASCII text the min-entropy
 * -log2(most / length) never exceeds the Shannon entropy, so when it clears `min` (with a margin
 * far above rounding) no logarithm per character is needed; otherwise the entropy is computed.
 */
export function entropyAtLeast(s: string, min: number, most: number): boolean {
  if (s.length > 0 && -Math.log2(most / s.length) >= min + 1e-9 && isAscii(s)) return true;
  return shannonEntropy(s) >= min;
}

export function shannonEntropy(s: string): number {
  if (s.length === 0) return 0;
  let h = 0;
  if (isAscii(s)) {
    const counts = ASCII_COUNTS;
    for (let i = 0; i < s.length; i++) counts[s.charCodeAt(i)]++;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      const n = counts[c];
      if (n === 0) continue;
      counts[c] = 0;
      const p = n / s.length;
      h -= p * Math.log2(p);
    }
    return h;
  }
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/** The largest number of times one character occurs in `s` (code points). */
export function mostFrequentCount(s: string): number {
  let max = 0;
  if (isAscii(s)) {
    const counts = ASCII_COUNTS;
    for (let i = 0; i < s.length; i++) {
      const n = ++counts[s.charCodeAt(i)];
      if (n > max) max = n;
    }
    for (let i = 0; i < s.length; i++) counts[s.charCodeAt(i)] = 0;
    return max;
  }
  const counts = new Map<string, number>();
  for (const c of s) {
    const n = (counts.get(c) ?? 0) + 1;
    counts.set(c, n);
    if (n > max) max = n;
  }
  return max;
}
