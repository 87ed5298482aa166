/**
 * npm run bench:dlp-walk — the engine's one walk (tokens.ts' TextPass.run) alone, in ns per character over
 * the mixed corpus of bench:dlp, wall time and this process's CPU time (which leaves out time spent waiting
 * for a core on a shared machine). DLP_WALK_MB sets the corpus size (default 16), DLP_WALK_ROUNDS the timed
 * rounds (default 7). Prints one JSON line: medians and ranges.
 */
import { makeCorpus } from './corpus';
import { Scanner } from '../function/src/dlp';

const MB = 1024 * 1024;
const docs = makeCorpus(Number(process.env.DLP_WALK_MB ?? 16) * MB);
const chars = docs.reduce((a, d) => a + d.length, 0);
const scanner = new Scanner({ profile: 'all', maxInputLength: 2 * MB });
// The scanner's pass is private: the walk is measured on the very object the engine uses.
const pass = (scanner as unknown as { pass: { run(t: string): void; runCount: number } }).pass;
const walk = () => {
  let n = 0;
  for (const d of docs) (pass.run(d), (n += pass.runCount));
  return n;
};
walk();
walk();
const wall: number[] = [];
const cpu: number[] = [];
for (let r = 0; r < Number(process.env.DLP_WALK_ROUNDS ?? 7); r++) {
  const t = process.hrtime.bigint();
  const c = process.cpuUsage();
  walk();
  const used = process.cpuUsage(c);
  wall.push(Number(process.hrtime.bigint() - t) / chars);
  cpu.push(((used.user + used.system) * 1000) / chars);
}
const summary = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { median: +s[s.length >> 1].toFixed(2), range: [+s[0].toFixed(2), +s[s.length - 1].toFixed(2)] };
};
console.log(JSON.stringify({ chars, walk_ns_per_char_wall: summary(wall), walk_ns_per_char_cpu: summary(cpu) }));
