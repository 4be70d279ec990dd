const OCTET = "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
const IPV4_RE = new RegExp(`^${OCTET}\\.${OCTET}\\.${OCTET}\\.${OCTET}$`);

/** Dotted-decimal IPv4 (`127.0.1.2`); leading zeros are refused because some parsers read them as octal. */
export function isIpv4(text: string): boolean {
  return IPV4_RE.test(text);
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
