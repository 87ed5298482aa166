/**
 * Sample values for the rules' own positive and negative samples, generated from a seed as
 * gitleaks generates its test secrets from each rule's shape (secrets.NewSecret): random-looking
 * strings of a given alphabet and length, the same on every run, and no live credential in the
 * repository.
 */
export const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
export const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
export const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
export const LOWER_HEX = '0123456789abcdef';
export const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
export const BASE64 = `${ALPHANUMERIC}+/`;
export const URL_SAFE = `${ALPHANUMERIC}_-`;

/** `length` characters of `alphabet`, pseudo-random from `seed` (mulberry32). */
export function sample(alphabet: string, length: number, seed: number): string {
  let a = seed >>> 0;
  let out = '';
  for (let i = 0; i < length; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out += alphabet[Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * alphabet.length)];
  }
  return out;
}
