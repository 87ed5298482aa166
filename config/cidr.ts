/**
 * Minimal IPv4 CIDR arithmetic for address-space validation and subnet carving.
 * Written by hand because the project needs only parse / overlap / split on
 * IPv4 prefixes, which is a few lines of integer arithmetic.
 */
export interface Cidr {
  readonly network: number; // unsigned 32-bit network address
  readonly prefix: number;
}

export function parseCidr(text: string): Cidr {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text);
  if (!m) throw new Error(`"${text}" is not an IPv4 CIDR block such as 10.0.0.0/22`);
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255) || prefix > 32) throw new Error(`"${text}" is not a valid IPv4 CIDR block`);
  const address = ((octets[0] << 24) >>> 0) + (octets[1] << 16) + (octets[2] << 8) + octets[3];
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  if ((address & mask) >>> 0 !== address) {
    throw new Error(`"${text}" has host bits set; did you mean ${formatCidr({ network: (address & mask) >>> 0, prefix })}?`);
  }
  return { network: address, prefix };
}

export function formatCidr(c: Cidr): string {
  const n = c.network;
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}/${c.prefix}`;
}

function size(c: Cidr): number {
  return 2 ** (32 - c.prefix);
}

export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  return a.network < b.network + size(b) && b.network < a.network + size(a);
}

/** The `index`-th block of prefix length `newPrefix` inside `parent`. */
export function subnetOf(parent: Cidr, newPrefix: number, index: number): Cidr {
  if (newPrefix < parent.prefix || newPrefix > 32) {
    throw new Error(`cannot carve a /${newPrefix} out of ${formatCidr(parent)}`);
  }
  const count = 2 ** (newPrefix - parent.prefix);
  if (index < 0 || index >= count) {
    throw new Error(`${formatCidr(parent)} holds only ${count} blocks of /${newPrefix}; block ${index} does not fit`);
  }
  return { network: parent.network + index * 2 ** (32 - newPrefix), prefix: newPrefix };
}
