/**
 * dlp scan [--profile P] [--jsonl] [--redact]
 *
 * Reads stdin. Default: the whole input is one text; prints {"findings":[…]}.
 * --jsonl: each input line is {"text": "..."}; each output line holds that line's findings
 * (or, with --redact, {"text": redacted}). --redact alone prints the redacted text.
 * Exit 0 when nothing is found, 1 when something is, 2 on bad usage or bad input.
 */
import { DLP_PROFILES, InputTooLargeError, isDlpProfile, redact, Scanner, type DlpProfile } from './engine';

const USAGE = `usage: dlp scan [--profile ${DLP_PROFILES.join('|')}] [--jsonl] [--redact] < input`;

class UsageError extends Error {}

interface Args {
  profile: DlpProfile;
  jsonl: boolean;
  redact: boolean;
}

function parseArgs(argv: string[]): Args {
  const [command, ...rest] = argv;
  if (command !== 'scan') throw new UsageError(command ? `unknown command "${command}"` : 'missing command');
  const args: Args = { profile: 'all', jsonl: false, redact: false };
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === '--jsonl') args.jsonl = true;
    else if (a === '--redact') args.redact = true;
    else if (a === '--profile' || a.startsWith('--profile=')) {
      const value = a.includes('=') ? a.slice(a.indexOf('=') + 1) : rest[++i];
      if (value === undefined || !isDlpProfile(value)) throw new UsageError(`--profile must be one of ${DLP_PROFILES.join(', ')}`);
      args.profile = value;
    } else throw new UsageError(`unknown option "${a}"`);
  }
  return args;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function main(argv: string[], write: (s: string) => void = (s) => process.stdout.write(s)): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (e) {
    process.stderr.write(`dlp: ${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const scanner = new Scanner({ profile: args.profile });
  const input = await readStdin();
  let found = false;
  try {
    if (!args.jsonl) {
      const findings = scanner.scan(input);
      found = findings.length > 0;
      write(args.redact ? redact(input, findings) : `${JSON.stringify({ findings })}\n`);
      return found ? 1 : 0;
    }
    const lines = input.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    const out: string[] = [];
    for (const [n, line] of lines.entries()) {
      let text: unknown;
      try {
        text = (JSON.parse(line) as { text?: unknown })?.text;
      } catch {
        throw new UsageError(`line ${n + 1}: not JSON`);
      }
      if (typeof text !== 'string') throw new UsageError(`line ${n + 1}: expected {"text": "..."}`);
      const findings = scanner.scan(text);
      found ||= findings.length > 0;
      out.push(JSON.stringify(args.redact ? { text: redact(text, findings) } : { findings }));
    }
    write(out.length ? `${out.join('\n')}\n` : '');
    return found ? 1 : 0;
  } catch (e) {
    if (e instanceof UsageError || e instanceof InputTooLargeError) {
      process.stderr.write(`dlp: ${e.message}\n`);
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
