import { DecodeError } from "../core/errors.js";
import { UpdateCode } from "./errors.js";

/**
 * The options of a DHCP answer (RFC 2131 §3, RFC 2132) as a typed value: the standard ones a device configures its
 * interface and clocks with, and the vendor options of manual 003 App. I.3. App. I: "the device also allow configuring
 * a number of settings via special DHCP vendor options"; I.2: "the options must be made known to the server" — the
 * codes 200–216 of the I.3 table lie in RFC 2132's site-specific range (128–254) and come as options of their own.
 * A server that defines them for a vendor class (the Windows DHCP service, I.1) sends them inside option 43
 * "Vendor Specific Information" as "encapsulated vendor-specific extensions" (RFC 2132 §8.4, same code/length form);
 * both are read, and an option of its own wins over the same code inside 43.
 */

/** RFC 2131 §3: the first four octets of the options field, 99.130.83.99. */
export const MAGIC_COOKIE = Uint8Array.of(99, 130, 83, 99);
/** RFC 2131 §2: op, htype … chaddr (236 octets), then sname (64) and file (128) hold options under overload. */
export const SNAME_AT = 44;
export const FILE_AT = 108;
/** RFC 2131 §3: the magic cookie's offset; the options field follows it. */
export const COOKIE_AT = 236;
export const OPTIONS_AT = COOKIE_AT + MAGIC_COOKIE.length;

/** RFC 2132 option codes a device reads, and the App. I.3 vendor codes. */
export const DhcpOption = {
  Pad: 0,
  SubnetMask: 1,
  Router: 3,
  DnsServer: 6,
  NtpServer: 42,
  VendorSpecific: 43,
  RequestedAddress: 50,
  LeaseTime: 51,
  Overload: 52,
  MessageType: 53,
  ServerId: 54,
  ParameterRequestList: 55,
  MaxMessageSize: 57,
  TftpServerName: 66,
  BootfileName: 67,
  H323Gatekeeper: 200,
  H323GatekeeperId: 201,
  PosixTz: 202,
  DefaultCoder: 203,
  VlanId: 206,
  VlanPriority: 207,
  TosBits: 208,
  EnblocDialling: 209,
  DialtoneType: 210,
  Faststart: 211,
  H245Tunnelling: 212,
  UpdateUrl: 215,
  UpdatePollInterval: 216,
  /** §4.2.2: "the object identifier (DHCP vendor option 250 value) of the selected DHCP server". */
  ServerOid: 250,
  End: 255,
} as const;

/** The App. I.3 table, "Name / Data type" per row: H.323 and VoIP settings, the VLAN, and the update server (UP1). */
export interface VendorOptions {
  /** 200 "H323 gatekeeper", IP address array: the primary first, the alternate second; "Further entries are ignored". */
  readonly gatekeepers?: readonly string[];
  /** 201 "H323 gatekeeper id", String. */
  readonly gatekeeperId?: string;
  /** 202 "POSIX TZ", String: "identical to the standard DHCP option number 88". */
  readonly posixTz?: string;
  /** 203 "Default coder", String: the "/coder" value, e.g. `G729A,40,esx`. */
  readonly defaultCoder?: string;
  /** 206 "VLAN ID", Word (16bit). */
  readonly vlanId?: number;
  /** 207 "VLAN Priority", Byte (8bit). */
  readonly vlanPriority?: number;
  /** 208 "TOS Bits", String: comma separated numbers, e.g. `0xb8,0x68`. */
  readonly tosBits?: string;
  /** 209 "Enbloc dialling", Byte (8bit): seconds; 0 is off. */
  readonly enblocSeconds?: number;
  /** 210 "Dialtone type", Byte (8bit): 0 EUROPE-PBX … 26 BRAZIL. */
  readonly dialtoneType?: number;
  /** 211 "Faststart", Byte (8bit): 0 disables. */
  readonly faststart?: number;
  /** 212 "H245-Tunnelling", Byte (8bit): 0 disables. */
  readonly h245Tunnelling?: number;
  /** 215 "Update URL", String: "identical to the /url option parameter of the UP1 module". */
  readonly updateUrl?: string;
  /** 216 "Update Poll Interval", Word (16bit): "Standard poll interval in minutes … the /poll option". */
  readonly updatePollMinutes?: number;
  /** 250, §4.2.2: the DHCP server's object identifier, e.g. `1.3.6.1.4.1.27614.1.1`. */
  readonly serverOid?: string;
}

/** The options of one DHCP answer; a list option the answer lacks is empty. */
export interface DhcpOptions {
  /** 53, RFC 2132 §9.6: 2 OFFER, 5 ACK, 6 NAK. */
  readonly messageType?: number;
  /** 54, RFC 2132 §9.7. */
  readonly serverId?: string;
  /** 51, RFC 2132 §9.2. */
  readonly leaseSeconds?: number;
  /** 1, RFC 2132 §3.3. */
  readonly subnetMask?: string;
  /** 3, RFC 2132 §3.5, in order of preference. */
  readonly routers: readonly string[];
  /** 6, RFC 2132 §3.8. */
  readonly dnsServers: readonly string[];
  /** 42, RFC 2132 §8.3. */
  readonly ntpServers: readonly string[];
  /** 66, RFC 2132 §9.4; seed 002: "option 66 (TFTP server name) is used to provide the provisioning server URL". */
  readonly tftpServer?: string;
  /** 67, RFC 2132 §9.5. */
  readonly bootfile?: string;
  /** App. I.3. */
  readonly vendor: VendorOptions;
}

/** The bytes of each option code, repeated instances joined (RFC 3396), with where each code first began. */
type RawOptions = Map<number, { bytes: Uint8Array; offset: number }>;

/** A bad options field: the option (when one is at fault), its offset in the message, and why. */
function optionError(reason: string, offset: number, code?: number): DecodeError {
  const field =
    code === undefined ? undefined : `option ${code}${OPTION_NAMES.has(code) ? ` (${OPTION_NAMES.get(code)!})` : ""}`;
  return new DecodeError(UpdateCode.DhcpOption, reason, {
    source: "DHCP answer",
    ...(field === undefined ? {} : { field }),
    offset,
  });
}

/**
 * Reads the code/length/value options of `bytes[start, end)` into `into` (RFC 2132 §2): pad (0) is one octet, end (255)
 * closes the field. Returns false when the field has no end option: RFC 2132 §3.2 "The end option marks the end of
 * valid information in the vendor field", so a field without one was cut short (RFC 2131 §4.1 requires it in each
 * field when options are overloaded).
 */
function readField(msg: Uint8Array, start: number, end: number, into: RawOptions): boolean {
  let at = start;
  while (at < end) {
    const code = msg[at]!;
    if (code === DhcpOption.End) return true;
    if (code === DhcpOption.Pad) {
      at++;
      continue;
    }
    if (at + 1 >= end) throw optionError("the length octet is missing at the end of the field", at, code);
    const len = msg[at + 1]!;
    if (at + 2 + len > end)
      throw optionError(`its length ${len} runs past the end of the field (${end - at - 2} octets left)`, at, code);
    const value = msg.subarray(at + 2, at + 2 + len);
    const seen = into.get(code);
    into.set(
      code,
      seen === undefined ? { bytes: value, offset: at } : { bytes: joined(seen.bytes, value), offset: seen.offset },
    );
    at += 2 + len;
  }
  return false;
}

function joined(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/**
 * The options of a BOOTP/DHCP message `msg` (RFC 2131 §2, §3): the magic cookie, the options field, and under option
 * 52 "Option Overload" (RFC 2132 §9.3) the `file` field, then the `sname` field, each ending with its own end option.
 * Throws DecodeError DHCP_OPTION with the option and its offset in `msg` on a malformed field or a value that does
 * not fit its type.
 */
export function readDhcpOptions(msg: Uint8Array): DhcpOptions {
  if (msg.length < OPTIONS_AT)
    throw optionError(`a DHCP message is at least ${OPTIONS_AT} octets, not ${msg.length}`, msg.length);
  if (!MAGIC_COOKIE.every((b, i) => msg[COOKIE_AT + i] === b))
    throw optionError("no DHCP magic cookie 99.130.83.99 (RFC 2131 §3): a BOOTP message without options", COOKIE_AT);
  const raw: RawOptions = new Map();
  const ended = (start: number, end: number, what: string) => {
    if (!readField(msg, start, end, raw)) throw optionError(`the ${what} has no end option (255)`, end);
  };
  ended(OPTIONS_AT, msg.length, "options field");
  const overload = raw.get(DhcpOption.Overload);
  if (overload !== undefined) {
    const v = byte(overload.bytes, overload.offset, DhcpOption.Overload);
    if (v < 1 || v > 3)
      throw optionError(`overload ${v} is not 1 (file), 2 (sname) or 3 (both)`, overload.offset, DhcpOption.Overload);
    // RFC 3396: the aggregate option buffer is the options field, then the file field, then the sname field.
    if (v & 1) ended(FILE_AT, COOKIE_AT, "file field");
    if (v & 2) ended(SNAME_AT, FILE_AT, "sname field");
  }
  return typed(raw);
}

function typed(raw: RawOptions): DhcpOptions {
  const get = <T>(code: number, read: (b: Uint8Array, at: number, code: number) => T): T | undefined => {
    const o = raw.get(code);
    return o === undefined ? undefined : read(o.bytes, o.offset, code);
  };
  const list = (code: number) => get(code, addresses) ?? [];
  return strip({
    messageType: get(DhcpOption.MessageType, byte),
    serverId: get(DhcpOption.ServerId, address),
    leaseSeconds: get(DhcpOption.LeaseTime, u32),
    subnetMask: get(DhcpOption.SubnetMask, address),
    routers: list(DhcpOption.Router),
    dnsServers: list(DhcpOption.DnsServer),
    ntpServers: list(DhcpOption.NtpServer),
    tftpServer: get(DhcpOption.TftpServerName, text),
    bootfile: get(DhcpOption.BootfileName, text),
    vendor: vendorOptions(raw, get(DhcpOption.VendorSpecific, encapsulated)),
  });
}

/**
 * Option 43 read as encapsulated options (RFC 2132 §8.4: "the same format as the options field"). Content that is
 * not in that form is another vendor's information, not App. I.3's: it is left alone rather than refused.
 */
function encapsulated(bytes: Uint8Array): RawOptions | undefined {
  const inner: RawOptions = new Map();
  try {
    readField(bytes, 0, bytes.length, inner);
    return inner;
  } catch {
    return undefined;
  }
}

function vendorOptions(raw: RawOptions, inside43: RawOptions | undefined): VendorOptions {
  const vendor43 = raw.get(DhcpOption.VendorSpecific);
  const get = <T>(code: number, read: (b: Uint8Array, at: number, code: number) => T): T | undefined => {
    const own = raw.get(code);
    if (own !== undefined) return read(own.bytes, own.offset, code);
    const inner = inside43?.get(code);
    // An encapsulated option's offset: where its option 43 began (the joined value has no single place in msg).
    return inner === undefined ? undefined : read(inner.bytes, vendor43!.offset, code);
  };
  return strip({
    gatekeepers: get(DhcpOption.H323Gatekeeper, addresses),
    gatekeeperId: get(DhcpOption.H323GatekeeperId, text),
    posixTz: get(DhcpOption.PosixTz, text),
    defaultCoder: get(DhcpOption.DefaultCoder, text),
    vlanId: get(DhcpOption.VlanId, word),
    vlanPriority: get(DhcpOption.VlanPriority, byte),
    tosBits: get(DhcpOption.TosBits, text),
    enblocSeconds: get(DhcpOption.EnblocDialling, byte),
    dialtoneType: get(DhcpOption.DialtoneType, byte),
    faststart: get(DhcpOption.Faststart, byte),
    h245Tunnelling: get(DhcpOption.H245Tunnelling, byte),
    updateUrl: get(DhcpOption.UpdateUrl, text),
    updatePollMinutes: get(DhcpOption.UpdatePollInterval, word),
    serverOid: get(DhcpOption.ServerOid, text),
  });
}

/** The object without its undefined fields (exactOptionalPropertyTypes). */
function strip<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

function sized(b: Uint8Array, n: number, at: number, code: number, type: string): void {
  if (b.length !== n) throw optionError(`${type} takes ${n} octet${n === 1 ? "" : "s"}, not ${b.length}`, at, code);
}

/** App. I.3 "Byte (8bit)". */
function byte(b: Uint8Array, at: number, code: number): number {
  sized(b, 1, at, code, "a Byte (8bit)");
  return b[0]!;
}

/** App. I.3 "Word (16bit)", network byte order (RFC 2132 §2: "multi-octet quantities are in network byte-order"). */
function word(b: Uint8Array, at: number, code: number): number {
  sized(b, 2, at, code, "a Word (16bit)");
  return (b[0]! << 8) | b[1]!;
}

function u32(b: Uint8Array, at: number, code: number): number {
  sized(b, 4, at, code, "a 32-bit number");
  return new DataView(b.buffer, b.byteOffset, 4).getUint32(0);
}

function address(b: Uint8Array, at: number, code: number): string {
  sized(b, 4, at, code, "an IP address");
  return b.join(".");
}

/** RFC 2132 §3.5 ff.: "The minimum length … is 4 octets, and the length MUST always be a multiple of 4". */
function addresses(b: Uint8Array, at: number, code: number): string[] {
  if (b.length === 0 || b.length % 4 !== 0)
    throw optionError(`a list of IP addresses takes a multiple of 4 octets, not ${b.length}`, at, code);
  return Array.from({ length: b.length / 4 }, (_, i) => b.subarray(4 * i, 4 * i + 4).join("."));
}

const UTF8 = new TextDecoder("utf-8", { fatal: true });

/**
 * A string option (RFC 2132 §2: the receiver "MUST be prepared to delete trailing nulls"). App. I.3's strings are URLs,
 * time zones and ids: UTF-8 text without control characters.
 */
function text(b: Uint8Array, at: number, code: number): string {
  let end = b.length;
  while (end > 0 && b[end - 1] === 0) end--;
  if (end === 0) throw optionError("an empty string", at, code);
  let s: string;
  try {
    s = UTF8.decode(b.subarray(0, end));
  } catch {
    throw optionError("a string that is not UTF-8", at, code);
  }
  if (/\p{Cc}/u.test(s)) throw optionError("a string with a control character", at, code);
  return s;
}

/** Names for messages, as RFC 2132 and the App. I.3 table spell them. */
const OPTION_NAMES: ReadonlyMap<number, string> = new Map([
  [DhcpOption.SubnetMask, "Subnet Mask"],
  [DhcpOption.Router, "Router"],
  [DhcpOption.DnsServer, "Domain Name Server"],
  [DhcpOption.NtpServer, "NTP Servers"],
  [DhcpOption.VendorSpecific, "Vendor Specific Information"],
  [DhcpOption.LeaseTime, "IP Address Lease Time"],
  [DhcpOption.Overload, "Option Overload"],
  [DhcpOption.MessageType, "DHCP Message Type"],
  [DhcpOption.ServerId, "Server Identifier"],
  [DhcpOption.TftpServerName, "TFTP server name"],
  [DhcpOption.BootfileName, "Bootfile name"],
  [DhcpOption.H323Gatekeeper, "H323 gatekeeper"],
  [DhcpOption.H323GatekeeperId, "H323 gatekeeper id"],
  [DhcpOption.PosixTz, "POSIX TZ"],
  [DhcpOption.DefaultCoder, "Default coder"],
  [DhcpOption.VlanId, "VLAN ID"],
  [DhcpOption.VlanPriority, "VLAN Priority"],
  [DhcpOption.TosBits, "TOS Bits"],
  [DhcpOption.EnblocDialling, "Enbloc dialling"],
  [DhcpOption.DialtoneType, "Dialtone type"],
  [DhcpOption.Faststart, "Faststart"],
  [DhcpOption.H245Tunnelling, "H245-Tunnelling"],
  [DhcpOption.UpdateUrl, "Update URL"],
  [DhcpOption.UpdatePollInterval, "Update Poll Interval"],
  [DhcpOption.ServerOid, "Server Identifier object id"],
]);
