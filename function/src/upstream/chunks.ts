/**
 * Third-party code the gateway needs only on some paths ships in the bundle as files of their own
 * (function/build.ts CHUNKS), required on first use, so that a fresh instance does not compile them to
 * register its functions. The build sets GATEWAY_CHUNKS_DIR, which makes each caller's `require` of
 * the sources dead code the bundler drops; from sources (tests, ts-node) the modules load as usual.
 *
 * A chunk holds library code only, never a gateway module: a second copy of a gateway class would
 * fail `instanceof` against the first (build.ts checks this).
 */
export function bundledChunk<T>(name: string): T {
  const load = require; // an alias: read at run time, not followed by the bundler
  return load(require('node:path').join(__dirname, process.env.GATEWAY_CHUNKS_DIR ?? '.', `${name}.js`)) as T;
}
