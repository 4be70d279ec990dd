import { getCiphers } from "node:crypto";
import type { RemoteInfo, Socket } from "node:dgram";
import snmp, {
  type Agent,
  type NsError,
  type NsHandler,
  type NsMessage,
  type NsUser,
  type NsVarbind,
  type Session,
} from "net-snmp";
import {
  answer,
  tooBig,
  type Answer,
  type AnswerVarbind,
  type ErrorStatus,
  type Request,
  type RequestKind,
} from "../../snmp/answer.js";
import { isWellFramed } from "../../snmp/berFrame.js";
import { fittingPrefix, responseLimit } from "../../snmp/messageSize.js";
import type { SnmpListen, SnmpNotification } from "../../snmp/agentPort.js";
import type { MibView, Oid, SnmpValue } from "../../snmp/mibView.js";
import {
  DEFAULT_INFORM_RETRIES,
  DEFAULT_INFORM_TIMEOUT_MS,
  DEFAULT_TRAP_PORT,
  parseCidr,
  type SnmpSettings,
  type TrapDestination,
} from "../../snmp/settings.js";
import type { SnmpCounters } from "../../snmp/systemGroup.js";
import { parseOid } from "../../snmp/views.js";

/**
 * The SNMP agent of a real node (§4.9.5, App. H UDP 161): npm net-snmp's Agent parses and checks each message (BER,
 * community, USM with its keys, discovery reports) and encodes the response, while the answer comes from the device's
 * MibView (snmp/answer.ts) and not from net-snmp's Mib tree, whose GETNEXT sorts a node's children on every step
 * (docs/design.md "SNMP agent"). The only file that imports net-snmp.
 */
export const listenSnmp: SnmpListen = async (o) => {
  const { settings, counters, log } = o;
  const networks = settings.allowedNetworks.map((n) => parseCidr(n.network)!);
  const allowed = (address: string): boolean => {
    if (networks.length === 0) return true;
    const a = parseCidr(address);
    return a !== undefined && networks.some((n) => (a.net & n.mask) >>> 0 === n.net);
  };
  const authFailure = o.authenticationFailed;
  let bindFailed: ((e: Error) => void) | undefined;
  const agent = snmp.createAgent(
    { address: o.ip, port: o.port, engineID: o.engineId, accessControlModelType: snmp.AccessControlModelType.None },
    (error) => {
      if (error === null) return;
      if (bindFailed !== undefined && typeof error.code === "string") return bindFailed(error);
      onRefused(error, counters, authFailure, log);
    },
  );
  const auth = agent.getAuthorizer();
  auth.addCommunity(settings.community);
  const user = settings.v3 === undefined ? undefined : usmUser(settings);
  if (user !== undefined) auth.addUser(user);
  if (settings.v3?.privProtocol === "DES" && !desAvailable())
    log.log("error", "SNMPv3 DES needs Node's legacy OpenSSL provider: start node with --openssl-legacy-provider", {});
  serveFromView(agent, o.view, counters, usmRefusals(agent, counters, authFailure));
  const socket = Object.values(agent.listener.sockets)[0]!;
  await new Promise<void>((resolve, reject) => {
    bindFailed = (e) => reject(e);
    socket.once("listening", () => resolve());
  }).finally(() => (bindFailed = undefined));
  // Requests from outside the allowed networks get no answer at all (§4.9.5 step 9); the rest go to net-snmp.
  socket.removeAllListeners("message");
  socket.on("message", (buffer: Buffer, rinfo: RemoteInfo) => {
    if (!allowed(rinfo.address)) return;
    counters.inPkts++;
    // RFC 3412 §7.2 step 2 (RFC 3417 §8): a datagram that is not one whole BER message is a parse error.
    if (!isWellFramed(buffer)) return void counters.inASNParseErrs++;
    try {
      agent.onMsg(socket, buffer, rinfo);
    } catch (err) {
      counters.inASNParseErrs++;
      log.log("warn", "snmp request dropped", { from: rinfo.address, error: String(err) });
    }
  });
  const sessions = settings.trapDestinations.map((d) => trapSender(d, settings, o.ip, agent.engine.engineID, user));
  return {
    ip: o.ip,
    port: (socket.address() as { port: number }).port,
    notify: (n: SnmpNotification) => {
      for (const s of sessions) s.send(n, o.upTimeCs(), log);
    },
    close: async () => {
      for (const s of sessions) s.session.close();
      await new Promise<void>((resolve) => agent.close(() => resolve()));
    },
  };
};

/** Replaces net-snmp's Mib lookups: each request is answered from a fresh snapshot of the view. */
function serveFromView(agent: Agent, view: () => MibView, c: SnmpCounters, usm: UsmRefusal): void {
  const handler =
    (kind: RequestKind): NsHandler =>
    (socket, message, rinfo) => {
      const version = message.version === snmp.Version1 ? 1 : message.version === snmp.Version2c ? 2 : 3;
      if (message.version !== snmp.Version1 && message.version !== snmp.Version2c && message.version !== snmp.Version3)
        return void c.inBadVersions++;
      // RFC 3584 §4.2.1: a GetBulkRequest in an SNMPv1 message is not a v1 PDU; dropped.
      if (version === 1 && kind === "getBulk") return void c.inASNParseErrs++;
      const limit = responseLimit(message.msgGlobalData?.msgMaxSize);
      if (limit === undefined) return void c.inASNParseErrs++;
      if (version === 3 && !usm.accepts(socket, message, rinfo)) return;
      const pdu = message.pdu;
      const request: Request = {
        kind,
        version,
        oids: pdu.varbinds.map((v) => parseOid(v.oid)),
        ...(pdu.nonRepeaters === undefined ? {} : { nonRepeaters: pdu.nonRepeaters }),
        ...(pdu.maxRepetitions === undefined ? {} : { maxRepetitions: pdu.maxRepetitions }),
      };
      const response = fitted(message, request, answer(view(), request), limit, c);
      if (response !== undefined) agent.listener.send(response, rinfo, socket);
    };
  agent.getRequest = handler("get");
  agent.getNextRequest = handler("getNext");
  agent.getBulkRequest = handler("getBulk");
  agent.setRequest = handler("set");
}

/**
 * The response message for `result`, no larger than `limit` octets (RFC 3416 §4.2): a GetBulk keeps as many of its
 * varbinds as fit (§4.2.3); any other response too large becomes tooBig (§4.2.1, §4.2.2, §4.2.4, counted in
 * snmpOutTooBigs); when even that, or a GetBulk response without varbinds, does not fit, nothing is sent and
 * snmpSilentDrops counts it.
 */
function fitted(
  message: NsMessage,
  req: Request,
  result: Answer,
  limit: number,
  c: SnmpCounters,
): NsMessage | undefined {
  const build = (
    r: Answer,
    varbinds: NsVarbind[] = r.varbinds === "echo" ? message.pdu.varbinds : r.varbinds.map(toNetSnmp),
  ) => {
    const pdu = message.pdu.getResponsePduForRequest();
    pdu.errorStatus = ERROR_STATUS[r.errorStatus];
    pdu.errorIndex = r.errorIndex;
    pdu.varbinds = varbinds;
    return message.createResponseForRequest(pdu);
  };
  if (req.kind === "getBulk" && result.varbinds !== "echo") {
    const all = result.varbinds.map(toNetSnmp);
    // Each candidate is encoded once; the one sent keeps its encoding (a page that fits is encoded only once).
    const tried = new Map<number, NsMessage>();
    const withFirst = (n: number): NsMessage => {
      const m = tried.get(n) ?? build(result, all.slice(0, n));
      tried.set(n, m);
      return m;
    };
    const k = fittingPrefix(all.length, limit, (n) => withFirst(n).toBuffer().length);
    if (k === undefined) return void c.silentDrops++;
    return withFirst(k);
  }
  const full = build(result);
  if (full.toBuffer().length <= limit) return full;
  const small = build(tooBig(req));
  if (small.toBuffer().length > limit) return void c.silentDrops++;
  c.outTooBigs++;
  return small;
}

const ERROR_STATUS: Record<ErrorStatus, number> = {
  noError: snmp.ErrorStatus.NoError!,
  tooBig: snmp.ErrorStatus.TooBig!,
  noSuchName: snmp.ErrorStatus.NoSuchName!,
  notWritable: snmp.ErrorStatus.NotWritable!,
};

/** A request net-snmp refused before it reached a handler: counted (RFC 3418 snmp group, RFC 3414 usmStats). */
function onRefused(error: NsError, c: SnmpCounters, authFailure: () => void, log: SnmpListenLog): void {
  if (error.name === "RequestFailedError" && error.message.startsWith("Local community")) {
    c.inBadCommunityNames++;
    authFailure();
  } else if (error.name === "RequestFailedError" && error.message.startsWith("Local user")) {
    c.usmUnknownUserNames++;
    authFailure();
  } else if (error.name === "ResponseInvalidError" && error.code === snmp.ResponseInvalidCode.EAuthFailure) {
    c.usmWrongDigests++;
    authFailure();
  } else if (error.name === "ResponseInvalidError" && error.code === snmp.ResponseInvalidCode.ECouldNotDecrypt) {
    c.usmDecryptionErrors++;
  } else if (error.name === "ProcessingError") {
    c.inASNParseErrs++;
  } else {
    log.log("debug", "snmp request dropped", { reason: error.name });
  }
}

type SnmpListenLog = Parameters<SnmpListen>[0]["log"];

/** RFC 3414 §3.2 errors by their usmStats arc: 3 unknownUserName, 4 unknownEngineID, 5 wrongDigest. */
type UsmError = "3" | "4" | "5";

interface UsmRefusal {
  /**
   * RFC 3414 §3.2 steps 3 and 4, which net-snmp leaves out: a request for another engine ID (a message meant for or
   * replayed from another agent) or one without a user name (only discovery may do that) is refused, counted, and
   * answered with a report when the request asks for one.
   */
  accepts(socket: Socket, message: NsMessage, rinfo: RemoteInfo): boolean;
}

/**
 * Counts the RFC 3414 reports the agent sends (net-snmp's own for discovery, an unknown user or a wrong digest, and
 * ours) and the refusals it sends none for; an unknown user or a wrong digest is an authentication failure.
 */
function usmRefusals(agent: Agent, c: SnmpCounters, authFailure: () => void): UsmRefusal {
  const count = (error: string | undefined): void => {
    if (error === "3") c.usmUnknownUserNames++;
    else if (error === "4") c.usmUnknownEngineIDs++;
    else if (error === "5") c.usmWrongDigests++;
    if (error === "3" || error === "5") authFailure();
  };
  const send = agent.listener.send.bind(agent.listener);
  agent.listener.send = (message, rinfo, socket) => {
    if (message.pdu.type === snmp.PduType.Report)
      count(/^1\.3\.6\.1\.6\.3\.15\.1\.1\.(\d)\.0$/.exec(message.pdu.varbinds[0]?.oid ?? "")?.[1]);
    send(message, rinfo, socket);
  };
  const refuse = (error: UsmError, socket: Socket, message: NsMessage, rinfo: RemoteInfo): false => {
    if (message.isReportable())
      agent.listener.send(message.createReportResponseMessage(agent.engine, agent.context, error), rinfo, socket);
    else count(error);
    return false;
  };
  return {
    accepts(socket, message, rinfo) {
      if (!agent.engine.engineID.equals(message.msgSecurityParameters?.msgAuthoritativeEngineID ?? Buffer.alloc(0)))
        return refuse("4", socket, message, rinfo);
      if (message.user === undefined || message.user.name === "") return refuse("3", socket, message, rinfo);
      return true;
    },
  };
}

const AUTH: Record<string, string | undefined> = {
  MD5: snmp.AuthProtocols.md5,
  SHA: snmp.AuthProtocols.sha,
  "SHA-224": snmp.AuthProtocols.sha224,
  "SHA-256": snmp.AuthProtocols.sha256,
  "SHA-384": snmp.AuthProtocols.sha384,
  "SHA-512": snmp.AuthProtocols.sha512,
};
/** AES-256 as net-snmp's `-x AES-256`: the Blumenthal key extension (draft-blumenthal-aes-usm-04). */
const PRIV: Record<string, string | undefined> = {
  DES: snmp.PrivProtocols.des,
  AES: snmp.PrivProtocols.aes,
  "AES-256": snmp.PrivProtocols.aes256b,
};

/**
 * The §4.9.5 SNMPv3 user in net-snmp's form. DES-CBC lives in OpenSSL 3's legacy provider, which Node 20 loads only
 * with `--openssl-legacy-provider`; without it DES messages cannot be decrypted, so the user is served with a logged
 * error and each such request counts as a decryption error (docs/user-guide.md "SNMP").
 */
function usmUser(s: SnmpSettings): NsUser {
  const v3 = s.v3!;
  const level =
    v3.privProtocol !== "none"
      ? snmp.SecurityLevel.authPriv
      : v3.authProtocol !== "none"
        ? snmp.SecurityLevel.authNoPriv
        : snmp.SecurityLevel.noAuthNoPriv;
  return {
    name: v3.user,
    level,
    ...(v3.authPassword === undefined ? {} : { authProtocol: AUTH[v3.authProtocol]!, authKey: v3.authPassword }),
    ...(v3.privPassword === undefined ? {} : { privProtocol: PRIV[v3.privProtocol]!, privKey: v3.privPassword }),
  };
}

/** Whether this Node process can do DES-CBC (the legacy provider is loaded). */
function desAvailable(): boolean {
  return getCiphers().includes("des-cbc");
}

/**
 * One trap destination (§4.9.5 step 8) as a net-snmp session from the device's address. An inform unanswered after
 * the destination's timeout is sent again, the same message with the same request-id, up to its retries (RFC 3413
 * §3.3 with SNMP-TARGET-MIB snmpTargetAddrTimeout and snmpTargetAddrRetryCount, 15 s and 3 unless set); when the last
 * goes unanswered too, the loss is logged.
 */
function trapSender(
  d: TrapDestination,
  s: SnmpSettings,
  ip: string,
  engineID: Buffer,
  user: NsUser | undefined,
): { readonly session: Session; send(n: SnmpNotification, upTimeCs: number, log: SnmpListenLog): void } {
  const [host, portText] = d.address.split(":");
  const options = {
    trapPort: portText === undefined ? DEFAULT_TRAP_PORT : Number(portText),
    port: portText === undefined ? DEFAULT_TRAP_PORT : Number(portText),
    sourceAddress: ip,
    timeout: d.timeoutMs ?? DEFAULT_INFORM_TIMEOUT_MS,
    retries: d.retries ?? DEFAULT_INFORM_RETRIES,
    version: d.version === "v1" ? snmp.Version1 : d.version === "v3" ? snmp.Version3 : snmp.Version2c,
    engineID,
  };
  const session =
    d.version === "v3" && user !== undefined
      ? snmp.createV3Session(host!, user, options)
      : snmp.createSession(host!, s.community, options);
  session.on("error", () => undefined);
  return {
    session,
    send(n, upTimeCs, log) {
      const done = (error: Error | null): void => {
        if (error === null) return;
        const attempts = d.version === "v2c-inform" ? 1 + options.retries : 1;
        log.log("warn", "snmp notification not delivered", { to: d.address, attempts, error: error.message });
      };
      const varbinds = n.varbinds.map(toNetSnmp);
      const opts = { upTime: Math.max(1, Math.floor(upTimeCs)), agentAddr: ip };
      if (d.version === "v2c-inform") session.inform(oidText(n.trapOid), varbinds, opts, done);
      else session.trap(trapType(n.trapOid, d.version), varbinds, opts, done);
    },
  };
}

/** SNMPv1 carries the generic traps (coldStart … authenticationFailure) as generic-trap numbers (RFC 3584 §3.1). */
function trapType(oid: Oid, version: TrapDestination["version"]): number | string {
  const generic = oidText(oid).match(/^1\.3\.6\.1\.6\.3\.1\.1\.5\.(\d)$/);
  return version === "v1" && generic !== null ? Number(generic[1]) - 1 : oidText(oid);
}

const oidText = (oid: Oid): string => oid.join(".");

const T = snmp.ObjectType;

function toNetSnmp(v: AnswerVarbind | { readonly oid: Oid; readonly value: SnmpValue }): NsVarbind {
  const oid = oidText(v.oid);
  const value = v.value;
  if (value === "noSuchObject") return { oid, type: T.NoSuchObject!, value: null };
  if (value === "noSuchInstance") return { oid, type: T.NoSuchInstance!, value: null };
  if (value === "endOfMibView") return { oid, type: T.EndOfMibView!, value: null };
  switch (value.type) {
    case "OctetString":
      return { oid, type: T.OctetString!, value: Buffer.from(value.value) };
    case "ObjectIdentifier":
      return { oid, type: T.OID!, value: oidText(value.value) };
    case "Counter64": {
      const b = Buffer.alloc(8);
      b.writeBigUInt64BE(value.value);
      return { oid, type: T.Counter64!, value: b };
    }
    default:
      return { oid, type: T[value.type]!, value: value.value };
  }
}
