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
