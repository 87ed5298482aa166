/**
 * dlp scan [--profile P] [--jsonl] [--redact] [FILE]
 *
 * Reads FILE (or stdin when FILE is absent or `-`) as a stream, in bounded memory.
 * Default: the whole input is one text; prints {"findings":[…]} with offsets into the whole
 * input. The text is scanned in overlapping windows: a value that straddles a window boundary
 * lies whole inside the next window's overlap and is reported once, by the window it starts in.
 * --jsonl: each input line is {"text": "..."}; each output line holds that line's findings
 * (or, with --redact, {"text": redacted}). --redact alone prints the redacted text.
 * Exit 0 when nothing is found, 1 when something is, 2 on bad usage or bad input.
 */
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { MAX_SEGMENT } from './decode';
import { DEFAULT_MAX_INPUT, DLP_PROFILES, InputTooLargeError, isDlpProfile, redact, Scanner, type DlpProfile } from './engine';
import type { Finding } from './types';

const USAGE = `usage: dlp scan [--profile ${DLP_PROFILES.join('|')}] [--jsonl] [--redact] [FILE]

Scans FILE (or stdin) for personal data and secrets and prints the findings as JSON
(type, rule, start, end, score; never the matched text).

  --profile P   detectors to run (default: all)
  --jsonl       each input line is {"text": "..."}; prints one line of findings per input line
  --redact      prints the input with every finding replaced by [REDACTED:<TYPE>]
  -h, --help    prints this help

Exit status: 0 nothing found, 1 something found, 2 bad usage or bad input.`;

class UsageError extends Error {}

interface Args {
  profile: DlpProfile;
  jsonl: boolean;
  redact: boolean;
  help: boolean;
  file?: string;
}

function parseArgs(argv: string[]): Args {
  if (argv.includes('--help') || argv.includes('-h')) return { profile: 'all', jsonl: false, redact: false, help: true };
  const [command, ...rest] = argv;
  if (command !== 'scan') throw new UsageError(command ? `unknown command "${command}"` : 'missing command');
  const args: Args = { profile: 'all', jsonl: false, redact: false, help: false };
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === '--jsonl') args.jsonl = true;
    else if (a === '--redact') args.redact = true;
    else if (a === '--profile' || a.startsWith('--profile=')) {
      const value = a.includes('=') ? a.slice(a.indexOf('=') + 1) : rest[++i];
      if (value === undefined || !isDlpProfile(value)) throw new UsageError(`--profile must be one of ${DLP_PROFILES.join(', ')}`);
      args.profile = value;
    } else if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option "${a}"`);
    else if (args.file !== undefined) throw new UsageError('one FILE at most');
    else args.file = a;
  }
  return args;
}

/** Window sizes in UTF-16 code units. The overlap exceeds the longest value any rule reports, a decoded segment included. */
export interface WindowOptions {
  readonly window: number;
  readonly overlap: number;
}
export const DEFAULT_WINDOWS: WindowOptions = { window: 1024 * 1024, overlap: MAX_SEGMENT + 16 * 1024 };

/**
 * Scans a stream of text in overlapping windows, calling `onFindings` with each window's own
 * findings (offsets into the whole stream) and `onText` with consecutive pieces of the text
 * (for redaction). Memory stays within one window plus one chunk.
 */
export async function scanStream(
  chunks: AsyncIterable<string>,
  scanner: Scanner,
  onFindings: (findings: Finding[], text: string, textStart: number) => void,
  { window, overlap }: WindowOptions = DEFAULT_WINDOWS,
): Promise<void> {
  if (overlap * 2 >= window) throw new RangeError('the window must be more than twice the overlap');
  let buffer = '';
  let bufferStart = 0; // offset of buffer[0] in the whole stream
  let owned = 0; // findings starting before this offset were reported by an earlier window
  let emitted = 0; // text before this offset was passed on
  const flush = (final: boolean) => {
    const findings = scanner.scan(buffer).map((f) => ({ ...f, start: f.start + bufferStart, end: f.end + bufferStart }));
    // This window reports what starts in it, except its overlap with the next one.
    const ownedEnd = final ? bufferStart + buffer.length : bufferStart + buffer.length - overlap;
    const mine = findings.filter((f) => f.start >= owned && f.start < ownedEnd).map((f) => (f.start < emitted ? { ...f, start: emitted } : f)).filter((f) => f.end > f.start);
    // Text up to the window's owned end, or further when a finding of its own runs past it.
    const cut = final ? bufferStart + buffer.length : mine.reduce((m, f) => Math.max(m, f.end), Math.max(ownedEnd, emitted));
    onFindings(mine, buffer.slice(emitted - bufferStart, cut - bufferStart), emitted);
    emitted = cut;
    owned = ownedEnd;
    if (!final) {
      // The next window starts one overlap before the text it owns: a value that starts there is read
      // with the text before it (a run of digit groups, a keyword), as the whole scan reads it.
      let keep = buffer.length - 2 * overlap;
      // Never split a surrogate pair; step back over it, or forward when stepping back would not advance.
      const c = buffer.charCodeAt(keep);
      if (c >= 0xdc00 && c <= 0xdfff) keep += keep > 1 ? -1 : 1;
      bufferStart += keep;
      buffer = buffer.slice(keep);
    }
  };
  for await (const chunk of chunks) {
    buffer += chunk;
    while (buffer.length >= window) {
      const rest = buffer.slice(window);
      buffer = buffer.slice(0, window);
      flush(false);
      buffer += rest;
    }
  }
  flush(true);
}

/** Splits a stream into lines, refusing a line longer than `limit` before buffering more of it. */
async function* lines(chunks: AsyncIterable<string>, limit: number): AsyncIterable<string> {
  let pending = '';
  let n = 0;
  for await (const chunk of chunks) {
    pending += chunk;
    let nl: number;
    while ((nl = pending.indexOf('\n')) !== -1) {
      yield pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      n++;
    }
    if (pending.length > limit) throw new UsageError(`line ${n + 1}: longer than ${limit} characters`);
  }
  if (pending !== '') yield pending;
}

function open(file: string | undefined): Readable {
  const stream = file === undefined || file === '-' ? process.stdin : createReadStream(file);
  stream.setEncoding('utf8'); // a multi-byte character split across reads is decoded whole
  return stream;
}

export async function main(argv: string[], write: (s: string) => void = (s) => process.stdout.write(s)): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (e) {
    process.stderr.write(`dlp: ${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (args.help) {
    write(`${USAGE}\n`);
    return 0;
  }
  const scanner = new Scanner({ profile: args.profile });
  let found = false;
  try {
    const input = open(args.file) as AsyncIterable<string> & Readable;
    if (!args.jsonl) {
      if (!args.redact) write('{"findings":[');
      let first = true;
      await scanStream(input, scanner, (findings, text, textStart) => {
        found ||= findings.length > 0;
        if (args.redact) {
          write(redact(text, findings.map((f) => ({ ...f, start: f.start - textStart, end: f.end - textStart }))));
          return;
        }
        for (const f of findings) {
          write(`${first ? '' : ','}${JSON.stringify(f)}`);
          first = false;
        }
      });
      if (!args.redact) write(']}\n');
      return found ? 1 : 0;
    }
    let n = 0;
    // A JSON line may spell each character as a six-character \u escape.
    for await (const line of lines(input, 6 * DEFAULT_MAX_INPUT + 64)) {
      n++;
      let text: unknown;
      try {
        text = (JSON.parse(line) as { text?: unknown })?.text;
      } catch {
        throw new UsageError(`line ${n}: not JSON`);
      }
      if (typeof text !== 'string') throw new UsageError(`line ${n}: expected {"text": "..."}`);
      let findings: Finding[];
      try {
        findings = scanner.scan(text);
      } catch (e) {
        if (e instanceof InputTooLargeError) throw new UsageError(`line ${n}: ${e.message}`);
        throw e;
      }
      found ||= findings.length > 0;
      write(`${JSON.stringify(args.redact ? { text: redact(text, findings) } : { findings })}\n`);
    }
    return found ? 1 : 0;
  } catch (e) {
    if (e instanceof UsageError || e instanceof InputTooLargeError) {
      process.stderr.write(`dlp: ${e.message}\n`);
      return 2;
    }
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EISDIR' || code === 'EACCES') {
      process.stderr.write(`dlp: cannot read ${args.file}: ${code}\n`);
      return 2;
    }
    throw e;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`dlp: ${(e as Error).message}\n`);
      process.exitCode = 2;
    },
  );
}
