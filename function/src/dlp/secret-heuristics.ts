import { entropyAtLeast, mostFrequentCount, shannonEntropy } from './checksums';

/** Words that mark a value as a placeholder or an example rather than a live credential. */
const PLACEHOLDER_WORDS =
  /(?:example|sample|dummy|placeholder|changeme|change_me|your[_-]?(?:api[_-]?)?(?:key|token|secret|password)|redacted|insert|replace|xxxx|\*\*\*\*|\.\.\.\.|<[^>]*>|\$\{|\{\{|%\(|\$\(|^\$\w|^(?:true|false|null|none|nil|undefined)$|^(?:password|passwd|secret|token|pass|pwd|test|admin|user|username|root)$)/i;

/** True for runs like `abcdefghij` or `0123456789`: typed by hand, not generated. */
export function hasSequentialRun(s: string, length = 10): boolean {
  let run = 1;
  for (let i = 1; i < s.length; i++) {
    run = s.charCodeAt(i) === s.charCodeAt(i - 1) + 1 ? run + 1 : 1;
    if (run >= length) return true;
  }
  return false;
}

/** One character repeated for most of the value, e.g. `AKIAXXXXXXXXXXXXXXXX`. */
function mostlyOneChar(s: string): boolean {
  return mostFrequentCount(s) / s.length > 0.5;
}

/** Typed by hand rather than generated: a long sequential run or one character dominating. */
export function looksHandTyped(value: string): boolean {
  return hasSequentialRun(value) || mostlyOneChar(value);
}

export function looksLikePlaceholder(value: string): boolean {
  return PLACEHOLDER_WORDS.test(value) || looksHandTyped(value);
}

/** Per-character counts for looksGenerated, zeroed again before it returns. */
const COUNTS = new Int32Array(128);

/**
 * `!looksHandTyped(value) && entropyAtLeast(value, minEntropy, mostFrequentCount(value))` (the
 * entropy test skipped when `minEntropy` is undefined), from one walk over an ASCII value: the
 * character counts, the most frequent count, the number of distinct characters and the longest
 * sequential run together. Other values take the separate functions.
 */
export function looksGenerated(value: string, minEntropy: number | undefined): boolean {
  const n = value.length;
  let most = 0;
  let distinct = 0;
  let run = 1;
  let prev = -2;
  let sequential = false;
  let i = 0;
  for (; i < n; i++) {
    const c = value.charCodeAt(i);
    if (c >= 128) break;
    const k = ++COUNTS[c];
    if (k > most) most = k;
    if (k === 1) distinct++;
    // hasSequentialRun's test, on the same code units.
    run = c === prev + 1 ? run + 1 : 1;
    prev = c;
    if (run >= 10) {
      sequential = true;
      i++;
      break;
    }
  }
  for (let j = 0; j < i; j++) COUNTS[value.charCodeAt(j)] = 0;
  if (sequential) return false;
  if (i < n || n === 0) {
    // A non-ASCII character (or no character): the separate functions.
    const m = mostFrequentCount(value);
    return !hasSequentialRun(value) && !(m / n > 0.5) && (minEntropy === undefined || entropyAtLeast(value, minEntropy, m));
  }
  if (most / n > 0.5) return false;
  if (minEntropy === undefined) return true;
  // entropyAtLeast's shortcut (the value is ASCII): the min-entropy bounds the Shannon entropy from below.
  if (-Math.log2(most / n) >= minEntropy + 1e-9) return true;
  // log2 of the number of distinct characters bounds it from above (the margin is far above rounding).
  if (Math.log2(distinct) < minEntropy - 1e-9) return false;
  return shannonEntropy(value) >= minEntropy;
}

/** Accepts a secret candidate when it is random enough and not a placeholder. */
export function plausibleSecret(value: string, minEntropy: number): boolean {
  // The word list last: the character walk refuses most candidates for less.
  return looksGenerated(value, minEntropy) && !PLACEHOLDER_WORDS.test(value);
}

/**
 * Identifiers whose values have one documented shape, judged by that vendor's rule alone: an AWS
 * secret access key is 40 base64 characters (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html),
 * an Azure storage account key 88 (64 bytes in base64). A value of another shape under such a
 * name is a sample or a truncated copy, not a key the generic rules should report.
 */
const VENDOR_OWNED_IDENTIFIER = /(?:^|_)(?:aws_secret(?:_access)?_key|secret_access_key|aws_access_key_id|(?:azure_)?storage_(?:account_)?key|account_key)$/;
export function vendorOwnedIdentifier(normalizedIdentifier: string): boolean {
  return VENDOR_OWNED_IDENTIFIER.test(normalizedIdentifier);
}

/** An identifier as lower-case snake_case words (`DbPassword`, `DB-PASSWORD` → `db_password`). */
export function normalizeIdentifier(identifier: string): string {
  return identifier
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}
