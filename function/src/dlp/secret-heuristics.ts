import { entropyAtLeast, mostFrequentCount } from './checksums';

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

/** Accepts a secret candidate when it is random enough and not a placeholder. */
export function plausibleSecret(value: string, minEntropy: number): boolean {
  if (PLACEHOLDER_WORDS.test(value) || hasSequentialRun(value)) return false;
  // looksHandTyped's other half and the entropy from one count of the characters.
  const most = mostFrequentCount(value);
  return !(most / value.length > 0.5) && entropyAtLeast(value, minEntropy, most);
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
