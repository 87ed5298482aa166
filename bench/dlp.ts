/**
 * npm run bench:dlp — DLP throughput and worst case.
 *
 * 1. MB/s over a 32 MB mixed corpus (prose, code, logs, JSON) with every detector on
 *    (profile "all"), against the reference article's five regexes in the same process on the
 *    same documents. After a warm-up, 5 rounds each time the engine and the article back to back
 *    (alternating which goes first), so a change in machine load hits both alike; the ratio is
 *    the median of the rounds' ratios, with their range.
 * 2. The slowest 1 MB adversarial input (median of 3 scans after a warm-up).
 * Prints one JSON line.
 */
import { makeCorpus } from './corpus';
import { adversarialInputs } from './adversarial';
import { ALL_DETECTORS, Scanner } from '../function/src/dlp';
import { NUMERIC_RULES } from '../function/src/dlp/detectors-pii';

const MB = 1024 * 1024;
const size = Number(process.env.DLP_BENCH_MB ?? 32) * MB;
const docs = makeCorpus(size);
const bytes = docs.reduce((a, d) => a + Buffer.byteLength(d), 0);

/** The reference article's five patterns, as JavaScript regexes. */
const ARTICLE = [
  /\b\d{4}[-\s]?\d{4}[-\s]?\d{4}[-\s]?\d{4}\b/g,
  /\b\d{3}[-\s]?\d{2}[-\s]?\d{4}\b/g,
  /\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Z|a-z]{2,}\b/g,
  /\b\d{3}[-.\s]?\d{3}[-.\s]?\d{4}\b/g,
  /\b(sk-[a-zA-Z0-9]{32,}|[A-Za-z0-9]{32,})\b/g,
];

const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[xs.length >> 1];
/**
 * Wall time, and this process's CPU time (user + system): on a shared machine the CPU time leaves
 * out the time spent waiting for a core, so its ratio moves less with other people's load.
 */
function timed(fn: () => number): { ms: number; cpuMs: number; count: number } {
  const t = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const count = fn();
  const used = process.cpuUsage(cpu);
  return { ms: Number(process.hrtime.bigint() - t) / 1e6, cpuMs: (used.user + used.system) / 1000, count };
}

const scanner = new Scanner({ profile: 'all', maxInputLength: 2 * MB });
const runEngine = () => docs.reduce((n, d) => n + scanner.scan(d).length, 0);
const runArticle = () => docs.reduce((n, d) => n + ARTICLE.reduce((k, r) => k + (d.match(r)?.length ?? 0), 0), 0);
runEngine(); // warm-up
runArticle();
const rounds: { engine: ReturnType<typeof timed>; article: ReturnType<typeof timed> }[] = [];
for (let r = 0; r < 5; r++) {
  if (r % 2 === 0) {
    const engine = timed(runEngine);
    rounds.push({ engine, article: timed(runArticle) });
  } else {
    const article = timed(runArticle);
    rounds.push({ engine: timed(runEngine), article });
  }
}
const ratios = rounds.map((r) => r.article.ms / r.engine.ms);
const cpuRatios = rounds.map((r) => r.article.cpuMs / r.engine.cpuMs);
const engine = { ms: median(rounds.map((r) => r.engine.ms)), count: rounds[0].engine.count };
const article = { ms: median(rounds.map((r) => r.article.ms)), count: rounds[0].article.count };

const worst = adversarialInputs(MB).map(({ name, text }) => {
  const s = new Scanner({ profile: 'all', maxInputLength: 2 * MB });
  s.scan(text); // warm-up
  return { name, ms: median([0, 1, 2].map(() => timed(() => s.scan(text).length).ms)) };
});
const slowest = worst.sort((a, b) => b.ms - a.ms)[0];

const engineMBs = bytes / MB / (engine.ms / 1000);
const articleMBs = bytes / MB / (article.ms / 1000);
console.log(
  JSON.stringify({
    corpus_mb: +(bytes / MB).toFixed(1),
    documents: docs.length,
    detectors: ALL_DETECTORS.length + NUMERIC_RULES.length,
    article_patterns: ARTICLE.length,
    engine_mb_s: +engineMBs.toFixed(1),
    article_mb_s: +articleMBs.toFixed(1),
    ratio: +median(ratios).toFixed(2),
    ratio_range: [+Math.min(...ratios).toFixed(2), +Math.max(...ratios).toFixed(2)],
    ratio_cpu_time: +median(cpuRatios).toFixed(2),
    ratio_cpu_time_range: [+Math.min(...cpuRatios).toFixed(2), +Math.max(...cpuRatios).toFixed(2)],
    engine_findings: engine.count,
    article_matches: article.count,
    worst_adversarial_1mb: { input: slowest.name, ms: +slowest.ms.toFixed(1) },
    adversarial_ms: Object.fromEntries(worst.map((w) => [w.name, +w.ms.toFixed(1)])),
  }),
);
