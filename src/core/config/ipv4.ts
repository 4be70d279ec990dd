const OCTET = "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
const IPV4_RE = new RegExp(`^${OCTET}\\.${OCTET}\\.${OCTET}\\.${OCTET}$`);

/** Dotted-decimal IPv4 (`127.0.1.2`); leading zeros are refused because some parsers read them as octal. */
export function isIpv4(text: string): boolean {
  return IPV4_RE.test(text);
}

/** The 32-bit value of a dotted IPv4 address, for ordering addresses (e.g. a tie-break between peers). */
export function ipv4Value(text: string): number {
  return text.split(".").reduce((v, o) => v * 256 + Number(o), 0);
}

/** A dotted subnet mask: contiguous one bits from the left (`255.255.255.0`, `0.0.0.0`, `255.255.255.255`). */
export function isNetmask(text: string): boolean {
  if (!isIpv4(text)) return false;
  const bits = text
    .split(".")
    .map((o) => Number(o).toString(2).padStart(8, "0"))
    .join("");
  return /^1*0*$/.test(bits);
}

/** A network: its address bits and mask, both as 32-bit values. */
export interface Ipv4Network {
  readonly net: number;
  readonly mask: number;
}

/**
 * `a.b.c.d/len`, `a.b.c.d/m.m.m.m` (the manual's "Network Base Address/Network Base Mask", §4.9.3) or a bare address
 * (/32), or undefined when it is none of these.
 */
export function parseNetwork(text: string): Ipv4Network | undefined {
  const m = /^([\d.]+)(?:\/([\d.]{1,15}))?$/.exec(text);
  if (m === null || !isIpv4(m[1]!)) return undefined;
  const suffix = m[2] ?? "32";
  let mask: number;
  if (isNetmask(suffix)) mask = ipv4Value(suffix) >>> 0;
  else if (/^\d{1,2}$/.test(suffix) && Number(suffix) <= 32)
    mask = Number(suffix) === 0 ? 0 : (0xffffffff << (32 - Number(suffix))) >>> 0;
  else return undefined;
  return { net: (ipv4Value(m[1]!) & mask) >>> 0, mask };
}

/** Whether `address` lies in one of `networks`; no networks at all: every address (an empty allow list). */
export function inNetworks(networks: readonly Ipv4Network[], address: string): boolean {
  if (networks.length === 0) return true;
  const a = isIpv4(address) ? ipv4Value(address) >>> 0 : undefined;
  return a !== undefined && networks.some((n) => (a & n.mask) >>> 0 === n.net);
}
