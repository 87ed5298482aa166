/**
 * A deterministic mixed corpus (prose, code, logs, JSON) with a sprinkling of sensitive values,
 * for throughput benchmarks. Seeded, so every run scans the same bytes.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  'the of and to in is for that on with as was by at be this from are or an it not which have has had were all can more ' +
  'governance platform model deployment budget region network private endpoint identity tenant request response token ' +
  'latency throughput customer invoice payment account address contact report quarter revenue forecast migration cluster ' +
  'service container function storage queue message retry timeout policy compliance audit residency encryption key vault'
).split(' ');

export function makeCorpus(bytes: number, seed = 42): string[] {
  const rnd = mulberry32(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
  const int = (n: number) => Math.floor(rnd() * n);
  const hex = (n: number) => Array.from({ length: n }, () => '0123456789abcdef'[int(16)]).join('');
  const sentence = () => {
    const n = 8 + int(14);
    const w = Array.from({ length: n }, () => pick(WORDS));
    w[0] = w[0][0].toUpperCase() + w[0].slice(1);
    return `${w.join(' ')}.`;
  };
  const sensitive = [
    () => 'jane.doe@example.com',
    () => '4111 1111 1111 1111',
    () => '+44 20 7946 0958',
    () => `10.${int(255)}.${int(255)}.${int(255)}`,
    () => 'DE89 3704 0044 0532 0130 00',
    () => 'ghp_' + Array.from({ length: 36 }, () => 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'[int(62)]).join(''),
    () => `order ${int(1e9)}`,
  ];
  const docs: string[] = [];
  let size = 0;
  while (size < bytes) {
    let doc: string;
    switch (int(4)) {
      case 0: // prose
        doc = Array.from({ length: 5 + int(20) }, () => (rnd() < 0.05 ? `${sentence()} Contact ${pick(sensitive)()}.` : sentence())).join(' ');
        break;
      case 1: // code
        doc = Array.from({ length: 10 + int(30) }, (_, i) =>
          pick([
            `const ${pick(WORDS)}${i} = await client.${pick(WORDS)}(${int(1000)});`,
            `if (${pick(WORDS)}.length > ${int(100)}) { return ${pick(WORDS)}; }`,
            `// ${sentence()}`,
            `export function ${pick(WORDS)}_${hex(4)}(input: string): number { return input.length * ${int(50)}; }`,
            `const commit = "${hex(40)}";`,
          ]),
        ).join('\n');
        break;
      case 2: // logs
        doc = Array.from({ length: 10 + int(40) }, () =>
          `2026-11-${String(1 + int(28)).padStart(2, '0')}T${String(int(24)).padStart(2, '0')}:${String(int(60)).padStart(2, '0')}:${String(int(60)).padStart(2, '0')}Z ${pick(['INFO', 'WARN', 'ERROR'])} ${pick(WORDS)} request_id=${hex(8)}-${hex(4)} status=${pick([200, 201, 404, 429, 500])} duration_ms=${int(3000)} client=${pick(sensitive)()}`,
        ).join('\n');
        break;
      default: // JSON
        doc = JSON.stringify(
          Array.from({ length: 5 + int(20) }, () => ({ id: hex(12), name: `${pick(WORDS)} ${pick(WORDS)}`, amount: int(100000) / 100, note: sentence(), ref: rnd() < 0.1 ? pick(sensitive)() : hex(6) })),
        );
    }
    docs.push(doc);
    size += doc.length;
  }
  return docs;
}
