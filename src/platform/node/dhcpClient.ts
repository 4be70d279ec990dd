import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createSocket, type Socket } from "node:dgram";
import { readFile } from "node:fs/promises";
import { promisify } from "node:util";
import { DecodeError, IoError } from "../../core/errors.js";
import {
  decodeDhcpReply,
  dhcpXid,
  DhcpMessageType,
  encodeDhcpRequest,
  type DhcpReply,
  type DhcpRequest,
} from "../../update/dhcpMessage.js";
import type { DhcpOptions } from "../../update/dhcpOptions.js";
import { UpdateCode } from "../../update/errors.js";
import { PlatformCode } from "./errors.js";

const run = promisify(execFile);

/** RFC 2131 §4.1: the client's port 68, the server's 67. */
export const DHCP_CLIENT_PORT = 68;
const DHCP_SERVER_PORT = 67;
const LIMITED_BROADCAST = "255.255.255.255";
/** RFC 2131 §4.1: the first retransmission after 4 seconds, the delay doubled for each one after (up to 64 s). */
const FIRST_RETRY_MS = 4000;
const LAST_RETRY_MS = 64_000;
/** How long `requestLease` waits for an OFFER and then an ACK, together, unless told. */
export const DEFAULT_DHCP_TIMEOUT_MS = 10_000;
/** Linux IFNAMSIZ: an interface name is at most 15 characters. */
const IFNAME = /^[\w.-]{1,15}$/;

/** What a DHCP server gave the interface (RFC 2131 §4.4.1, from its DHCPACK). */
export interface DhcpLease {
  readonly interface: string;
  /** The interface's Ethernet address the lease is for. */
  readonly mac: string;
  readonly address: string;
  /** The server that acknowledged (option 54). */
  readonly serverId: string;
  readonly subnetMask?: string;
  readonly routers: readonly string[];
  readonly dnsServers: readonly string[];
  readonly leaseSeconds?: number;
  /** Every option of the ACK, typed (App. I.3's vendor options among them). */
  readonly options: DhcpOptions;
}

/**
 * A minimal DHCP client (RFC 2131 §3.1, §4.4.1): DHCPDISCOVER, the first DHCPOFFER, DHCPREQUEST for it, DHCPACK; with
 * option 55 asking for the options of src/update/dhcpMessage.ts. It binds UDP port 68 (root, or a network namespace of
 * one's own), sends by broadcast with the BROADCAST flag set, and does not configure the interface: the lease is what
 * it returns. Node's UDP sockets cannot be tied to a device (no SO_BINDTODEVICE) nor send raw frames, so the limited
 * broadcast leaves by the route the kernel has for 255.255.255.255; the client checks that this is `ifname` and refuses
 * otherwise, rather than asking another network. Errors: DHCP_INTERFACE, DHCP_NO_ANSWER, DHCP_NAK, and the decode
 * errors of a malformed answer (DHCP_MESSAGE, DHCP_OPTION).
 */
export async function requestLease(ifname: string, timeoutMs = DEFAULT_DHCP_TIMEOUT_MS): Promise<DhcpLease> {
  const mac = await interfaceMac(ifname);
  await checkBroadcastRoute(ifname);
  const socket = createSocket({ type: "udp4", reuseAddr: true });
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once("error", reject);
      socket.bind({ port: DHCP_CLIENT_PORT }, () => {
        socket.off("error", reject);
        resolve();
      });
    });
    socket.setBroadcast(true);
    const deadline = Date.now() + timeoutMs;
    const xid = randomBytes(4).readUInt32BE(0);
    const macBytes = Uint8Array.from(mac.split(":"), (h) => parseInt(h, 16));
    const offer = await exchange(socket, ifname, { type: DhcpMessageType.Discover, xid, mac: macBytes }, deadline);
    const serverId = offer.options.serverId;
    if (serverId === undefined)
      throw new DecodeError(
        UpdateCode.DhcpMessage,
        "a DHCPOFFER without option 54 (Server Identifier), RFC 2131 §4.3.1",
        {
          source: "DHCP answer",
        },
      );
    const request: DhcpRequest = {
      type: DhcpMessageType.Request,
      xid,
      mac: macBytes,
      requestedAddress: offer.yiaddr,
      serverId,
    };
    const ack = await exchange(socket, ifname, request, deadline);
    if (ack.options.messageType === DhcpMessageType.Nak)
      throw new IoError(PlatformCode.DhcpNak, `the DHCP server ${serverId} refused ${offer.yiaddr} (DHCPNAK)`, {
        source: ifname,
      });
    return {
      interface: ifname,
      mac,
      address: ack.yiaddr,
      serverId: ack.options.serverId ?? serverId,
      ...(ack.options.subnetMask === undefined ? {} : { subnetMask: ack.options.subnetMask }),
      routers: ack.options.routers,
      dnsServers: ack.options.dnsServers,
      ...(ack.options.leaseSeconds === undefined ? {} : { leaseSeconds: ack.options.leaseSeconds }),
      options: ack.options,
    };
  } finally {
    socket.close();
  }
}

/** The answer a request waits for: an OFFER to a DISCOVER, an ACK or NAK to a REQUEST (RFC 2131 §4.4.1). */
const ANSWERS: Readonly<Record<DhcpRequest["type"], readonly number[]>> = {
  [DhcpMessageType.Discover]: [DhcpMessageType.Offer],
  [DhcpMessageType.Request]: [DhcpMessageType.Ack, DhcpMessageType.Nak],
};

const ANSWER_NAMES: Readonly<Record<DhcpRequest["type"], string>> = {
  [DhcpMessageType.Discover]: "DHCPOFFER",
  [DhcpMessageType.Request]: "DHCPACK or DHCPNAK",
};

/**
 * Broadcasts `request` and resolves with the first answer of its xid and an expected type, resending after 4, 8, 16 … 64
 * seconds until `deadline`. Messages of other transactions are passed over; one of this transaction that does not
 * decode fails the exchange, since the server that sent it means this client.
 */
function exchange(socket: Socket, ifname: string, request: DhcpRequest, deadline: number): Promise<DhcpReply> {
  const seconds = ((deadline - Date.now()) / 1000).toFixed(1);
  const bytes = encodeDhcpRequest(request);
  const name = request.type === DhcpMessageType.Discover ? "DHCPDISCOVER" : "DHCPREQUEST";
  return new Promise<DhcpReply>((resolve, reject) => {
    let sent = 0;
    let timer: NodeJS.Timeout | undefined;
    const done = (fn: () => void) => {
      clearTimeout(timer);
      socket.off("message", onMessage);
      socket.off("error", onError);
      fn();
    };
    const onError = (err: Error) => done(() => reject(err));
    const onMessage = (msg: Buffer) => {
      if (dhcpXid(msg) !== request.xid) return;
      let reply: DhcpReply;
      try {
        reply = decodeDhcpReply(msg);
      } catch (err) {
        done(() => reject(err));
        return;
      }
      if (ANSWERS[request.type].includes(reply.options.messageType ?? -1)) done(() => resolve(reply));
    };
    const send = (wait: number) => {
      sent++;
      socket.send(bytes, DHCP_SERVER_PORT, LIMITED_BROADCAST, (err) => {
        if (err) onError(err);
      });
      const left = deadline - Date.now();
      timer = setTimeout(
        () => (left <= wait ? done(() => reject(noAnswer())) : send(Math.min(wait * 2, LAST_RETRY_MS))),
        Math.min(wait, Math.max(left, 0)),
      );
    };
    const noAnswer = () =>
      new IoError(
        PlatformCode.DhcpNoAnswer,
        `no DHCP server answered: ${sent} ${name}${sent === 1 ? "" : "s"} sent, no ${ANSWER_NAMES[request.type]} in ${seconds} s`,
        { source: ifname },
      );
    socket.on("message", onMessage);
    socket.on("error", onError);
    send(FIRST_RETRY_MS);
  });
}

/** The Ethernet address of `ifname` (Linux sysfs), or DHCP_INTERFACE saying why there is none. */
async function interfaceMac(ifname: string): Promise<string> {
  const fail = (why: string) => new IoError(PlatformCode.DhcpInterface, why, { source: ifname });
  if (!IFNAME.test(ifname)) throw fail("not a network interface name (1 to 15 letters, digits, '.', '-', '_')");
  const mac = await readFile(`/sys/class/net/${ifname}/address`, "utf8").then(
    (t) => t.trim(),
    (err: NodeJS.ErrnoException) => {
      throw fail(err.code === "ENOENT" ? "no such network interface here (ip link lists them)" : err.message);
    },
  );
  if (!/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/.test(mac) || mac === "00:00:00:00:00:00")
    throw fail(`has no Ethernet address (${mac || "none"}): DHCP needs one (RFC 2131 chaddr)`);
  return mac;
}

/** Refuses unless the kernel sends the limited broadcast out of `ifname` (see `requestLease`). */
async function checkBroadcastRoute(ifname: string): Promise<void> {
  const fix = `run it in a network namespace holding ${ifname}, with the route: ip route add ${LIMITED_BROADCAST}/32 dev ${ifname}`;
  const dev = await run("ip", ["-j", "route", "get", LIMITED_BROADCAST]).then(
    (r) => (JSON.parse(r.stdout) as { dev?: string }[])[0]?.dev,
    (err: { stderr?: string; message: string }) => {
      throw new IoError(
        PlatformCode.DhcpInterface,
        `no route for the broadcast ${LIMITED_BROADCAST} (${(err.stderr ?? err.message).trim()}): ${fix}`,
        { source: ifname },
      );
    },
  );
  if (dev !== ifname)
    throw new IoError(
      PlatformCode.DhcpInterface,
      `the broadcast ${LIMITED_BROADCAST} leaves by ${dev ?? "no interface"}, not ${ifname}; a Node socket cannot choose its interface: ${fix}`,
      { source: ifname },
    );
}
