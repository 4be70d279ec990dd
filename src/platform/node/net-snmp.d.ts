/**
 * The part of npm net-snmp 3.29 (no bundled types) that SnmpAgent.ts uses: the agent's message layer (BER, community
 * and USM checks, responses) and sessions for notifications. Its Mib tree is not used (docs/design.md "SNMP agent").
 */
declare module "net-snmp" {
  import type { Socket, RemoteInfo } from "node:dgram";

  export interface NsVarbind {
    oid: string;
    type: number;
    value: unknown;
  }
  export interface NsPdu {
    type: number;
    varbinds: NsVarbind[];
    nonRepeaters?: number;
    maxRepetitions?: number;
    errorStatus?: number;
    errorIndex?: number;
    getResponsePduForRequest(): NsPdu;
  }
  export interface NsMessage {
    version: number;
    pdu: NsPdu;
    /** SNMPv3 only (RFC 3412 §6): msgFlags bit 0 authentication, bit 1 privacy, bit 2 reportable. */
    msgGlobalData?: { msgMaxSize: number; msgFlags: number };
    /** SNMPv3 only (RFC 3414 §2.4); what a message to be sent carries until it is encoded. */
    msgSecurityParameters?: {
      msgAuthoritativeEngineID: Buffer;
      msgAuthoritativeEngineBoots: number;
      msgAuthoritativeEngineTime: number;
      msgUserName: string;
    };
    /** SNMPv3: the USM user net-snmp matched, with its keys; name "" when the message named none. */
    user?: NsUser;
    isReportable(): boolean;
    /**
     * A Report-PDU carrying usmStats.<errorType>.0 (RFC 3414 §3.2), noAuthNoPriv, from the agent's engine (its
     * engineID, engineBoots and engineTime as they read when called).
     */
    createReportResponseMessage(engine: object, context: string, errorType: string): NsMessage;
    /** The response message (same version, community or USM user and keys) that carries `pdu`. */
    createResponseForRequest(pdu: NsPdu): NsMessage;
    /** The message's BER encoding (encrypted and authenticated for SNMPv3); computed once. */
    toBuffer(): Buffer;
  }
  export interface NsUser {
    name: string;
    level: number;
    authProtocol?: string;
    authKey?: string;
    privProtocol?: string;
    privKey?: string;
  }
  export interface NsError extends Error {
    code?: number | string;
  }
  export type NsCallback = (error: NsError | null, data?: unknown) => void;
  export type NsHandler = (socket: Socket, message: NsMessage, rinfo: RemoteInfo) => void;

  export interface Agent {
    listener: {
      sockets: Record<string, Socket>;
      send(message: NsMessage, rinfo: RemoteInfo, socket: Socket): void;
    };
    engine: { engineID: Buffer };
    context: string;
    getAuthorizer(): { addCommunity(c: string): void; addUser(u: NsUser): void };
    onMsg(socket: Socket, buffer: Buffer, rinfo: RemoteInfo): void;
    getRequest: NsHandler;
    getNextRequest: NsHandler;
    getBulkRequest: NsHandler;
    setRequest: NsHandler;
    close(callback?: () => void): void;
  }
  export interface Session {
    trap(typeOrOid: number | string, varbinds: NsVarbind[], options: object, cb: (error: Error | null) => void): void;
    inform(typeOrOid: string, varbinds: NsVarbind[], options: object, cb: (error: Error | null) => void): void;
    close(): void;
    on(event: "error", fn: (error: Error) => void): void;
    /** Encodes and sends one request or notification; replaceable per instance (SnmpAgent.ts stamps it first). */
    send(req: { message: NsMessage }, noWait?: boolean): Session;
  }

  const snmp: {
    createAgent(options: object, callback: NsCallback): Agent;
    createSession(target: string, community: string, options: object): Session;
    createV3Session(target: string, user: NsUser, options: object): Session;
    Version1: number;
    Version2c: number;
    Version3: number;
    ObjectType: Record<string, number>;
    PduType: Record<string, number>;
    ErrorStatus: Record<string, number>;
    SecurityLevel: { noAuthNoPriv: number; authNoPriv: number; authPriv: number };
    AuthProtocols: Record<string, string>;
    PrivProtocols: Record<string, string>;
    ResponseInvalidCode: Record<string, number>;
    AccessControlModelType: { None: number };
  };
  export default snmp;
}
