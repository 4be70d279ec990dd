import { getCiphers } from "node:crypto";
import type { RemoteInfo, Socket } from "node:dgram";
import snmp, {
  type Agent,
  type NsError,
  type NsHandler,
  type NsMessage,
  type NsPdu,
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
import { v1TrapType, type SnmpAgentOptions, type SnmpListen, type SnmpNotification } from "../../snmp/agentPort.js";
import type { Oid, SnmpValue } from "../../snmp/mibView.js";
import {
  DEFAULT_INFORM_RETRIES,
  DEFAULT_INFORM_TIMEOUT_MS,
  DEFAULT_TRAP_PORT,
  allowedBy,
  type SnmpSettings,
  type TrapDestination,
} from "../../snmp/settings.js";
import { inTimeWindow, type EngineTime } from "../../snmp/snmpEngine.js";
import { USM_STATS_COUNTERS, type SnmpCounters } from "../../snmp/systemGroup.js";
import { parseOid } from "../../snmp/views.js";

/**
 * The SNMP agent of a real node (§4.9.5, App. H UDP 161): npm net-snmp's Agent parses and checks each message (BER,
 * community, USM with its keys, discovery reports) and encodes the response, while the answer comes from the device's
 * MibView (snmp/answer.ts) and not from net-snmp's Mib tree, whose GETNEXT sorts a node's children on every step
 * (docs/design.md "SNMP agent"). The only file that imports net-snmp.
 */
export const listenSnmp: SnmpListen = async (o) => {
  const { settings, counters, log } = o;
  const allowed = allowedBy(settings);
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
  // RFC 3414 §2.2: net-snmp's engine keeps boots 0 and time 10; the reports it makes (discovery …) read ours.
  Object.defineProperties(agent.engine, {
    engineBoots: { get: () => o.engineTime().boots },
    engineTime: { get: () => o.engineTime().time },
  });
  const auth = agent.getAuthorizer();
  auth.addCommunity(settings.community);
  const user = settings.v3 === undefined ? undefined : usmUser(settings);
  if (user !== undefined) auth.addUser(user);
  if (settings.v3?.privProtocol === "DES" && !desAvailable())
    log.log("error", "SNMPv3 DES needs Node's legacy OpenSSL provider: start node with --openssl-legacy-provider", {});
  serveFromView(agent, o, usmRefusals(agent, counters, authFailure, o.engineTime));
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
  const sessions = settings.trapDestinations.map((d) => trapSender(d, settings, o, user));
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

/**
 * Replaces net-snmp's Mib lookups: each request is answered from a fresh snapshot of the view. An SNMPv3 response
 * carries the agent's snmpEngineBoots and snmpEngineTime (RFC 3414 §3.1 step 1), where net-snmp echoes the request's.
 */
function serveFromView(
  agent: Agent,
  { view, counters: c, engineTime }: Pick<SnmpAgentOptions, "view" | "counters" | "engineTime">,
  usm: UsmRefusal,
): void {
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
      const now = engineTime();
      const respond = (pdu: NsPdu): NsMessage => stamped(message.createResponseForRequest(pdu), now);
      const response = fitted(message, request, answer(view(), request), limit, c, respond);
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
  respond: (pdu: NsPdu) => NsMessage,
): NsMessage | undefined {
  const build = (
    r: Answer,
    varbinds: NsVarbind[] = r.varbinds === "echo" ? message.pdu.varbinds : r.varbinds.map(toNetSnmp),
  ) => {
    const pdu = message.pdu.getResponsePduForRequest();
    pdu.errorStatus = ERROR_STATUS[r.errorStatus];
    pdu.errorIndex = r.errorIndex;
    pdu.varbinds = varbinds;
    return respond(pdu);
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

/** An SNMPv3 message made to carry the agent's snmpEngineBoots and snmpEngineTime `now`, before it is encoded. */
function stamped(message: NsMessage, now: EngineTime): NsMessage {
  const params = message.msgSecurityParameters;
  if (params !== undefined)
    [params.msgAuthoritativeEngineBoots, params.msgAuthoritativeEngineTime] = [now.boots, now.time];
  return message;
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

type SnmpListenLog = SnmpAgentOptions["log"];

/** RFC 3414 §3.2 errors the agent reports, by their usmStats arc. */
type UsmError = "2" | "3" | "4" | "5";
/** RFC 3412 §6.4 msgFlags: authFlag. */
const AUTH_FLAG = 1;

interface UsmRefusal {
  /**
   * RFC 3414 §3.2 steps 3, 4 and 7a, which net-snmp leaves out: a request for another engine ID (a message meant for
   * or replayed from another agent), one without a user name (only discovery may do that) or an authenticated one
   * outside the Time Window (replayed after the agent restarted, or long after it was sent) is refused, counted, and
   * answered with a report when the request asks for one.
   */
  accepts(socket: Socket, message: NsMessage, rinfo: RemoteInfo): boolean;
}

/**
 * Counts the RFC 3414 reports the agent sends (net-snmp's own for discovery, an unknown user or a wrong digest, and
 * ours) and the refusals it sends none for; an unknown user or a wrong digest is an authentication failure. A report
 * carries the value of the counter it names (§3.2), where net-snmp puts 1.
 */
function usmRefusals(agent: Agent, c: SnmpCounters, authFailure: () => void, now: () => EngineTime): UsmRefusal {
  const count = (error: string | undefined): number | undefined => {
    if (error === "3" || error === "5") authFailure();
    const key = USM_STATS_COUNTERS[Number(error)];
    return key === undefined ? undefined : ++c[key] % 2 ** 32;
  };
  const send = agent.listener.send.bind(agent.listener);
  agent.listener.send = (message, rinfo, socket) => {
    const first = message.pdu.varbinds[0];
    if (message.pdu.type === snmp.PduType.Report && first !== undefined)
      first.value = count(/^1\.3\.6\.1\.6\.3\.15\.1\.1\.(\d)\.0$/.exec(first.oid)?.[1]) ?? first.value;
    send(message, rinfo, socket);
  };
  const refuse = (error: UsmError, socket: Socket, message: NsMessage, rinfo: RemoteInfo): false => {
    if (!message.isReportable()) {
      count(error);
      return false;
    }
    const report = message.createReportResponseMessage(agent.engine, agent.context, error);
    // §3.2 step 7a: notInTimeWindow is reported at authNoPriv as the request's user, so that the manager can trust
    // the boots and time in it (step 7b) and send again within the window, as Net-SNMP's tools do.
    if (error === "2") {
      report.user = message.user;
      report.msgSecurityParameters!.msgUserName = message.user!.name;
      report.msgGlobalData!.msgFlags = AUTH_FLAG;
    }
    agent.listener.send(report, rinfo, socket);
    return false;
  };
  return {
    accepts(socket, message, rinfo) {
      const params = message.msgSecurityParameters;
      if (!agent.engine.engineID.equals(params?.msgAuthoritativeEngineID ?? Buffer.alloc(0)))
        return refuse("4", socket, message, rinfo);
      if (message.user === undefined || message.user.name === "") return refuse("3", socket, message, rinfo);
      const sent = { boots: params!.msgAuthoritativeEngineBoots, time: params!.msgAuthoritativeEngineTime };
      if ((message.msgGlobalData!.msgFlags & AUTH_FLAG) !== 0 && !inTimeWindow(sent, now()))
        return refuse("2", socket, message, rinfo);
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
  { ip, engineId: engineID, engineTime }: Pick<SnmpAgentOptions, "ip" | "engineId" | "engineTime">,
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
  // RFC 3414 §3.1: the sender of a notification is its authoritative engine; net-snmp would send boots and time 0.
  const send = session.send.bind(session);
  session.send = (req, noWait) => {
    stamped(req.message, engineTime());
    return send(req, noWait);
  };
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
      else session.trap(d.version === "v1" ? v1TrapType(n.trapOid) : oidText(n.trapOid), varbinds, opts, done);
    },
  };
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
