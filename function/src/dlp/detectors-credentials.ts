import { looksHandTyped, looksLikePlaceholder, normalizeIdentifier, vendorOwnedIdentifier } from './secret-heuristics';
import type { Candidate, Detector } from './types';

/**
 * Credential families that are not a vendor's token format: passwords in connection strings
 * and URIs, password and secret assignments in code and config, password arguments of admin
 * tools and cmdlets, .NET credential constructors, and passwords stated in prose.
 *
 * Each rule carries a description and its own positive and negative samples
 * (gitleaks' Validate(rule, tps, fps) model); test/dlp/rule-samples.test.ts is generated
 * from them. Every scan is linear: a rare literal or a keyword is found first, then bounded
 * sticky patterns are tried at that position only.
 */

/**
 * Documentation placeholders and references to a value held elsewhere, for credential values:
 * gitleaks' placeholder words, `${VAR}`/`$VAR`/`%VAR%`/`{{ var }}`/`<var>` references, a run of
 * one masking character, and the bare names of the field (`password=password`).
 */
const REFERENCE = /\$[\w{(]|\{\{|%\(|%\w+%|#\{|^<.*>$|^\[.*\]$|^\*+$/;
const FIELD_NAME = /^(?:password|passwd|pwd|pass|passphrase|secret|secrets|null|nil|none|undefined|true|false|string|str)$/i;
/** True when `value` is a real-looking credential rather than a placeholder or a reference. */
export function literalCredential(value: string, minLength = 4): boolean {
  if (value.length < minLength || /^\s|\s$/.test(value)) return false;
  if (REFERENCE.test(value) || FIELD_NAME.test(value)) return false;
  return !looksLikePlaceholder(value.replace(/^(?:password|passwd|pwd|pass|secret|test|admin|user|username|root)$/i, 'x'.repeat(8)));
}

/** A weaker test for URIs and connection strings: `secret`, `admin`, `guest` are real (default) passwords there. */
function literalInConnection(value: string): boolean {
  if (value.length < 3 || REFERENCE.test(value) || /^(?:password|passwd|pwd|pass|null|none|nil)$/i.test(value)) return false;
  return !/(?:example|placeholder|changeme|change_me|your[_-]?pass|xxxx|\*\*\*|\.\.\.|<|>|redacted)/i.test(value) && !looksHandTyped(value);
}

export interface RuleSamples {
  readonly description: string;
  readonly positives: readonly string[];
  readonly negatives: readonly string[];
}

export type DescribedDetector = Detector & RuleSamples;

/** Walks `re` (global, on `haystack`) and yields the span of capture group `group` when `accept` holds. */
function* spans(re: RegExp, haystack: string, text: string, accept: (value: string, m: RegExpExecArray) => boolean, score: number): Iterable<Candidate> {
  re.lastIndex = 0;
  for (let m; (m = re.exec(haystack)); ) {
    const idx = m.findIndex((g, i) => i > 0 && g !== undefined);
    if (idx < 0) continue;
    const value = m[idx];
    const start = m.index + m[0].lastIndexOf(value);
    const original = text.slice(start, start + value.length);
    if (accept(original, m)) yield { start, end: start + value.length, score };
  }
}

// ---------------------------------------------------------------- URIs for every scheme
/**
 * `scheme://user:password@host` (RFC 3986 userinfo) for any scheme: postgresql, mysql,
 * mongodb+srv, redis (empty user), amqp(s), jdbc:…, ftp, smtp, ldap, http… The host must follow
 * the `@`; a bracketed IPv6 host is left alone (Nosey Parker's own negative sample).
 */
const URI_USERINFO = /\b[a-z][a-z0-9+.-]{1,30}:\/\/[^\s:/@"'<>`]{0,100}:([^\s:/@"'<>`]{1,200})@[A-Za-z0-9][A-Za-z0-9.-]{0,252}/gi;
/** `?password=…` / `;password=…` parameters of JDBC and other URLs. */
const URI_PARAMETER = /[?&;](?:password|passwd|pwd|pass)=([^&;\s"'<>`#]{1,200})/gi;

const uriCredentials: DescribedDetector = {
  type: 'SECRET', rule: 'uri-credentials', group: 'secrets', keywords: ['://'],
  description: 'A password in the userinfo or the query of a URI (database, broker, cache, mail, FTP or HTTP URLs, JDBC).',
  positives: [
    'DATABASE_URL=postgres://app:Zq8#mW2vL9xR@db.internal:5432/app',
    'postgresql://user:secret@localhost:5433/',
    'mongodb+srv://admin:Tr0ub4dor3@cluster0.ab1cd.mongodb.net/test?retryWrites=true',
    'REDIS_URL=redis://:hunter2hunter2@cache.internal:6379/0',
    'amqps://svc:Kf93jdQ1x@broker.example.net:5671/%2f',
    'jdbc:mysql://db.internal:3306/app?user=app&password=Vd93kLq2x',
  ],
  negatives: [
    'postgresql://user:password@localhost/db',
    'postgres://${DB_USER}:${DB_PASSWORD}@db:5432/app',
    'mysql://root:<password>@localhost/app',
    'https://user:xxxx@example.com',
    'postgresql://user:secret@[2001:db8::1234]/database',
    'see https://example.com:8443/path@v2',
  ],
  *find(text, lower) {
    yield* spans(URI_USERINFO, text, text, literalInConnection, 0.85);
    if (lower.includes('password=') || lower.includes('pwd=') || lower.includes('pass=')) yield* spans(URI_PARAMETER, text, text, literalInConnection, 0.85);
  },
};

// ---------------------------------------------------------------- connection strings
/** `Password=…;` in ADO.NET, ODBC, OLE DB and JDBC (sqlserver) connection strings, quoted or not. */
const CONN_PASSWORD =
  /(?:^|[;"'\s])(?:password|pwd|user password|database password)[ \t]?=[ \t]?(?:"([^"\n]{1,200})"|'([^'\n]{1,200})'|([^;'"\s(){}<>]{1,200}))(?=;|["'\s]|$)/gi;
/** The same string must look like a connection string: another `Key=value;` pair beside the password. */
const CONN_CONTEXT = /(?:server|data source|host|hostname|database|initial catalog|uid|user id|user|username|dsn|driver|provider|port|address|addr)[ \t]?=/i;

const connectionStringPassword: DescribedDetector = {
  type: 'SECRET', rule: 'connection-string-password', group: 'secrets', keywords: ['password', 'pwd='],
  description: 'A password in an ADO.NET, ODBC, OLE DB or JDBC connection string (Password=…; Pwd=…;).',
  positives: [
    'Server=tcp:sql.internal,1433;Database=app;User ID=app;Password=Vd93kLq2x;Encrypt=True;',
    'Server=host;Port=5432;SomeOtherKey=SomeOtherValue;User Id=username;Password=secret;Database=databasename;',
    'Driver={ODBC Driver 18 for SQL Server};Server=db;Uid=sa;Pwd=Kf93jdQ1x;',
    'Data Source=db;Initial Catalog=app;User Id=svc;Password="p@ss;w0rd";',
  ],
  negatives: [
    'Server=db;Database=app;User Id=app;Password=${DB_PASSWORD};',
    'Server=db;Database=app;User Id=app;Password=<password>;',
    'Server=db;Database=app;Integrated Security=true;',
    'Password=;Server=db',
    'char *password = NULL;',
  ],
  *find(text) {
    CONN_PASSWORD.lastIndex = 0;
    for (let m; (m = CONN_PASSWORD.exec(text)); ) {
      const value = m[1] ?? m[2] ?? m[3];
      const from = Math.max(0, text.lastIndexOf('\n', m.index) + 1);
      const lineEnd = text.indexOf('\n', m.index + 1);
      const line = text.slice(from, lineEnd < 0 ? Math.min(text.length, m.index + 400) : lineEnd);
      if (!line.includes(';') || !CONN_CONTEXT.test(line) || !literalInConnection(value)) continue;
      const start = m.index + m[0].lastIndexOf(value);
      yield { start, end: start + value.length, score: 0.85 };
    }
  },
};

// ---------------------------------------------------------------- password and secret assignments
/** The words that make an identifier name a password or a secret (after camelCase is split). */
const PASSWORD_WORD = /pass(?:word|wd|phrase)?|pwd|secret/g;
/** Identifier segments after the password word that still name the value itself. */
const VALUE_SUFFIX = new Set(['', 'key', 'value', 'plain', 'plaintext', 'cleartext', 'str', 'string', 'text']);
/** Identifiers that hold something other than the credential (its hash, its policy, its field). */
const NOT_THE_VALUE = /(?:^|_)(?:hash|hashed|salt|digest|policy|length|len|min|max|field|label|hint|prompt|placeholder|regex|pattern|file|path|url|uri|type|id|name|reset|expiry|expires|count|required|enabled|changed|manager|mode|input|store|strength|rules|env|var|ref|arn|param|header|bypass|passport|compass|passenger|passage|passthrough|pass_through|passive|passes|passed|passing|classpath)(?:_|$)/;
const ID_CHAR = /[A-Za-z0-9_.-]/;
const ASSIGN = /["'`\]]?[ \t]{0,5}(===?|!==?|:=|=>|\?=|\|\|=|=|:)[ \t]{0,5}/y;
const TUPLE = /["'][ \t]{0,3},[ \t]{0,3}/y;
const QUOTED = /(\\?["'`])((?:(?!\1)[^\n\\]|\\[^\n]){1,200}?)\1(?=[\s,;:&|)\]}>]|\\[nrt]|$)/y;
const UNQUOTED = /([^\s'"`;,]{1,200})[ \t]*(?=\r?\n|$)/y;

/** True when the identifier names the password itself: `db_password`, `PGPASSWORD`, `jwtSecret`, `client_secret`, `PASS`. */
function namesPassword(identifier: string): boolean {
  const norm = normalizeIdentifier(identifier);
  if (NOT_THE_VALUE.test(norm) || vendorOwnedIdentifier(norm)) return false;
  const parts = norm.split('_');
  for (let i = parts.length - 1; i >= 0; i--) {
    const p = parts[i];
    const at = p.search(/(?:pass(?:word|wd|phrase)?|pwd|secret)$/);
    if (at >= 0) return parts.slice(i + 1).every((s) => VALUE_SUFFIX.has(s));
  }
  return false;
}

const passwordAssignment: DescribedDetector = {
  type: 'SECRET', rule: 'password-assignment', group: 'secrets', keywords: ['pass', 'pwd', 'secret'],
  description:
    'A literal assigned to (or compared with) a variable, key or property that names a password or a secret, in code (`password = "…"`, `if password == "…"`), JSON/YAML (`"password": "…"`, `client_secret: …`) and env/INI files (`DB_PASSWORD=…`).',
  positives: [
    'password = "Tr0ub4dor&3"',
    '"password": "hunter2hunter2",',
    'my_password: "k9#Lm2!x"',
    'client_secret: "Zq8mW2vL9xRk"',
    'private const string PfxPassword = "thisismypassword";',
    'DB_PASSWORD=Vd93kLq2x',
    'user = Aladdin\npassword = open_sesame\n',
    "if username == 'admin' and password == 'team10':",
    "if creds.Secret != 'open-sesame' {",
    'İ\nDB_PASSWORD=Vd93kLq2x',
    'jwtsecret: "7`D\'}/vYR)T;W5]EBrf;_&k>qX??]G&3CF"',
  ],
  negatives: [
    'password = os.environ["DB_PASSWORD"]',
    'password = "${DB_PASSWORD}"',
    'password: "<your password>"',
    'PASSWORD=changeme',
    'password_hash = "$2b$12$abcdefghijklmnopqrstuv"',
    "def login(self, user = '', password = '', domain = ''):",
    'export PGPASSWORD="$gdcapi_db_password"',
    "passwordVariable: 'PASSWORD'",
    'backend_pass = "XXXXXXXXXXXXX"',
    'PuttyPassword=0',
    'sb.append("MasterUserPassword: " + getMasterUserPassword() + ",");',
    'password_min_length = 12',
    'password = request.form["password"]',
  ],
  *find(text, lower) {
    PASSWORD_WORD.lastIndex = 0;
    let consumed = 0;
    // Offsets below index `text`: lower-case only ASCII when full lower-casing changed the length (İ).
    const haystack = lower.length === text.length ? lower : text.replace(/[A-Z]+/g, (w) => w.toLowerCase());
    for (let m; (m = PASSWORD_WORD.exec(haystack)); ) {
      if (m.index < consumed) continue;
      let idStart = m.index;
      while (idStart > 0 && m.index - idStart < 40 && ID_CHAR.test(text[idStart - 1])) idStart--;
      let idEnd = m.index + m[0].length;
      while (idEnd < text.length && idEnd - m.index < 40 && /[A-Za-z0-9_-]/.test(text[idEnd])) idEnd++;
      PASSWORD_WORD.lastIndex = Math.max(PASSWORD_WORD.lastIndex, idEnd);
      const identifier = text.slice(idStart, idEnd);
      if (!namesPassword(identifier)) continue;
      // The operator, or a `("name", "value")` pair.
      let at = idEnd;
      ASSIGN.lastIndex = at;
      const op = ASSIGN.exec(text);
      if (op) at = op.index + op[0].length;
      else {
        TUPLE.lastIndex = at;
        const tuple = TUPLE.exec(text);
        if (!tuple) continue;
        at = tuple.index + tuple[0].length;
      }
      if (op?.[1] === ':') {
        // `key: value` is an assignment in YAML, JSON and dict literals (the key starts its line
        // or follows `{` or `,`), not inside a sentence or a format string.
        const before = text.slice(text.lastIndexOf('\n', idStart - 1) + 1, idStart);
        if (!/(?:^|[{,])[ \t]*(?:-[ \t]+)?["']?$/.test(before)) continue;
      }
      let value: string | undefined;
      let valueStart = at;
      QUOTED.lastIndex = at;
      const q = QUOTED.exec(text);
      if (q) {
        value = q[2];
        valueStart = at + q[1].length;
      } else if (op && !['==', '===', '!=', '!=='].includes(op[1])) {
        // Unquoted values only in env/INI/YAML lines: the identifier starts its line.
        const lineHead = text.slice(text.lastIndexOf('\n', idStart - 1) + 1, idStart);
        if (!/^[ \t]*(?:export[ \t]+|set[ \t]+|-[ \t]+)?$/.test(lineHead)) continue;
        UNQUOTED.lastIndex = at;
        const u = UNQUOTED.exec(text);
        if (!u || /^[A-Za-z_$][\w$]*(?:\.[\w$]+)*(?:\(|\[)|^\w+\(/.test(u[1])) continue;
        value = u[1];
      }
      if (value === undefined || !literalCredential(value)) continue;
      consumed = valueStart + value.length;
      yield { start: valueStart, end: valueStart + value.length, score: 0.75 };
    }
  },
};

// ---------------------------------------------------------------- passwords stated in prose
const PROSE_PASSWORD = /\bpass(?:word|phrase)\b[^\n"'`]{0,20}(?:(?:"[^"\n]{0,30}"|'[^'\n]{0,30}')[^\n"'`]{0,20})?\bis[ \t]{1,3}(?:set to[ \t]{1,3})?(?:"([^"\n]{3,100})"|'([^'\n]{3,100})'|`([^`\n]{3,100})`)/g;

const PROSE_PASSWORD_ANY_CASE = new RegExp(PROSE_PASSWORD.source, 'gi');

const prosePassword: DescribedDetector = {
  type: 'SECRET', rule: 'password-in-prose', group: 'secrets', keywords: ['pass'],
  description: 'A password given in a sentence: `the password is "…"`, `the default password for the user "x" is "…"`.',
  positives: [
    'ensure the password is "centipede" and press On',
    "echo \"The password is 'Secret123'\"",
    'The default password for the user "pyne-user" is "pyne".',
    'İstanbul: the Password is "k9#Lm2!x"',
  ],
  negatives: ['the password is "<your password>"', 'the password is stored in the vault', 'The password is "changeme" until you log in'],
  *find(text, lower) {
    // Lower-cased text keeps offsets except for a few characters (İ): then match the text itself.
    const sameOffsets = lower.length === text.length;
    yield* spans(sameOffsets ? PROSE_PASSWORD : PROSE_PASSWORD_ANY_CASE, sameOffsets ? lower : text, text, (v) => literalCredential(v), 0.7);
  },
};

// ---------------------------------------------------------------- command-line arguments
/**
 * Password options of admin tools and cmdlets: `psexec -u user -p pass`, `mysql -u root -pPass`,
 * `sqlcmd -U sa -P pass`, `sshpass -p pass`, `Connect-VIServer -User u -Password p`,
 * `net use \\host pass /user:u`, `--password pass`, `ConvertTo-SecureString "p" -AsPlainText`.
 * `-p` alone means many things (`mkdir -p`, `docker run -p 80:80`, `ssh -p 22`): it counts only
 * beside a user option on the same line and when its value is not a number or a port mapping.
 */
const LONG_OPTION = /(?:^|[\s'"(])(?:--?(?:password|passwd|pwd|pass|secret|client-?secret)|\/(?:password|pass|p):)(?:[ \t]{1,5}|=|:)(?:"([^"\n]{1,200})"|'([^'\n]{1,200})'|([^\s"'|;&)]{1,200}))/gi;
const SHORT_OPTION = /(?:^|\s)-[pP](?:[ \t]{1,5}(?:"([^"\n]{1,200})"|'([^'\n]{1,200})'|([^\s"'|;&)-][^\s"'|;&)]{0,199}))|([^\s"'|;&)-][^\s"'|;&)]{0,199}))/g;
const USER_OPTION = /(?:^|\s)(?:-u|-U|--user(?:name)?|-user(?:name)?|-l|\/user:)(?=[\s=:]|\S)/i;
const SECURE_STRING = /ConvertTo-SecureString[ \t]{1,5}(?:-String[ \t]{1,5})?(?:"([^"\n]{1,200})"|'([^'\n]{1,200})')[^\n]{0,80}?-AsPlainText/gi;

function lineAround(text: string, index: number): string {
  const from = text.lastIndexOf('\n', index) + 1;
  const to = text.indexOf('\n', index);
  return text.slice(from, to < 0 ? text.length : to);
}

const cliPassword: DescribedDetector = {
  type: 'SECRET', rule: 'cli-password-argument', group: 'secrets', keywords: ['-p', '--pass', '-pass', '-pwd', '/p', 'securestring', '-secret', '--secret', '-client'],
  description: 'A password passed on a command line: `-p`/`-P` next to a user option, `--password`, PowerShell `-Password`, `ConvertTo-SecureString "…" -AsPlainText`.',
  positives: [
    'PSEXEC.EXE \\\\LocalComputerIPAddress -u DOMAIN\\my-user -p mypass CMD',
    'mysql -u root -pS3cr3tPass db',
    'sqlcmd -S db -U sa -P "Kf93jdQ1x!" -Q "select 1"',
    '$null = connect-viserver vc.lab.local -user administrator@vsphere.local -password VMware1!',
    'Connect-Foo -Server x -Password "Tr0ub4dor&3"',
    '$pw = ConvertTo-SecureString "P@ssw0rd123" -AsPlainText -Force',
    'az login --service-principal -u http://app --password Zq8mW2vL9xRk --tenant contoso',
  ],
  negatives: [
    'mkdir -p /var/lib/app',
    'docker run -p 8080:80 -u 1000 nginx',
    'psExec \\\\HOST -u User -p $Password -i -d calc.exe',
    'Connect-VIServer "$endpoint" -User "$username" -Password "$password"',
    'ssh -p 22 -l admin host',
    'mysql -u root -p db',
    'read -p "Password: " pw',
  ],
  *find(text) {
    const accept = (v: string) => literalCredential(v) && !/^[-\d:.,]+$/.test(v) && !/^(?:\/|[A-Za-z]:\\)/.test(v);
    yield* spans(LONG_OPTION, text, text, accept, 0.8);
    // `-p<password>` with nothing between is MySQL's client form (https://dev.mysql.com/doc/refman/8.4/en/connecting.html).
    yield* spans(SHORT_OPTION, text, text, (v, m) => accept(v) && USER_OPTION.test(lineAround(text, m.index)) && (m[4] === undefined || /mysql/i.test(lineAround(text, m.index))), 0.8);
    yield* spans(SECURE_STRING, text, text, (v) => literalCredential(v), 0.85);
  },
};

// ---------------------------------------------------------------- .NET credential constructors
const STR = String.raw`"(?:[^"\\\n]|\\.){0,300}"`;
const SEP = String.raw`[ \t]{0,10},[ \t\r\n]{0,20}`;
/** NetworkCredential(user, password[, domain]), DirectoryEntry(path, user, password), ClientSecretCredential(tenant, client, secret), SqlConnectionStringBuilder-style pairs. */
const CONSTRUCTORS = new RegExp(
  [
    String.raw`NetworkCredential[ \t]{0,5}\([ \t\r\n]{0,20}${STR}${SEP}"((?:[^"\\\n]|\\.){1,200})"`,
    String.raw`DirectoryEntry[ \t]{0,5}\([ \t\r\n]{0,20}${STR}${SEP}${STR}${SEP}"((?:[^"\\\n]|\\.){1,200})"`,
    String.raw`ClientSecretCredential[ \t]{0,5}\([ \t\r\n]{0,20}${STR}${SEP}${STR}${SEP}"((?:[^"\\\n]|\\.){1,200})"`,
  ].join('|'),
  'g',
);

const dotnetCredential: DescribedDetector = {
  type: 'SECRET', rule: 'dotnet-credential-literal', group: 'secrets', keywords: ['networkcredential', 'directoryentry', 'clientsecretcredential'],
  description: 'A password or client secret passed as a literal to NetworkCredential, DirectoryEntry or ClientSecretCredential.',
  positives: [
    'sender.Credentials = new NetworkCredential("NuGets@example.com", "vzihlaquknriqlht");',
    'new DirectoryEntry("LDAP://EXAMPLE.COM",\n          "ADMNALRRHH@EXAMPLE.COM",\n          "Rrhh1234");',
    'var c = new ClientSecretCredential("tenant-id", "client-id", "Zq8~mW2vL9xRkT4pQ");',
  ],
  negatives: ['new NetworkCredential(user, password)', 'new NetworkCredential("svc", Environment.GetEnvironmentVariable("PW"))', 'new NetworkCredential("svc", "")'],
  *find(text) {
    yield* spans(CONSTRUCTORS, text, text, (v) => literalCredential(v), 0.85);
  },
};

export const CREDENTIAL_DETECTORS: readonly DescribedDetector[] = [uriCredentials, connectionStringPassword, passwordAssignment, prosePassword, cliPassword, dotnetCredential];
