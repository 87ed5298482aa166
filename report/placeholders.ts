/**
 * Placeholder identities: GUIDs no directory would have issued. Entra ID object and tenant ids
 * are random (version 4) GUIDs, where one digit follows another at random; documentation and
 * templates use GUIDs made of long runs of one digit instead: the nil GUID, this repository's
 * `00000000-0000-4000-8000-000000001001`, or Microsoft Learn's `00001111-aaaa-2222-bbbb-3333cccc4444`.
 *
 * The test is structural, not a list of known strings: a GUID whose 32 hex digits form fewer than
 * MIN_RUNS runs of repeated digits. A random GUID has about 30 runs (each of 31 neighbours differs
 * with probability 15/16); 12 or fewer needs 20 or more equal neighbours, about 1 in 10^16, so no
 * real id is flagged. Low-entropy GUIDs that are not runs (`12345678-1234-…`) are not caught.
 */
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MIN_RUNS = 13;

export function isPlaceholderGuid(value: unknown): boolean {
  if (typeof value !== 'string' || !GUID.test(value)) return false;
  const hex = value.replace(/-/g, '').toLowerCase();
  let runs = 1;
  for (let i = 1; i < hex.length; i++) if (hex[i] !== hex[i - 1]) runs++;
  return runs < MIN_RUNS;
}
