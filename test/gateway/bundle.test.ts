import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { buildFunction } from '../../function/build';

/**
 * The Function app's package as build:function makes it (into a directory of its own). The package
 * must stay small enough to deploy and to load fast on a cold instance: at most 4 MB zipped, and the
 * bundle every instance parses before its first call within a budget that a whole library pulled in by
 * a namespace import would break (reaching zod's core through `z.core` added 370 KB).
 */
describe('Function app bundle', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bundle-'));
  let built: ReturnType<typeof buildFunction>;
  beforeAll(() => {
    built = buildFunction({ outDir: join(dir, 'function'), zipPath: join(dir, 'function.zip') });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('zips to at most 4 MB, with a main bundle within its 640 KB budget', () => {
    expect(built.zipBytes).toBe(readFileSync(built.zipPath).byteLength);
    expect(built.zipBytes).toBeLessThanOrEqual(4_000_000);
    expect(built.bundleBytes).toBeLessThanOrEqual(640 * 1024);
  });

  it('holds the host files, the bundle, its lazily loaded chunks and the tokenizer encodings, nothing else', () => {
    const zip = unzipSync(readFileSync(built.zipPath));
    expect(Object.keys(zip).sort()).toEqual([
      'dist/chunks/identity.js',
      'dist/chunks/identity.js.LEGAL.txt',
      'dist/chunks/openai.js',
      'dist/chunks/redis.js',
      'dist/encodings/cl100k_base.js',
      'dist/encodings/o200k_base.js',
      'dist/index.js',
      'dist/index.js.LEGAL.txt',
      'host.json',
      'package.json',
    ]);
    expect(JSON.parse(Buffer.from(zip['package.json']).toString()).main).toBe('dist/index.js');
    expect(zip['dist/index.js'].byteLength).toBe(built.bundleBytes);
  });
});
