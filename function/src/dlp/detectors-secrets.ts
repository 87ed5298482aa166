import { shannonEntropy } from './checksums';
import { CREDENTIAL_DETECTORS, type DescribedDetector } from './detectors-credentials';
import { regexDetector } from './regex-detector';
import { looksGenerated, normalizeIdentifier, plausibleSecret, vendorOwnedIdentifier } from './secret-heuristics';
import { ALPHANUMERIC, BASE32, BASE64, LETTERS, LOWER_HEX, sample, UPPER_ALNUM, URL_SAFE } from './samples';
import type { TokenGate } from './tokens';
import type { Candidate, Detector } from './types';

/**
 * Secret rules. Rule ids follow gitleaks where it has one. Every pattern is linear: a left
 * boundary (so matches begin at a token start), a literal prefix or keyword, bounded quantifiers.
 * `keywords` are the literal prefilter: a rule runs only when one of them is in the text.
 */
interface SecretSpec {
  readonly rule: string;
  readonly pattern: RegExp;
  readonly keywords: readonly string[];
  /** Minimum Shannon entropy of the value (bits/char). */
  readonly entropy?: number;
  /** Capture group with the secret value; default the whole match. */
  readonly group?: number;
  /** Extra check on the value. */
  readonly check?: (value: string) => boolean;
  /** Run the placeholder-word heuristics too (generic rules). Default: only repetition/sequence checks. */
  readonly placeholders?: boolean;
  readonly score?: number;
  /** For rules without a keyword: the tokens a value starts at (see tokens.ts). */
  readonly token?: TokenGate;
  /** What the rule finds, and its own samples (test/dlp/rule-samples.test.ts runs them). */
  readonly description?: string;
  readonly positives?: readonly string[];
  readonly negatives?: readonly string[];
}

/** The ASCII characters of a regex character class body (`A-Za-z0-9_-`, `\\w-`), as a table; other characters are in none of them (no `u` or `i` flag). */
function classTable(body: string): Uint8Array {
  const re = new RegExp(`^[${body}]$`);
  const table = new Uint8Array(128);
  for (let c = 0; c < 128; c++) table[c] = re.test(String.fromCharCode(c)) ? 1 : 0;
  return table;
}

/** `(?<![B])prefix[C]{min,max}(?![A])` (or `\\w{…}`), the shape of most vendor-prefixed tokens. */
const PREFIXED_TOKEN = /^\(\?<!\[((?:[^\]\\]|\\.)+)\]\)([A-Za-z0-9_-]+)(?:\[((?:[^\]\\]|\\.)+)\]|(\\w))\{(\d+)(?:,(\d+))?\}\(\?!\[((?:[^\]\\]|\\.)+)\]\)$/;

/**
 * For a pattern of PREFIXED_TOKEN's shape without flags, whose body class is inside the class
 * its lookahead refuses: the end of its match starting at `s`, or -1, without the regex. The
 * greedy body can only succeed at its whole run (a shorter one is followed by a body character,
 * which the lookahead refuses), so the match is: no B character before `s`, the prefix, a run
 * of C characters of min to max, and no A character after it.
 */
function prefixedTokenMatcher(pattern: RegExp): ((text: string, s: number) => number) | null {
  const m = pattern.flags === '' ? PREFIXED_TOKEN.exec(pattern.source) : null;
  if (!m) return null;
  const before = classTable(m[1]);
  const prefix = m[2];
  const body = classTable(m[4] ? String.raw`\w` : m[3]);
  const min = Number(m[5]);
  const max = m[6] === undefined ? min : Number(m[6]);
  const after = classTable(m[7]);
  for (let c = 0; c < 128; c++) if (body[c] === 1 && after[c] !== 1) return null;
  const p = prefix.length;
  return (text, s) => {
    const b = s > 0 ? text.charCodeAt(s - 1) : 128;
    if (b < 128 && before[b] === 1) return -1;
    if (!text.startsWith(prefix, s)) return -1;
    const from = s + p;
    const limit = Math.min(text.length, from + max + 1);
    let i = from;
    for (let c; i < limit && (c = text.charCodeAt(i)) < 128 && body[c] === 1; i++);
    if (i - from < min || i - from > max) return -1;
    const a = text.charCodeAt(i); // NaN at the end of the text
    return a < 128 && after[a] === 1 ? -1 : i;
  };
}

function secret(spec: SecretSpec): Detector {
  const validate = (value: string): number | null => {
    if (spec.placeholders) {
      if (!plausibleSecret(value, spec.entropy ?? 0)) return null;
    } else if (!looksGenerated(value, spec.entropy)) return null; // looksHandTyped and the entropy check, in one walk
    if (spec.check && !spec.check(value)) return null;
    return spec.score ?? 0.9;
  };
  let detector = regexDetector({
    type: 'SECRET',
    rule: spec.rule,
    group: 'secrets',
    pattern: spec.pattern,
    group_: spec.group,
    keywords: spec.keywords.length > 0 ? spec.keywords : undefined,
    token: spec.token,
    validate,
  });
  const matchEnd = detector.findAtKeywords && spec.group === undefined ? prefixedTokenMatcher(spec.pattern) : null;
  if (matchEnd) {
    // regexDetector's search at keyword starts (a match consumes the starts it covers), with the
    // pattern matched by hand: exact, see prefixedTokenMatcher.
    detector = {
      ...detector,
      findAtKeywords(text: string, starts: ArrayLike<number>): Candidate[] {
        const out: Candidate[] = [];
        let consumed = 0;
        for (let k = 0; k < starts.length; k++) {
          const s = starts[k];
          if (s < consumed) continue;
          const end = matchEnd(text, s);
          if (end < 0) continue;
          consumed = end;
          const score = validate(text.slice(s, end));
          if (score !== null) out.push({ start: s, end, score });
        }
        return out;
      },
    };
  }
  if (spec.description === undefined) return detector;
  if (!spec.positives?.length || !spec.negatives?.length) throw new Error(`rule ${spec.rule} has a description but not samples of both kinds`);
  const described: DescribedDetector = { ...detector, description: spec.description, positives: spec.positives, negatives: spec.negatives };
  return described;
}

/** Quote, whitespace or end after a value. */
const END = String.raw`(?=[\x60'"\s;,)\]}<>]|\\[nrt]|$)`;
/** Start of a value: line start, whitespace, quote, or an assignment character. */
const START = String.raw`(?<![A-Za-z0-9_+/.~-])`;

/**
 * An assignment of a value to an identifier that contains one of `keywords`, in the forms
 * source code and config files use:
 *   A. `name = value`, `name: value`, `name := value`, `$name .= value`, `var name string = "value"`
 *   B. `("name", "value")` (setProperty, getenv defaults)
 *   C. `<name>value</name>`
 * The match starts at the keyword (no lazy prefix, so the scan stays linear); the whole
 * identifier is recovered by walking back over identifier characters.
 */
function assignmentRegex(keywords: string, value: string, flags: string): RegExp {
  const kw = `(?:${keywords})`;
  return new RegExp(
    [
      // (?=(v))\\1 is an atomic match of the value: no backtracking into it when END fails.
      String.raw`${kw}[ \t\w.-]{0,20}?[ \t'"]{0,3}(?:=|:{1,3}=|\|\|=|:|=>|\?=|\.=)(?![=>])[ \t\x60'"=]{0,5}(?=(${value}))\1${END}`,
      String.raw`${kw}[\w.-]{0,20}["'][ \t]{0,3},[ \t]{0,3}["'](${value})["']`,
      String.raw`${kw}[\w.-]{0,20}>\s{0,10}(${value})\s{0,10}<\/`,
    ].join('|'),
    flags,
  );
}

/** `[\w.-]` as a table (the class matches no character outside ASCII). */
const IDENTIFIER_CHAR = classTable(String.raw`\w.-`);
function identifierAround(text: string, matchStart: number, valueStart: number): string {
  let i = matchStart;
  for (let c; i > 0 && matchStart - i < 40 && (c = text.charCodeAt(i - 1)) < 128 && IDENTIFIER_CHAR[c] === 1; ) i--;
  const head = text.slice(i, valueStart);
  return head.replace(/[\s'"=:>,.$`(]+$/, '').replace(/\s+\w+$/, '');
}

/** `=`, `:`, `|` and `?` (the assignment operators' first characters), quotes and `>`: one of them starts each form's operator. */
const OPERATOR_START = ['=', ':', '|', '?', '"', "'", '>'];
/**
 * Whether one of OPERATOR_START occurs in text[from, from + reach): a necessary condition for
 * assignmentRegex to match at `from`. `next` holds each character's next offset found by indexOf
 * (the text's length when there is none), reused while the ascending `from`s have not passed it:
 * the same answer as reading the window, for a few comparisons per keyword start.
 */
function operatorNear(text: string, from: number, reach: number, next: Int32Array): boolean {
  const end = Math.min(text.length, from + reach);
  for (let j = 0; j < OPERATOR_START.length; j++) {
    let at = next[j];
    if (at < from) {
      at = text.indexOf(OPERATOR_START[j], from);
      next[j] = at = at < 0 ? text.length : at;
    }
    if (at < end) return true;
  }
  return false;
}

interface AssignmentSpec {
  readonly rule: string;
  readonly keywords: readonly string[];
  readonly value: string;
  readonly entropy: number;
  readonly score?: number;
  /** Refuse by identifier (e.g. `public_key`, `api_version`). */
  readonly identifierDenied?: (identifier: string) => boolean;
  /** Refuse by value shape. */
  readonly valueDenied?: (value: string, identifier: string) => boolean;
}

function assignment(spec: AssignmentSpec): Detector {
  const escaped = spec.keywords.map((k) => k.toLowerCase().replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')).join('|');
  const insensitive = assignmentRegex(escaped, spec.value, 'gi');
  // On lower-cased text the keywords match without /i, which V8 runs several times faster.
  const onLower = assignmentRegex(escaped, spec.value, 'g');
  // Tried once at each keyword start the engine's pass recorded: /i costs nothing there.
  const sticky = assignmentRegex(escaped, spec.value, 'iy');
  // Every form has its operator, quote or `>` within the keyword and 20 + 3 characters after it (and `.=` one more).
  const longest = Math.max(...spec.keywords.map((k) => k.length));
  const reach = longest + 20 + 3 + 2;
  // A value of one class `[C]{m,n}` whose every form's terminator (END, the closing quote, `\s` or `<`) is outside C:
  // a match at `s` ends its value at most longest + 32 + n characters on (the keyword, 20 identifier characters, 3 quotes
  // or spaces, a 4-character operator and 5 spaces or quotes, the value), and a character outside C is there.
  const single = /^\[((?:[^\]\\]|\\.)+)\]\{(\d+)(?:,(\d+))?\}$/.exec(spec.value);
  const valueClass = single ? classTable(single[1]) : null;
  const terminators = "`'\"\t\n\v\f\r ;,)]}<>\\";
  const runReach = valueClass && ![...terminators].some((ch) => valueClass[ch.charCodeAt(0)] === 1) ? longest + 32 + Number(single![3] ?? single![2]) : -1;
  const next = new Int32Array(OPERATOR_START.length);
  // identifierDenied by identifier, remembered: a text repeats its identifiers (bounded, the function is pure).
  const deniedIdentifiers = new Map<string, boolean>();
  const identifierDenied = (identifier: string): boolean => {
    if (!spec.identifierDenied) return false;
    let denied = deniedIdentifiers.get(identifier);
    if (denied === undefined) {
      if (deniedIdentifiers.size >= 4096) deniedIdentifiers.clear();
      deniedIdentifiers.set(identifier, (denied = spec.identifierDenied(identifier)));
    }
    return denied;
  };
  function candidate(text: string, m: RegExpExecArray): Candidate | null {
    const matched = m[1] ?? m[2] ?? m[3];
    if (matched === undefined) return null;
    const valueStart = m.index + m[0].lastIndexOf(matched);
    const value = text.slice(valueStart, valueStart + matched.length);
    // The four refusals are independent: the character walk (which refuses most values) first.
    if (!looksGenerated(value, spec.entropy)) return null;
    const identifier = identifierAround(text, m.index, valueStart);
    if (identifierDenied(identifier)) return null;
    if (spec.valueDenied?.(value, identifier)) return null;
    if (!plausibleSecret(value, spec.entropy)) return null;
    return { start: valueStart, end: valueStart + value.length, score: spec.score ?? 0.85 };
  }
  return {
    type: 'SECRET',
    rule: spec.rule,
    group: 'secrets',
    keywords: spec.keywords.map((k) => k.toLowerCase()),
    *find(text: string, lower: string): Iterable<Candidate> {
      const sameOffsets = lower.length === text.length;
      const re = sameOffsets ? onLower : insensitive;
      const haystack = sameOffsets ? lower : text;
      re.lastIndex = 0;
      for (let m; (m = re.exec(haystack)); ) {
        const c = candidate(text, m);
        if (c) yield c;
      }
    },
    // Eager (an array, not a generator): `next` is this detector's own, reset at each call.
    findAtKeywords(text: string, starts: ArrayLike<number>): Candidate[] {
      const out: Candidate[] = [];
      // Where a match ends the whole-text search resumes: later keyword starts inside it are skipped.
      let consumed = 0;
      next.fill(-1);
      // The first character outside the value's class at or after the current start (reused while the starts stay before it).
      let runEnd = -1;
      for (let k = 0; k < starts.length; k++) {
        if (starts[k] < consumed || !operatorNear(text, starts[k], reach, next)) continue;
        if (runReach >= 0 && valueClass) {
          if (runEnd < starts[k]) {
            runEnd = starts[k];
            for (let c; runEnd < text.length && (c = text.charCodeAt(runEnd)) < 128 && valueClass[c] === 1; ) runEnd++;
          }
          // No character outside the class within reach: no value of at most n characters can end in a terminator.
          if (runEnd - starts[k] > runReach) continue;
        }
        sticky.lastIndex = starts[k];
        const m = sticky.exec(text);
        if (!m) continue;
        consumed = starts[k] + m[0].length;
        const c = candidate(text, m);
        if (c) out.push(c);
      }
      return out;
    },
  };
}

/** gitleaks-style "semi-generic" rule: a vendor keyword in the identifier and a value of the vendor's shape. */
function keyed(rule: string, keywords: string[], value: string, entropy = 3): Detector {
  return assignment({ rule, keywords, value, entropy });
}

const AZURE_STORAGE_KEY = String.raw`[A-Za-z0-9+/]{86}==`;

const RULES: Detector[] = [
  // ---------------------------------------------------------------- AI providers
  secret({ rule: 'openai-api-key',
    description: 'An OpenAI API key: `sk-` (optionally `proj-`, `svcacct-` or `admin-`), URL-safe characters around the `T3BlbkFJ` marker.',
    positives: [`OPENAI_API_KEY=sk-${sample(ALPHANUMERIC, 20, 31)}T3BlbkFJ${sample(ALPHANUMERIC, 20, 32)}`, `sk-proj-${sample(URL_SAFE, 64, 33)}`],
    negatives: [`sk-${sample(ALPHANUMERIC, 10, 31)}T3BlbkFJ${sample(ALPHANUMERIC, 10, 32)}`, `sk-proj-${'x'.repeat(64)}`], keywords: ['t3blbkfj'], entropy: 3,
    pattern: new RegExp(String.raw`${START}sk-(?:(?:proj|svcacct|admin)-)?[A-Za-z0-9_-]{20,100}T3BlbkFJ[A-Za-z0-9_-]{20,100}${END}`) }),
  secret({ rule: 'openai-api-key', keywords: ['sk-proj-', 'sk-svcacct-', 'sk-admin-'], entropy: 4,
    pattern: new RegExp(String.raw`${START}sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,220}${END}`) }),
  secret({ rule: 'anthropic-api-key',
    description: 'An Anthropic API key: `sk-ant-api03-`, 93 URL-safe base64 characters and `AA`.',
    positives: [`ANTHROPIC_API_KEY=sk-ant-api03-${sample(URL_SAFE, 93, 1)}AA`],
    negatives: [`sk-ant-api03-${sample(URL_SAFE, 92, 1)}AA`, `sk-ant-api03-${'x'.repeat(93)}AA`], keywords: ['sk-ant-api03-'], entropy: 3.5,
    pattern: new RegExp(String.raw`${START}sk-ant-api03-[A-Za-z0-9_-]{93}AA${END}`) }),
  secret({ rule: 'anthropic-admin-api-key',
    description: 'An Anthropic admin API key: `sk-ant-admin01-`, 93 URL-safe base64 characters and `AA`.',
    positives: [`key: sk-ant-admin01-${sample(URL_SAFE, 93, 2)}AA`],
    negatives: [`sk-ant-admin01-${sample(URL_SAFE, 93, 2)}AB`, `sk-ant-admin01-${'A'.repeat(93)}AA`], keywords: ['sk-ant-admin01-'], entropy: 3.5,
    pattern: new RegExp(String.raw`${START}sk-ant-admin01-[A-Za-z0-9_-]{93}AA${END}`) }),
  secret({ rule: 'perplexity-api-key',
    description: 'A Perplexity API key: `pplx-` and 48 letters and digits.',
    positives: [`PPLX_KEY=pplx-${sample(ALPHANUMERIC, 48, 3)}`],
    negatives: [`pplx-${sample(ALPHANUMERIC, 47, 3)}`, `xpplx-${sample(ALPHANUMERIC, 48, 3)}`], keywords: ['pplx-'], entropy: 3.5,
    pattern: /(?<![\w-])pplx-[A-Za-z0-9]{48}(?![A-Za-z0-9])/ }),
  secret({ rule: 'huggingface-access-token',
    description: 'A Hugging Face user access token: `hf_` and 34 letters.',
    positives: [`HF_TOKEN=hf_${sample(LETTERS, 34, 4)}`],
    negatives: [`hf_${sample(LETTERS, 33, 4)}`, `hf_${'x'.repeat(34)}`], keywords: ['hf_'], entropy: 3,
    pattern: /(?<![\w-])hf_[A-Za-z]{34}(?![\w-])/ }),
  secret({ rule: 'huggingface-organization-api-token',
    description: 'A Hugging Face organization API token: `api_org_` and 34 letters.',
    positives: [`token = "api_org_${sample(LETTERS, 34, 5)}"`],
    negatives: [`api_org_${sample(LETTERS, 35, 5)}`, `api_org_${'abcdefghijklmnopq'.repeat(2)}`], keywords: ['api_org_'], entropy: 3,
    pattern: /(?<![\w-])api_org_[A-Za-z]{34}(?![\w-])/ }),
  keyed('cohere-api-token', ['cohere', 'co_api_key'], '[A-Za-z0-9]{40}', 3.5),

  // ---------------------------------------------------------------- Azure
  secret({ rule: 'azure-ad-client-secret',
    description: 'An Entra ID (Azure AD) application client secret: three characters, a digit, `Q~` and 31–34 more.',
    positives: [`AZURE_CLIENT_SECRET=${sample(ALPHANUMERIC, 3, 6)}8Q~${sample(URL_SAFE, 34, 6)}`],
    negatives: [`${sample(ALPHANUMERIC, 3, 6)}8Q~${sample(ALPHANUMERIC, 20, 6)}`, `abc8Q~${'x'.repeat(34)}`], keywords: ['q~'], entropy: 3,
    pattern: /(?<![A-Za-z0-9_~.-])[A-Za-z0-9_~.]{3}\dQ~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~.-])/ }),
  secret({ rule: 'azure-storage-account-key',
    description: 'An Azure storage account key (88 base64 characters) in a connection string (`AccountKey=…`) or assigned to a storage-key variable.',
    positives: [`DefaultEndpointsProtocol=https;AccountName=st1;AccountKey=${sample(BASE64, 86, 34)}==;EndpointSuffix=core.windows.net`],
    negatives: [`AccountKey=${sample(BASE64, 40, 34)}==`, `AccountKey=${'A'.repeat(86)}==`], keywords: ['accountkey='], entropy: 4,
    pattern: new RegExp(String.raw`AccountKey=(${AZURE_STORAGE_KEY})`, 'i'), group: 1 }),
  keyed('azure-storage-account-key', ['storage_account_key', 'storageaccountkey', 'storage_key', 'azure_storage_key', 'account_key'], AZURE_STORAGE_KEY, 4),
  secret({ rule: 'azure-shared-access-key',
    description: 'A Service Bus, Event Hubs or IoT Hub shared access key in a connection string (`SharedAccessKey=…=`).',
    positives: [`Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=${sample(BASE64, 43, 7)}=`],
    negatives: [`SharedAccessKey=${sample(BASE64, 30, 7)}=`, `SharedAccessKey=${'A'.repeat(43)}=`], keywords: ['sharedaccesskey='], entropy: 4,
    pattern: /SharedAccessKey=([A-Za-z0-9+/]{42,44}=)/i, group: 1 }),
  secret({ rule: 'azure-sas-token',
    description: 'The signature (`sig=`) of an Azure shared access signature URL or token.',
    positives: [`https://st1.blob.core.windows.net/c/f.txt?sv=2022-11-02&ss=b&srt=o&sp=r&se=2026-12-01T00:00:00Z&sig=${sample(BASE64, 43, 35)}%3D`],
    negatives: ['https://st1.blob.core.windows.net/c/f.txt?sv=2022-11-02&sig=<signature>', `?sig=${sample(BASE64, 20, 35)}`], keywords: ['sig='], entropy: 3.5,
    pattern: /[?&;]sig=([A-Za-z0-9%+/]{40,120}?)(?=[&"'\s]|$)/, group: 1,
    check: (v) => /%3D|=$/i.test(v) || v.length >= 43 }),
  secret({ rule: 'azure-app-configuration-connection-string',
    description: 'The secret of an Azure App Configuration connection string (`Endpoint=https://….azconfig.io;Id=…;Secret=…`).',
    positives: [`Endpoint=https://appcs-prod.azconfig.io;Id=${sample(ALPHANUMERIC, 4, 36)}-l0-s0:${sample(ALPHANUMERIC, 20, 36)};Secret=${sample(BASE64, 43, 36)}=`],
    negatives: ['Endpoint=https://appcs-prod.azconfig.io;Id=abcd;Secret=<secret>', `Endpoint=https://appcs.example.com;Id=x;Secret=${sample(BASE64, 43, 36)}=`], keywords: ['azconfig.io'], entropy: 3.5,
    pattern: /Endpoint=https:\/\/[\w-]{1,60}\.azconfig\.io;\s?Id=[\w+/=.:-]{1,100};\s?Secret=([A-Za-z0-9+/=]{40,100})/i, group: 1 }),
  // The 84-character format carries the fixed signature "AZDO" at characters 77–80
  // (https://devblogs.microsoft.com/devops/introducing-new-azure-devops-personal-access-tokens/ ;
  // Nosey Parker's azure.yml checks the same shape).
  secret({ rule: 'azure-devops-pat',
    description: 'An Azure DevOps personal access token in the 84-character format, with the `AZDO` signature at characters 77–80.',
    positives: [`AZURE_DEVOPS_EXT_PAT=${sample(ALPHANUMERIC, 76, 37)}AZDO${sample(ALPHANUMERIC, 4, 37)}`],
    negatives: [`${sample(ALPHANUMERIC, 70, 37)}AZDO${sample(ALPHANUMERIC, 4, 37)}`, `${'a'.repeat(76)}AZDO${'a'.repeat(4)}`], keywords: ['azdo'], entropy: 3.5,
    pattern: /(?<![A-Za-z0-9])[A-Za-z0-9]{76}AZDO[A-Za-z0-9]{4}(?![A-Za-z0-9])/ }),
  keyed('azure-devops-pat', ['azure_devops', 'azuredevops', 'devops', 'azdo', 'ado_pat', 'vsts'], '[a-z2-7]{52}', 3.5),
  keyed('azure-openai-api-key', ['azure_openai', 'azureopenai', 'aoai', 'openai_api_key', 'cognitive'], '[a-f0-9]{32}|[A-Za-z0-9]{84}', 3.2),

  // ---------------------------------------------------------------- clouds and platforms
  secret({ rule: 'aws-access-token',
    description: 'An AWS access key id: `AKIA`, `ASIA`, `ABIA`, `ACCA` or `A3T…` and 16 base32 characters; the documented `…EXAMPLE` ids are left out.',
    positives: [`aws_access_key_id = AKIA${sample(BASE32, 16, 8)}`],
    negatives: ['AKIAIOSFODNN7EXAMPLE', `AKIA${sample(BASE32, 15, 8)}`], keywords: ['akia', 'asia', 'abia', 'acca', 'a3t'], entropy: 3,
    pattern: /(?<![A-Za-z0-9])(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}(?![A-Za-z0-9])/,
    check: (v) => !v.endsWith('EXAMPLE') }),
  keyed('aws-secret-access-key', ['aws_secret_access_key', 'aws_secret_key', 'awssecretkey', 'secretaccesskey'], '[A-Za-z0-9/+]{40}', 4),
  secret({ rule: 'aws-amazon-bedrock-api-key-long-lived', keywords: ['absk'], entropy: 3,
    pattern: /(?<![A-Za-z0-9+/])ABSKQmVkcm9ja0FQSUtleS[A-Za-z0-9+/]{100,300}={0,2}(?![A-Za-z0-9+/=])/ }),
  secret({ rule: 'aws-amazon-bedrock-api-key-short-lived', keywords: ['bedrock-api-key-'], entropy: 3,
    pattern: /(?<![\w-])bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t[A-Za-z0-9+/=%&?.-]{0,2000}/ }),
  secret({ rule: 'gcp-api-key',
    description: 'A Google Cloud API key: `AIza` and 35 URL-safe characters.',
    positives: [`GOOGLE_API_KEY=AIza${sample(URL_SAFE, 35, 9)}`],
    negatives: [`AIza${sample(URL_SAFE, 34, 9)}`, `AIza${'X'.repeat(35)}`], keywords: ['aiza'], entropy: 4,
    pattern: /(?<![\w-])AIza[\w-]{35}(?![\w-])/, placeholders: true }),
  secret({ rule: 'gcp-service-account-private-key', keywords: ['"private_key"'], entropy: 3,
    pattern: /"private_key"\s?:\s?"(-----BEGIN PRIVATE KEY-----\\n[A-Za-z0-9+/=\\]{64,8000}?-----END PRIVATE KEY-----(?:\\n)?)"/, group: 1 }),
  secret({ rule: 'databricks-api-token',
    description: 'A Databricks personal access token: `dapi` and 32 hexadecimal digits.',
    positives: [`DATABRICKS_TOKEN=dapi${sample(LOWER_HEX, 32, 10)}`],
    negatives: [`dapi${sample(LOWER_HEX, 31, 10)}`, `dapi${'0'.repeat(32)}`], keywords: ['dapi'], entropy: 3,
    pattern: /(?<![\w-])dapi[a-f0-9]{32}(?:-\d)?(?![\w-])/ }),
  keyed('datadog-access-token', ['datadog', 'dd_api_key', 'dd_app_key'], '[a-z0-9]{40}|[a-f0-9]{32}', 3),
  secret({ rule: 'digitalocean-pat',
    description: 'A DigitalOcean personal access, OAuth or refresh token: `dop_v1_`, `doo_v1_` or `dor_v1_` and 64 hexadecimal digits.',
    positives: [`DIGITALOCEAN_TOKEN=dop_v1_${sample(LOWER_HEX, 64, 11)}`],
    negatives: [`dop_v1_${sample(LOWER_HEX, 63, 11)}`, `dop_v1_${'f'.repeat(64)}`], keywords: ['dop_v1_', 'doo_v1_', 'dor_v1_'], entropy: 3,
    pattern: /(?<![\w-])do[opr]_v1_[a-f0-9]{64}(?![\w-])/ }),
  secret({ rule: 'hashicorp-tf-api-token',
    description: 'A Terraform Cloud / Enterprise API token: 14 characters, `.atlasv1.` and 60–70 more.',
    positives: [`TFE_TOKEN=${sample('abcdefghijklmnopqrstuvwxyz0123456789', 14, 38)}.atlasv1.${sample('abcdefghijklmnopqrstuvwxyz0123456789', 67, 38)}`],
    negatives: [`${sample(LOWER_HEX, 14, 38)}.atlasv1.${sample(LOWER_HEX, 20, 38)}`, `${'a'.repeat(14)}.atlasv1.${'a'.repeat(67)}`], keywords: ['atlasv1'], entropy: 3.5,
    pattern: /(?<![\w-])[a-z0-9]{14}\.atlasv1\.[a-z0-9_=-]{60,70}(?![\w=-])/i }),
  secret({ rule: 'vault-service-token', keywords: ['hvs.'], entropy: 3.5,
    pattern: /(?<![\w.-])hvs\.[\w-]{90,120}(?![\w-])/ }),
  secret({ rule: 'vault-service-token', keywords: [], entropy: 3.5, token: { first: 's', maxLength: 1, next: '.' },
    pattern: /(?<![\w.-])s\.([A-Za-z0-9]{24})(?![\w.-])/, group: 1,
    check: (v) => /[a-z]/.test(v) && /[A-Z]/.test(v) && /\d/.test(v) }),
  // Service tokens before Vault 1.10 that carry a protobuf body (s.CAES…), seen beside a vault keyword.
  // Tried at the `s` tokens before a `.` (the pattern's left boundary), in texts that name vault.
  secret({ rule: 'vault-service-token', keywords: ['vault'], entropy: 4, token: { first: 's', maxLength: 1, next: '.' },
    pattern: /(?<![\w.-])s\.CAES[\w-]{86,120}(?![\w-])/ }),
  secret({ rule: 'vault-batch-token',
    description: 'A HashiCorp Vault batch token: `hvb.` and 138 or more URL-safe characters.',
    positives: [`VAULT_TOKEN=hvb.${sample(URL_SAFE, 150, 12)}`],
    negatives: [`hvb.${sample(URL_SAFE, 100, 12)}`, `hvb.${'a'.repeat(150)}`], keywords: ['hvb.'], entropy: 4,
    pattern: /(?<![\w.-])hvb\.[\w-]{138,300}(?![\w-])/ }),
  secret({ rule: 'new-relic-user-api-key',
    description: 'A New Relic user API key: `NRAK-` and 27 upper-case letters and digits.',
    positives: [`NEW_RELIC_API_KEY=NRAK-${sample(UPPER_ALNUM, 27, 13)}`],
    negatives: [`NRAK-${sample(UPPER_ALNUM, 26, 13)}`, `NRAK-${'X'.repeat(27)}`], keywords: ['nrak-'], entropy: 3,
    pattern: /(?<![\w-])NRAK-[A-Za-z0-9]{27}(?![\w-])/ }),
  secret({ rule: 'shopify-access-token',
    description: 'A Shopify access, custom app, private app or shared secret token: `shpat_`, `shpca_`, `shppa_` or `shpss_` and 32 hexadecimal digits.',
    positives: [`SHOPIFY_TOKEN=shpat_${sample(LOWER_HEX, 32, 14)}`],
    negatives: [`shpat_${sample(LOWER_HEX, 31, 14)}`, `shpxx_${sample(LOWER_HEX, 32, 14)}`], keywords: ['shpat_', 'shpca_', 'shppa_', 'shpss_'], entropy: 3,
    pattern: /(?<![\w-])shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}(?![\w-])/ }),
  keyed('atlassian-api-token', ['atlassian', 'confluence', 'jira'], '[A-Za-z0-9]{24}', 3.5),
  secret({ rule: 'atlassian-api-token',
    description: 'An Atlassian API token: `ATATT3` and 186 URL-safe characters (also a 24-character token assigned to an Atlassian, Jira or Confluence variable).',
    positives: [`JIRA_API_TOKEN=ATATT3${sample(URL_SAFE, 186, 39)}`],
    negatives: [`ATATT3${sample(URL_SAFE, 100, 39)}`, `ATATT3${'x'.repeat(186)}`], keywords: ['atatt3'], entropy: 3.5,
    pattern: /(?<![\w-])ATATT3[A-Za-z0-9_=-]{186}(?![\w=-])/ }),
  secret({ rule: '1password-secret-key',
    description: 'A 1Password account secret key: `A3-` and six groups of upper-case letters and digits.',
    positives: [`A3-${sample(UPPER_ALNUM, 6, 40)}-${sample(UPPER_ALNUM, 11, 40)}-${sample(UPPER_ALNUM, 5, 41)}-${sample(UPPER_ALNUM, 5, 42)}-${sample(UPPER_ALNUM, 5, 43)}`],
    negatives: [`A3-${sample(UPPER_ALNUM, 6, 40)}-${sample(UPPER_ALNUM, 5, 41)}`, 'A3-XXXXXX-XXXXXXXXXXX-XXXXX-XXXXX-XXXXX'], keywords: ['a3-'], entropy: 3.8,
    pattern: /(?<![\w-])A3-[A-Z0-9]{6}-(?:[A-Z0-9]{11}|[A-Z0-9]{6}-[A-Z0-9]{5})-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}(?![\w-])/ }),
  secret({ rule: '1password-service-account-token', keywords: ['ops_eyj'], entropy: 4,
    pattern: /(?<![\w-])ops_eyJ[A-Za-z0-9+/]{250,8000}={0,3}/ }),

  // ---------------------------------------------------------------- source control and packages
  secret({ rule: 'github-pat',
    description: 'A GitHub personal access token (classic): `ghp_` and 36 letters and digits.',
    positives: [`GITHUB_TOKEN=ghp_${sample(ALPHANUMERIC, 36, 15)}`],
    negatives: [`ghp_${sample(ALPHANUMERIC, 35, 15)}`, `ghp_${'x'.repeat(36)}`], keywords: ['ghp_'], entropy: 3, pattern: /(?<![\w-])ghp_[A-Za-z0-9]{36}(?![\w-])/ }),
  secret({ rule: 'github-oauth',
    description: 'A GitHub OAuth access token: `gho_` and 36 letters and digits.',
    positives: [`token: gho_${sample(ALPHANUMERIC, 36, 16)}`],
    negatives: [`gho_${sample(ALPHANUMERIC, 37, 16)}`, `xgho_${sample(ALPHANUMERIC, 36, 16)}`], keywords: ['gho_'], entropy: 3, pattern: /(?<![\w-])gho_[A-Za-z0-9]{36}(?![\w-])/ }),
  secret({ rule: 'github-app-token',
    description: 'A GitHub App user-to-server or server-to-server token: `ghu_` or `ghs_` and 36 letters and digits.',
    positives: [`ghs_${sample(ALPHANUMERIC, 36, 17)}`],
    negatives: [`ghs_${sample(ALPHANUMERIC, 30, 17)}`, `ghx_${sample(ALPHANUMERIC, 36, 17)}`], keywords: ['ghu_', 'ghs_'], entropy: 3, pattern: /(?<![\w-])gh[us]_[A-Za-z0-9]{36}(?![\w-])/ }),
  secret({ rule: 'github-refresh-token',
    description: 'A GitHub refresh token: `ghr_` and 36 letters and digits.',
    positives: [`refresh_token=ghr_${sample(ALPHANUMERIC, 36, 18)}`],
    negatives: [`ghr_${sample(ALPHANUMERIC, 35, 18)}`, `ghr_${'0123456789'.repeat(3)}abcdef`], keywords: ['ghr_'], entropy: 3, pattern: /(?<![\w-])ghr_[A-Za-z0-9]{36}(?![\w-])/ }),
  secret({ rule: 'github-fine-grained-pat',
    description: 'A GitHub fine-grained personal access token: `github_pat_` and 82 word characters.',
    positives: [`GH_TOKEN=github_pat_${sample(ALPHANUMERIC, 22, 19)}_${sample(ALPHANUMERIC, 59, 19)}`],
    negatives: [`github_pat_${sample(ALPHANUMERIC, 40, 19)}`, `github_pat_${'x'.repeat(82)}`], keywords: ['github_pat_'], entropy: 3, pattern: /(?<![\w-])github_pat_\w{82}(?![\w-])/ }),
  secret({ rule: 'gitlab-pat',
    description: 'A GitLab personal access token: `glpat-` and 20 URL-safe characters.',
    positives: [`GITLAB_TOKEN=glpat-${sample(URL_SAFE, 20, 44)}`],
    negatives: [`glpat-${sample(URL_SAFE, 19, 44)}`, `glpat-${'x'.repeat(20)}`], keywords: ['glpat-'], entropy: 3, pattern: /(?<![\w-])glpat-[\w-]{20}(?![\w.-])/ }),
  secret({ rule: 'gitlab-pat-routable', keywords: ['glpat-'], entropy: 4,
    pattern: /(?<![\w-])glpat-[\w-]{27,300}\.[0-9a-z]{2}[0-9a-z]{7}(?![\w.-])/ }),
  secret({ rule: 'gitlab-ptt',
    description: 'A GitLab pipeline trigger token: `glptt-` and 40 hexadecimal digits.',
    positives: [`TRIGGER_TOKEN=glptt-${sample(LOWER_HEX, 40, 20)}`],
    negatives: [`glptt-${sample(LOWER_HEX, 39, 20)}`, `glptt-${'0'.repeat(40)}`], keywords: ['glptt-'], entropy: 3, pattern: /(?<![\w-])glptt-[0-9a-f]{40}(?![\w-])/ }),
  secret({ rule: 'gitlab-rrt',
    description: 'A GitLab runner registration token: `GR1348941` and 20 URL-safe characters.',
    positives: [`REGISTRATION_TOKEN=GR1348941${sample(URL_SAFE, 20, 45)}`],
    negatives: [`GR1348941${sample(URL_SAFE, 12, 45)}`, `GR1348941${'0'.repeat(20)}`], keywords: ['gr1348941'], entropy: 3, pattern: /(?<![\w-])GR1348941[\w-]{20}(?![\w-])/,
    check: (v) => /[a-z]/i.test(v.slice(9)) }),
  secret({ rule: 'gitlab-runner-authentication-token',
    description: 'A GitLab runner authentication token: `glrt-` and 20 to 60 URL-safe characters.',
    positives: [`token = "glrt-${sample(URL_SAFE, 20, 21)}"`],
    negatives: [`glrt-${sample(URL_SAFE, 10, 21)}`, `glrt-${'x'.repeat(20)}`], keywords: ['glrt-'], entropy: 3, pattern: /(?<![\w-])glrt-[\w-]{20,60}(?![\w-])/ }),
  secret({ rule: 'gitlab-deploy-token',
    description: 'A GitLab deploy token: `gldt-` and 20 to 60 URL-safe characters.',
    positives: [`CI_DEPLOY_PASSWORD=gldt-${sample(URL_SAFE, 20, 22)}`],
    negatives: [`gldt-${sample(URL_SAFE, 12, 22)}`, `gldt-${'y'.repeat(20)}`], keywords: ['gldt-'], entropy: 3, pattern: /(?<![\w-])gldt-[\w-]{20,60}(?![\w-])/ }),
  secret({ rule: 'npm-access-token',
    description: 'An npm access token: `npm_` and 36 letters and digits.',
    positives: [`//registry.npmjs.org/:_authToken=npm_${sample(ALPHANUMERIC, 36, 23)}`],
    negatives: [`npm_${sample(ALPHANUMERIC, 35, 23)}`, `npm_${'x'.repeat(36)}`], keywords: ['npm_'], entropy: 3, pattern: /(?<![\w-])npm_[A-Za-z0-9]{36}(?![\w-])/ }),
  secret({ rule: 'pypi-upload-token',
    description: 'A PyPI upload token: `pypi-AgEIcHlwaS5vcmc` (a macaroon for pypi.org) and 50 or more URL-safe characters.',
    positives: [`password = pypi-AgEIcHlwaS5vcmc${sample(URL_SAFE, 70, 46)}`],
    negatives: [`pypi-AgEIcHlwaS5vcmc${sample(URL_SAFE, 20, 46)}`, `pypi-${sample(URL_SAFE, 80, 46)}`], keywords: ['pypi-ageichlwas5vcmc'], entropy: 3,
    pattern: /(?<![\w-])pypi-AgEIcHlwaS5vcmc[\w-]{50,1000}/ }),

  // ---------------------------------------------------------------- messaging and payments
  secret({ rule: 'slack-bot-token',
    description: 'A Slack bot token: `xoxb-`, two numeric parts and a 24–34 character tail.',
    positives: [`SLACK_BOT_TOKEN=xoxb-${sample('0123456789', 12, 47)}-${sample('0123456789', 13, 48)}-${sample(ALPHANUMERIC, 24, 47)}`],
    negatives: [`xoxb-${sample('0123456789', 4, 47)}-${sample(ALPHANUMERIC, 10, 47)}`, `xoxb-${'1'.repeat(12)}-${'2'.repeat(13)}-${'x'.repeat(24)}`], keywords: ['xoxb-'], entropy: 3,
    pattern: /(?<![\w-])xoxb-[0-9]{10,13}-[0-9]{10,13}-[A-Za-z0-9-]{24,34}(?![\w-])/ }),
  secret({ rule: 'slack-legacy-bot-token', keywords: ['xoxb-'], entropy: 3,
    pattern: /(?<![\w-])xoxb-[0-9]{8,14}-[A-Za-z0-9]{18,26}(?![\w-])/ }),
  secret({ rule: 'slack-user-token',
    description: 'A Slack user or workspace token: `xoxp-`/`xoxe-`, three numeric parts and a 28–34 character tail.',
    positives: [`SLACK_TOKEN=xoxp-${sample('0123456789', 12, 24)}-${sample('0123456789', 12, 25)}-${sample('0123456789', 13, 26)}-${sample(LOWER_HEX, 32, 24)}`],
    negatives: [`xoxp-${sample('0123456789', 12, 24)}-${sample(LOWER_HEX, 32, 24)}`, `xoxp-${'1'.repeat(12)}-${'2'.repeat(12)}-${'3'.repeat(13)}-${'x'.repeat(32)}`], keywords: ['xoxp-', 'xoxe-'], entropy: 3,
    pattern: /(?<![\w.-])xox[pe](?:-[0-9]{10,13}){3}-[A-Za-z0-9-]{28,34}(?![\w-])/ }),
  secret({ rule: 'slack-app-token',
    description: 'A Slack app-level token: `xapp-`, a digit, an app id, a number and a 32–80 character tail.',
    positives: [`SLACK_APP_TOKEN=xapp-1-A${sample(UPPER_ALNUM, 10, 49)}-${sample('0123456789', 13, 49)}-${sample(LOWER_HEX, 64, 49)}`],
    negatives: [`xapp-1-A${sample(UPPER_ALNUM, 10, 49)}-${sample('0123456789', 13, 49)}-${sample(LOWER_HEX, 20, 49)}`, `xapp-1-AXXXXXXXXXX-1111111111111-${'0'.repeat(64)}`], keywords: ['xapp-'], entropy: 3,
    pattern: /(?<![\w-])xapp-\d-[A-Z0-9]{4,20}-\d{4,20}-[a-z0-9]{32,80}(?![\w-])/i }),
  secret({ rule: 'slack-config-access-token', keywords: ['xoxe.xox'], entropy: 3,
    pattern: /(?<![\w-])xoxe\.xox[bp]-\d-[A-Za-z0-9]{163,166}(?![\w-])/ }),
  secret({ rule: 'slack-config-refresh-token', keywords: ['xoxe-'], entropy: 3,
    pattern: /(?<![\w-])xoxe-\d-[A-Za-z0-9]{146}(?![\w-])/ }),
  secret({ rule: 'slack-legacy-token', keywords: ['xoxo-', 'xoxs-'], entropy: 2,
    pattern: /(?<![\w-])xox[os]-\d{3,}-\d{3,}-\d{3,}-[a-fA-F\d]{6,}(?![\w-])/ }),
  secret({ rule: 'slack-legacy-workspace-token', keywords: ['xoxa-', 'xoxr-'], entropy: 2,
    pattern: /(?<![\w-])xox[ar]-(?:\d-)?[0-9a-zA-Z-]{8,80}(?![\w-])/ }),
  // Teams incoming webhooks, legacy (outlook.office.com/webhook/…) and current (<tenant>.webhook.office.com/webhookb2/…):
  // https://learn.microsoft.com/en-us/microsoftteams/platform/webhooks-and-connectors/how-to/add-incoming-webhook
  secret({ rule: 'microsoft-teams-webhook',
    description: 'A Microsoft Teams incoming webhook URL, legacy (`outlook.office.com/webhook/…`) or current (`….webhook.office.com/webhookb2/…`).',
    positives: [`https://contoso.webhook.office.com/webhookb2/${sample(LOWER_HEX, 8, 50)}-${sample(LOWER_HEX, 4, 51)}-${sample(LOWER_HEX, 4, 52)}-${sample(LOWER_HEX, 4, 53)}-${sample(LOWER_HEX, 12, 54)}@${sample(LOWER_HEX, 8, 55)}-${sample(LOWER_HEX, 4, 56)}-${sample(LOWER_HEX, 4, 57)}-${sample(LOWER_HEX, 4, 58)}-${sample(LOWER_HEX, 12, 59)}/IncomingWebhook/${sample(LOWER_HEX, 32, 60)}/${sample(LOWER_HEX, 8, 61)}-${sample(LOWER_HEX, 4, 62)}-${sample(LOWER_HEX, 4, 63)}-${sample(LOWER_HEX, 4, 64)}-${sample(LOWER_HEX, 12, 65)}`],
    negatives: ['https://contoso.webhook.office.com/webhookb2/<group-id>@<tenant-id>/IncomingWebhook/<id>/<owner>', 'https://outlook.office.com/webhook/'], keywords: ['office.com/webhook', 'office365.com/webhook', 'webhook.office.com'], entropy: 3,
    pattern: /https:\/\/(?:[\w-]{1,60}\.webhook\.office\.com\/webhookb2|outlook\.office(?:365)?\.com\/webhook(?:b2)?)\/[0-9a-f-]{36}@[0-9a-f-]{36}\/IncomingWebhook\/[0-9a-f]{32}\/[0-9a-f-]{36}(?:\/[\w-]{20,60})?/i }),
  secret({ rule: 'discord-webhook-url',
    description: 'A Discord webhook URL: `discord.com/api/webhooks/`, the webhook id and its 60–68 character token.',
    positives: [`https://discord.com/api/webhooks/${sample('0123456789', 18, 29)}/${sample(URL_SAFE, 68, 29)}`],
    negatives: [`https://discord.com/api/webhooks/${sample('0123456789', 18, 29)}/${sample(URL_SAFE, 20, 29)}`, `https://discord.com/api/webhooks/123/${sample(URL_SAFE, 68, 29)}`], keywords: ['/api/webhooks/'], entropy: 3,
    pattern: /https:\/\/(?:ptb\.|canary\.)?discord(?:app)?\.com\/api\/webhooks\/\d{17,20}\/[\w-]{60,68}(?![\w-])/ }),
  secret({ rule: 'slack-webhook-url',
    description: 'A Slack incoming webhook URL: `hooks.slack.com/services/…` (also workflows and triggers).',
    positives: [`SLACK_WEBHOOK=https://hooks.slack.com/services/T${sample(UPPER_ALNUM, 8, 30)}/B${sample(UPPER_ALNUM, 10, 30)}/${sample(ALPHANUMERIC, 24, 30)}`],
    negatives: ['https://hooks.slack.com/services/T000/B000/XXXX', 'https://api.slack.com/services/incoming-webhooks'], keywords: ['hooks.slack.com'], entropy: 3,
    pattern: /(?:https?:\/\/)?hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9+/]{43,56}/ }),
  secret({ rule: 'stripe-access-token',
    description: 'A Stripe secret or restricted key: `sk_` or `rk_`, `test_`/`live_`/`prod_` and 10 to 99 letters and digits.',
    positives: [`STRIPE_SECRET_KEY=sk_live_${sample(ALPHANUMERIC, 24, 27)}`],
    negatives: [`pk_live_${sample(ALPHANUMERIC, 24, 27)}`, `sk_live_${'x'.repeat(24)}`], keywords: ['sk_', 'rk_'], entropy: 2,
    pattern: /(?<![\w-])(?:sk|rk)_(?:test|live|prod)_[A-Za-z0-9]{10,99}(?![\w-])/ }),
  secret({ rule: 'sendgrid-api-token',
    description: 'A SendGrid API key: `SG.` and 66 URL-safe characters and dots.',
    positives: [`SENDGRID_API_KEY=SG.${sample(URL_SAFE, 22, 66)}.${sample(URL_SAFE, 43, 67)}`],
    negatives: [`SG.${sample(URL_SAFE, 22, 66)}.${sample(URL_SAFE, 20, 67)}`, `xSG.${sample(URL_SAFE, 22, 66)}.${sample(URL_SAFE, 43, 67)}`], keywords: [], entropy: 2, token: { first: 'S', minLength: 2, maxLength: 2, next: '.' },
    pattern: /(?<![\w.-])SG\.[A-Za-z0-9=_.-]{66}(?![\w=.-])/ }),
  secret({ rule: 'twilio-api-key',
    description: 'A Twilio API key SID: `SK` and 32 hexadecimal digits.',
    positives: [`TWILIO_API_KEY=SK${sample(LOWER_HEX, 32, 28)}`],
    negatives: [`SK${sample(LOWER_HEX, 31, 28)}`, `SK${'0'.repeat(32)}`], keywords: [], entropy: 3, token: { first: 'S', minLength: 34, maxLength: 34 }, pattern: /(?<![\w-])SK[0-9a-fA-F]{32}(?![\w-])/ }),

  // ---------------------------------------------------------------- formats
  secret({ rule: 'jwt',
    description: 'A JSON Web Token: base64url header and payload that both open with `ey` (`{"`), and an optional signature.',
    positives: [`Authorization: Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.${sample(URL_SAFE, 43, 68)}`],
    negatives: ['eyJhbGciOiJIUzI1NiJ9', 'const header = "ey" + "." + "ey";'], keywords: ['.ey'], entropy: 3,
    pattern: /(?<![\w/\\-])ey[A-Za-z0-9]{17,1000}\.ey[A-Za-z0-9/\\_-]{17,8000}\.(?:[A-Za-z0-9/\\_-]{10,4000}={0,2})?(?![\w/\\-])/ }),
];

// ---------------------------------------------------------------- PEM private keys (linear: one pass for headers, one for footers)
const PEM_BEGIN = /-----BEGIN[ A-Z0-9_-]{0,40}PRIVATE KEY(?: BLOCK)?-----/g;
const PEM_END = /-----END[ A-Z0-9_-]{0,40}PRIVATE KEY(?: BLOCK)?-----/g;
const PEM_MAX_BODY = 16_384;
const privateKey: Detector = {
  type: 'SECRET', rule: 'private-key', group: 'secrets', keywords: ['private key'],
  *find(text: string): Iterable<Candidate> {
    // The keyword is in prose too ("a private key"): without the armour's dashes there is no block.
    if (!text.includes('-----BEGIN') || !text.includes('-----END')) return;
    const ends: { index: number; end: number }[] = [];
    PEM_END.lastIndex = 0;
    for (let m; (m = PEM_END.exec(text)); ) ends.push({ index: m.index, end: m.index + m[0].length });
    let e = 0;
    PEM_BEGIN.lastIndex = 0;
    for (let m; (m = PEM_BEGIN.exec(text)); ) {
      const bodyStart = m.index + m[0].length;
      while (e < ends.length && ends[e].index < bodyStart) e++;
      if (e === ends.length) break;
      const footer = ends[e];
      if (footer.index - bodyStart > PEM_MAX_BODY) continue;
      const body = text.slice(bodyStart, footer.index);
      const base64 = body.replace(/^[A-Za-z-]+:.*$/gm, '').replace(/\\[rn]|\s/g, '');
      if (base64.length >= 64 && /^[A-Za-z0-9+/=]+$/.test(base64) && shannonEntropy(base64) > 4) {
        yield { start: m.index, end: footer.end, score: 0.95 };
      }
    }
  },
};

// ---------------------------------------------------------------- credentials on curl command lines
/**
 * The option is found first (a rare literal), then the same shell command is checked for
 * `curl` in at most the 1,000 characters before it, across `\`-continued lines only.
 * Anchoring on the option keeps the scan linear however many times `curl` appears.
 */
const AUTH_HEADER =
  /(?:-H|--header)[= ]{1,3}["']?(?:Authorization|(?:X-)?Api-?Key|(?:X-)?Api-?Token|(?:X-)?Auth-?Token|(?:X-)?Access-?Token|Private-Token|Token|X-Key):[ \t]{0,5}(?:(?:Basic|Bearer|Token|Digest|Key|ApiKey)[ \t]{1,5})?([^\s"']{8,2000})/gi;
const USER_OPTION = /\s(?:-u|--user)[= ]{1,3}(\S{2,300})/g;
const NOT_A_LITERAL = /^[<$*{[]|\$\{|\$\(/;

function inCurlCommand(text: string, optionIndex: number): boolean {
  const from = Math.max(0, optionIndex - 1000);
  const before = text.slice(from, optionIndex);
  const at = before.lastIndexOf('curl');
  if (at < 0 || /\w/.test(before[at - 1] ?? ' ') || /\w/.test(before[at + 4] ?? ' ')) return false;
  // Every newline between curl and the option must be a shell line continuation.
  return !/(?<!\\)\n/.test(before.slice(at));
}

const curlAuthHeader: Detector = {
  type: 'SECRET', rule: 'curl-auth-header', group: 'secrets', keywords: ['curl'],
  *find(text: string): Iterable<Candidate> {
    AUTH_HEADER.lastIndex = 0;
    for (let m; (m = AUTH_HEADER.exec(text)); ) {
      const value = m[1];
      if (NOT_A_LITERAL.test(value) || !plausibleSecret(value, 2.75) || !inCurlCommand(text, m.index)) continue;
      const start = m.index + m[0].length - value.length;
      yield { start, end: start + value.length, score: 0.85 };
    }
  },
};

const curlAuthUser: Detector = {
  type: 'SECRET', rule: 'curl-auth-user', group: 'secrets', keywords: ['curl'],
  *find(text: string): Iterable<Candidate> {
    USER_OPTION.lastIndex = 0;
    for (let m; (m = USER_OPTION.exec(text)); ) {
      const raw = m[1];
      if (/(?:^|["'{:])\$/.test(raw)) continue;
      const cleaned = raw.replace(/["'{}]/g, '');
      const colon = cleaned.indexOf(':');
      if (colon <= 0) continue;
      const user = cleaned.slice(0, colon);
      const password = cleaned.slice(colon + 1);
      const secretValue = password.length > 0 ? password : user;
      if (NOT_A_LITERAL.test(secretValue) || NOT_A_LITERAL.test(user)) continue;
      if (password.length > 0 ? !plausibleSecret(password, 2) || password.length < 3 : !plausibleSecret(user, 3) || user.length < 8) continue;
      if (!inCurlCommand(text, m.index)) continue;
      const rawStart = m.index + m[0].length - raw.length;
      const offset = raw.lastIndexOf(secretValue);
      if (offset < 0) continue;
      yield { start: rawStart + offset, end: rawStart + offset + secretValue.length, score: 0.85 };
    }
  },
};

/** JWTs that were base64-encoded once more (`ZXlK…` is base64 of `eyJ`). */
const jwtBase64 = regexDetector({
  type: 'SECRET', rule: 'jwt-base64', group: 'secrets', keywords: ['zxlk'],
  pattern: /(?<![A-Za-z0-9+/])ZXlK[A-Za-z0-9+/]{36,8000}={0,2}/,
  validate: (value) => {
    const decoded = Buffer.from(value.slice(0, value.length - (value.length % 4)), 'base64').toString('latin1');
    const [header, payload] = decoded.split('.');
    if (!header || !payload?.startsWith('ey')) return null;
    const json = Buffer.from(header, 'base64url').toString('latin1');
    return /^\{\s*"[^"]{1,40}"\s*:/.test(json) ? 0.9 : null;
  },
});

// ---------------------------------------------------------------- generic assignments
/** Identifiers that name something that is not a secret (ids, names, urls, public keys…), after camelCase is split. */
const NOT_SECRET_IDENTIFIER =
  /(?:^|_)(?:id|ids|name|names|version|url|uri|urls|endpoint|host|file|path|dir|length|len|size|type|format|alias|field|label|prefix|suffix|count|header|param|placeholder|hint|policy|provider|mode|enabled|expires?|expiry|expiration|timeout|ttl|variable|var|env)$|(?:^|_)(?:accessor|accessibility|author|authors|authority|authorization_url|random_access|rapid|capital|public|pub|primary|foreign|schema|sequence|bucket|natural|hot|idx|csrf|xsrf|keyboard|keypair|keyring|keystore|keytab|keyselector|keycode|keyframe|keymap|keyspace|keyword|keywords|monkey|turkey|donkey|hockey|jockey|whiskey|passport|bypass|compass|passenger|passage)(?:_|$)|(?:^|_)key_(?:pair|alias|selector|signature|store|code|frame|word|press|up|down|left|right|usage|spec|ref|vault)(?:_|$)|usersecretsid/;

const SECRET_WORD_IN_VALUE = /(?:key|token|secret|passw|credential|auth)/i;
const HEX_DIGEST = /^(?:[a-f0-9]{40}|[a-f0-9]{64}|[A-F0-9]{40}|[A-F0-9]{64})$/;
const DOTTED_IDENTIFIER = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$|^[a-z]+\d*(?:[._-][a-z]+\d*)+$/;
const PATH_OR_URL = /^(?:\w+:\/\/|\/|\.\/|\.\.\/|~\/|[A-Za-z]:\\)|\.(?:json|ya?ml|pem|crt|cer|p12|pfx|key|txt|env|xml|properties|html?|js|ts|py|java|cs|go|rb)$/i;

/** Values in a vendor's own format are judged by that vendor's rule alone (a malformed one is a test value). */
const VENDOR_PREFIX = /^(?:xox[abposer][-.]|xapp-|gh[pousr]_|github_pat_|gl(?:pat|ptt|rt|dt)-|GR1348941|sk-ant-|sk-(?:proj|svcacct|admin)-|(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]|AIza|hf_|api_org_|npm_|pypi-|SG\.|shp(?:at|ca|pa|ss)_|dapi[a-f0-9]|NRAK-|hv[sb]\.|pplx-|ops_eyJ|ABSK|[sr]k_(?:test|live|prod)_)/;

const generic = assignment({
  rule: 'generic-api-key',
  keywords: ['access', 'auth', 'api', 'credential', 'creds', 'key', 'passwd', 'password', 'passphrase', 'secret', 'token'],
  value: String.raw`[\w.=+/~@!#$%^&*-]{10,150}`,
  entropy: 3.5,
  score: 0.7,
  identifierDenied: (identifier) => {
    const normalized = normalizeIdentifier(identifier);
    return NOT_SECRET_IDENTIFIER.test(normalized) || vendorOwnedIdentifier(normalized);
  },
  valueDenied: (value) =>
    VENDOR_PREFIX.test(value) ||
    SECRET_WORD_IN_VALUE.test(value) ||
    HEX_DIGEST.test(value) ||
    DOTTED_IDENTIFIER.test(value) ||
    PATH_OR_URL.test(value) ||
    /^[\d.,:-]+$/.test(value) ||
    (/^[A-Za-z]+$/.test(value) && value.length < 20),
});

export const SECRET_DETECTORS: readonly Detector[] = [...RULES, ...CREDENTIAL_DETECTORS, privateKey, jwtBase64, curlAuthHeader, curlAuthUser, generic];

/** The rules that carry a description and their own samples (test/dlp/rule-samples.test.ts runs them). */
export const DESCRIBED_RULES: readonly DescribedDetector[] = SECRET_DETECTORS.filter((d): d is DescribedDetector => 'positives' in d);
