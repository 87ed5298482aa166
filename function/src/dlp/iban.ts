/** IBAN length per country (ISO 13616 registry). */
const IBAN_LENGTHS: Record<string, number> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BI: 27, BR: 29, BY: 28, CH: 21, CR: 22,
  CY: 28, CZ: 24, DE: 22, DJ: 27, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18, FK: 18, FO: 18, FR: 27, GB: 22,
  GE: 22, GI: 23, GL: 18, GR: 27, GT: 28, HN: 28, HR: 21, HU: 28, IE: 22, IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30,
  KW: 30, KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20, LU: 20, LV: 21, LY: 25, MC: 27, MD: 24, ME: 22, MK: 19, MN: 20,
  MR: 27, MT: 31, MU: 30, NI: 28, NL: 18, NO: 15, OM: 23, PK: 24, PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22,
  RU: 33, SA: 24, SC: 31, SD: 18, SE: 24, SI: 19, SK: 24, SM: 27, SO: 23, ST: 25, SV: 28, TL: 23, TN: 24, TR: 26,
  UA: 29, VA: 22, VG: 24, XK: 20, YE: 30,
  // French overseas territories use France's format.
  GF: 27, GP: 27, MQ: 27, RE: 27, PF: 27, TF: 27, YT: 27, NC: 27, PM: 27, WF: 27, BL: 27, MF: 27,
};

/**
 * BBAN shapes for countries whose account part has a fixed letter/digit layout
 * (n = digits, a = upper-case letters, c = alphanumeric), so that a checksum that
 * happens to pass on a malformed account is still refused.
 */
const BBAN_SHAPES: Record<string, string> = {
  AD: '8n12c', AT: '16n', BA: '16n', BE: '12n', BG: '4a6n8c', CH: '5n12c', CR: '18n', CY: '8n16c', CZ: '20n',
  DE: '18n', DK: '14n', DO: '4c20n', EE: '16n', ES: '20n', FI: '14n', FR: '10n11c2n', GB: '4a14n', GE: '2a16n',
  GR: '7n16c', HR: '17n', HU: '24n', IE: '4a14n', IS: '22n', IT: '1a10n12c', JO: '4a4n18c', LB: '4n20c', LI: '5n12c',
  LT: '16n', LU: '3n13c', LV: '4a13c', MC: '10n11c2n', MD: '20c', ME: '18n', MK: '3n10c2n', MT: '4a5n18c', NL: '4a10n',
  NO: '11n', PL: '24n', PT: '21n', RO: '4a16c', RS: '18n', SA: '2n18c', SE: '20n', SI: '15n', SK: '20n', SM: '1a10n12c',
  TR: '5n1n16c', UA: '6n19c', VA: '18n', VG: '4a16n', XK: '16n',
};

const shapeRegex = new Map<string, RegExp>();
for (const [country, shape] of Object.entries(BBAN_SHAPES)) {
  const body = shape.replace(/(\d+)([nac])/g, (_m, n, t) => `${t === 'n' ? '\\d' : t === 'a' ? '[A-Z]' : '[A-Z0-9]'}{${n}}`);
  shapeRegex.set(country, new RegExp(`^${body}$`));
}

/** The IBAN length of a country code, or undefined for a country without IBANs. */
export function ibanLength(country: string): number | undefined {
  return Object.prototype.hasOwnProperty.call(IBAN_LENGTHS, country) ? IBAN_LENGTHS[country] : undefined;
}

/** IBAN lengths by the codes of two capital letters (26 × 26, 0 for none). */
const LENGTH_BY_CODES = new Uint8Array(26 * 26);
for (const [country, length] of Object.entries(IBAN_LENGTHS)) LENGTH_BY_CODES[(country.charCodeAt(0) - 65) * 26 + country.charCodeAt(1) - 65] = length;
/** ibanLength of the two characters at `at` (undefined unless both are capital letters of a country with IBANs). */
export function ibanLengthAt(text: string, at: number): number | undefined {
  const a = text.charCodeAt(at) - 65;
  const b = text.charCodeAt(at + 1) - 65;
  if (!(a >= 0 && a < 26 && b >= 0 && b < 26)) return undefined;
  return LENGTH_BY_CODES[a * 26 + b] || undefined;
}

/** Country length, BBAN layout where known, and the ISO 7064 mod-97 check. */
export function ibanValid(compactIban: string): boolean {
  const country = compactIban.slice(0, 2);
  const length = IBAN_LENGTHS[country];
  if (length === undefined || compactIban.length !== length) return false;
  const shape = shapeRegex.get(country);
  if (shape && !shape.test(compactIban.slice(4))) return false;
  const rearranged = compactIban.slice(4) + compactIban.slice(0, 4);
  let remainder = 0;
  for (let i = 0; i < rearranged.length; i++) {
    const code = rearranged.charCodeAt(i);
    const value = code >= 65 ? code - 55 : code - 48;
    remainder = value >= 10 ? (remainder * 100 + value) % 97 : (remainder * 10 + value) % 97;
  }
  return remainder === 1;
}
