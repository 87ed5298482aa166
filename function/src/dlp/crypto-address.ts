import { createHash } from 'node:crypto';

const B58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

/** Bitcoin P2PKH / P2SH address: Base58Check with version byte 0x00 or 0x05. */
export function base58CheckAddress(s: string): boolean {
  if (s.length < 26 || s.length > 35) return false;
  let n = 0n;
  for (const c of s) {
    const i = B58.indexOf(c);
    if (i < 0) return false;
    n = n * 58n + BigInt(i);
  }
  const bytes: number[] = [];
  while (n > 0n) {
    bytes.unshift(Number(n & 0xffn));
    n >>= 8n;
  }
  for (const c of s) {
    if (c !== '1') break;
    bytes.unshift(0);
  }
  if (bytes.length !== 25) return false;
  const payload = Buffer.from(bytes.slice(0, 21));
  const check = createHash('sha256').update(createHash('sha256').update(payload).digest()).digest();
  return check.subarray(0, 4).equals(Buffer.from(bytes.slice(21))) && (bytes[0] === 0x00 || bytes[0] === 0x05);
}

const BECH32 = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
function polymod(values: number[]): number {
  const gen = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
  let chk = 1;
  for (const v of values) {
    const top = chk >>> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk ^= gen[i];
  }
  return chk >>> 0;
}

/** Segwit address (BIP 173 bech32 / BIP 350 bech32m) for mainnet or testnet. */
export function bech32Address(s: string): boolean {
  if (s !== s.toLowerCase() && s !== s.toUpperCase()) return false;
  const lower = s.toLowerCase();
  const sep = lower.lastIndexOf('1');
  const hrp = lower.slice(0, sep);
  if (hrp !== 'bc' && hrp !== 'tb') return false;
  const data: number[] = [];
  for (const c of lower.slice(sep + 1)) {
    const i = BECH32.indexOf(c);
    if (i < 0) return false;
    data.push(i);
  }
  if (data.length < 6) return false;
  const expanded = [...Array.from(hrp, (c) => c.charCodeAt(0) >> 5), 0, ...Array.from(hrp, (c) => c.charCodeAt(0) & 31)];
  const result = polymod([...expanded, ...data]);
  return result === 1 || result === 0x2bc830a3;
}
