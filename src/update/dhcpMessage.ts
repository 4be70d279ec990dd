import { DecodeError, InternalError } from "../core/errors.js";
import { COOKIE_AT, DhcpOption, MAGIC_COOKIE, OPTIONS_AT, readDhcpOptions, type DhcpOptions } from "./dhcpOptions.js";
import { UpdateCode } from "./errors.js";

/** RFC 2132 §9.6 "DHCP Message Type" values a client sends or reads. */
export const DhcpMessageType = { Discover: 1, Offer: 2, Request: 3, Ack: 5, Nak: 6 } as const;

/** RFC 2131 §2 op: BOOTREQUEST from a client, BOOTREPLY from a server. */
const BOOTREQUEST = 1;
const BOOTREPLY = 2;
/** RFC 1700 hardware type Ethernet, and its address length. */
const HTYPE_ETHERNET = 1;
const HLEN_ETHERNET = 6;
/** RFC 2131 §2, Figure 2: "BROADCAST flag": answer by broadcast, the client has no address to receive unicast at. */
const FLAG_BROADCAST = 0x8000;
/** RFC 951: a BOOTP message is 300 octets (its vend field 64); some servers and relays drop shorter ones. */
const MIN_MESSAGE = 300;
/** RFC 2132 §9.10 "Maximum DHCP Message Size": an Ethernet MTU, so a long App. I.3 option need not be cut (App. I.5). */
const MAX_MESSAGE_SIZE = 1500;

/**
 * Option 55 "Parameter Request List" (RFC 2132 §9.8): what a device configures from DHCP — its interface, DNS, NTP,
 * seed 002's provisioning URL (66) and bootfile (67) — and every App. I.3 vendor option, on its own and in option 43.
 */
export const REQUESTED_OPTIONS: readonly number[] = [
  DhcpOption.SubnetMask,
  DhcpOption.Router,
  DhcpOption.DnsServer,
  DhcpOption.NtpServer,
  DhcpOption.VendorSpecific,
  DhcpOption.TftpServerName,
  DhcpOption.BootfileName,
  DhcpOption.H323Gatekeeper,
  DhcpOption.H323GatekeeperId,
  DhcpOption.PosixTz,
  DhcpOption.DefaultCoder,
  DhcpOption.VlanId,
  DhcpOption.VlanPriority,
  DhcpOption.TosBits,
  DhcpOption.EnblocDialling,
  DhcpOption.DialtoneType,
  DhcpOption.Faststart,
  DhcpOption.H245Tunnelling,
  DhcpOption.UpdateUrl,
  DhcpOption.UpdatePollInterval,
  DhcpOption.ServerOid,
];

/** A client's DHCPDISCOVER, or its DHCPREQUEST for an offered address (RFC 2131 §4.4.1, SELECTING state). */
export interface DhcpRequest {
  readonly type: typeof DhcpMessageType.Discover | typeof DhcpMessageType.Request;
  /** RFC 2131 §2 "xid": chosen by the client, echoed by the server. */
  readonly xid: number;
  /** The interface's Ethernet address, 6 octets. */
  readonly mac: Uint8Array;
  /** DHCPREQUEST: the offer's `yiaddr` (option 50) and the offering server (option 54), RFC 2131 §4.3.2. */
  readonly requestedAddress?: string;
  readonly serverId?: string;
}

/** A server's DHCPOFFER, DHCPACK or DHCPNAK. */
export interface DhcpReply {
  readonly xid: number;
  /** RFC 2131 §2 "yiaddr": the client's address. */
  readonly yiaddr: string;
  /** "chaddr", as `aa:bb:cc:dd:ee:ff`. */
  readonly mac: string;
  readonly options: DhcpOptions;
}

/** The BOOTREQUEST of `r` (RFC 2131 §2 and §4.4.1: ciaddr 0, the broadcast flag, chaddr, the options). */
export function encodeDhcpRequest(r: DhcpRequest): Uint8Array {
  if (r.mac.length !== HLEN_ETHERNET)
    throw new InternalError(UpdateCode.DhcpRequest, `an Ethernet address has 6 octets, not ${r.mac.length}`);
  const options: number[] = [DhcpOption.MessageType, 1, r.type];
  if (r.requestedAddress !== undefined) options.push(DhcpOption.RequestedAddress, 4, ...octets(r.requestedAddress));
  if (r.serverId !== undefined) options.push(DhcpOption.ServerId, 4, ...octets(r.serverId));
  options.push(DhcpOption.ParameterRequestList, REQUESTED_OPTIONS.length, ...REQUESTED_OPTIONS);
  options.push(DhcpOption.MaxMessageSize, 2, MAX_MESSAGE_SIZE >> 8, MAX_MESSAGE_SIZE & 0xff, DhcpOption.End);
  const msg = new Uint8Array(Math.max(MIN_MESSAGE, OPTIONS_AT + options.length));
  const view = new DataView(msg.buffer);
  msg.set([BOOTREQUEST, HTYPE_ETHERNET, HLEN_ETHERNET, 0]);
  view.setUint32(4, r.xid);
  view.setUint16(10, FLAG_BROADCAST);
  msg.set(r.mac, 28);
  msg.set(MAGIC_COOKIE, COOKIE_AT);
  msg.set(options, OPTIONS_AT);
  return msg;
}

function octets(ip: string): number[] {
  const parts = ip.split(".").map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255))
    throw new InternalError(UpdateCode.DhcpRequest, `not an IPv4 address: ${ip}`);
  return parts;
}

/** The transaction id of a message, before it is decoded: to pass over answers for other clients. */
export function dhcpXid(msg: Uint8Array): number | undefined {
  return msg.length < 8 ? undefined : new DataView(msg.buffer, msg.byteOffset, msg.length).getUint32(4);
}

/** A BOOTREPLY (RFC 2131 §2); throws DecodeError DHCP_MESSAGE or, for its options, DHCP_OPTION. */
export function decodeDhcpReply(msg: Uint8Array): DhcpReply {
  const fail = (reason: string, offset: number) =>
    new DecodeError(UpdateCode.DhcpMessage, reason, { source: "DHCP answer", offset });
  if (msg.length < OPTIONS_AT) throw fail(`a DHCP message is at least ${OPTIONS_AT} octets, not ${msg.length}`, 0);
  if (msg[0] !== BOOTREPLY) throw fail(`op ${msg[0]} is not BOOTREPLY (2)`, 0);
  if (msg[1] !== HTYPE_ETHERNET || msg[2] !== HLEN_ETHERNET)
    throw fail(`hardware type ${msg[1]} length ${msg[2]} is not Ethernet (1, 6)`, 1);
  return {
    xid: dhcpXid(msg)!,
    yiaddr: msg.subarray(16, 20).join("."),
    mac: Array.from(msg.subarray(28, 34), (b) => b.toString(16).padStart(2, "0")).join(":"),
    options: readDhcpOptions(msg),
  };
}
