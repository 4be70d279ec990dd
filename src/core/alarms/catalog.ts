import type { DeviceKind } from "../identity/DeviceKind.js";
import type { Severity } from "./severity.js";

/**
 * Whether a fault code is an alarm (active until cleared, §4.23.3) or an event (a one-off entry in the
 * history under Diagnostics → Events, §4.23.4).
 *
 * How it was decided: §6.2 does not have a column for this. A row is an `"event"` exactly when its explanation
 * says "This event is generated …" (0x00030206, 0x00030207, 0x00030210, 0x00030211, 0x00050002, 0x000b0001).
 * Every other row is an `"alarm"`: either the text says "This is an alarm which is generated …" or it says
 * nothing, and §4.23.3 introduces every code as "a unique number that identifies the alarm". 0x00140068 ("This
 * is generated when …") says neither and is kept an alarm.
 */
export type AlarmKind = "alarm" | "event";

/**
 * The word in parentheses after a §6.2 description, e.g. "Master" in "Standby master active (Master)". It names
 * the software module that reports the fault, which looks like the "Source" attribute of §4.23.3 (our reading,
 * the manual does not say so). Spelled as printed, except "H 323" → "H323" (0x00060005, 0x00060006).
 */
export type AlarmArea =
  | "Gateway"
  | "Users"
  | "Radio"
  | "Master"
  | "Mobility Master"
  | "Crypto Master"
  | "RTP"
  | "H323"
  | "SIP"
  | "WebMedia"
  | "Cmd"
  | "TLS"
  | "Kerb client"
  | "X509"
  | "TAM"
  | "Dwl"
  | "RFPInit"
  | "Sync"
  | "ipproc"
  | "box"
  | "Dect"
  | "CLU"
  | "Unite"
  | "CUnite";

/** One row of the fault code table. @see manual 003 §6.2 */
export interface AlarmEntry {
  /** The 32-bit fault code, shown by the device as `0x` and 8 hex digits (see `formatAlarmCode`). */
  readonly code: number;
  /** The description, without the area in parentheses. Spelled as printed (including "Revoced"). */
  readonly title: string;
  /** Absent where §6.2 gives none (0x000e000a and the update server codes 0x0021xxxx). */
  readonly area?: AlarmArea;
  /** The "Device" column: which products can raise the code. */
  readonly devices: readonly DeviceKind[];
  /** The C / M / I columns. */
  readonly severity: Severity;
  readonly kind: AlarmKind;
  /** The longer explanation under the description, where §6.2 gives one; line breaks and hyphenation undone. */
  readonly detail?: string;
}

// The "Device" column has four values.
const IPBS_IPBL_IPVM: readonly DeviceKind[] = Object.freeze(["IPBS", "IPBL", "IPVM"]);
const IPBS_IPBL: readonly DeviceKind[] = Object.freeze(["IPBS", "IPBL"]);
const IPBS: readonly DeviceKind[] = Object.freeze(["IPBS"]);
const IPBL: readonly DeviceKind[] = Object.freeze(["IPBL"]);

/**
 * Every fault code of the manual, sorted by code. @see manual 003 §6.2 "Fault Code Descriptions"
 *
 * Severity columns (§6.2): C = Critical (Unite: Critical), M = Major (Unite: Error), I = Indeterminate
 * (Unite: Warning). §6.2 has 153 rows and 152 codes: 0x000c012f "Illegal parameter (TLS)" is printed twice.
 * The manual lists the TLS codes pairwise (0x000c01xx, 0x000c02xx); here they are in code order.
 */
// prettier-ignore
const ROWS: AlarmEntry[] = [
  // Gateway
  { code: 0x00010001, title: "Interface down", area: "Gateway", devices: IPBS_IPBL_IPVM, severity: "major", kind: "alarm",
    detail: "This is an alarm which is generated, if a physical interface which is configured to be up gets down." },
  { code: 0x00010002, title: "Registration down", area: "Gateway", devices: IPBS_IPBL_IPVM, severity: "major", kind: "alarm",
    detail: "This is an alarm which is generated if a configured outgoing registration is down." },
  { code: 0x00010003, title: "Protocol error", area: "Gateway", devices: IPBS_IPBL_IPVM, severity: "major", kind: "alarm",
    detail:
      "The gateway process receive a call clearing with cause code 'Protocol Error'. This can be an " +
      "indication for an interop problem with some other equipment." },
  // Users, Radio, Master, Mobility Master, Crypto Master
  { code: 0x00030001, title: "The LDAP replicator is not connected", area: "Users", devices: IPBS_IPBL_IPVM, severity: "major", kind: "alarm" },
  { code: 0x00030101, title: "CPU resources are not available", area: "Radio", devices: IPBS_IPBL, severity: "indeterminate", kind: "alarm" },
  { code: 0x00030201, title: "Standby master active", area: "Master", devices: IPBS_IPBL_IPVM, severity: "major", kind: "alarm" },
  { code: 0x00030202, title: "User registration failure", area: "Master", devices: IPBS_IPBL_IPVM, severity: "major", kind: "alarm" },
  { code: 0x00030203, title: "Emergency registration down", area: "Master", devices: IPBS_IPBL_IPVM, severity: "major", kind: "alarm" },
  { code: 0x00030204, title: "Connection to Radio lost", area: "Master", devices: IPBS_IPBL_IPVM, severity: "major", kind: "alarm" },
  { code: 0x00030205, title: "Primary/redundant trunk is down", area: "Master", devices: IPBS_IPBL_IPVM, severity: "major", kind: "alarm" },
  { code: 0x00030206, title: "Master active", area: "Master", devices: IPBS_IPBL_IPVM, severity: "indeterminate", kind: "event",
    detail: "This event is generated when the Mirror becomes active." },
  { code: 0x00030207, title: "Master inactive", area: "Master", devices: IPBS_IPBL_IPVM, severity: "indeterminate", kind: "event",
    detail: "This event is generated when the Mirror becomes inactive." },
  { code: 0x00030208, title: "Limit of static radios is reached", area: "Master", devices: IPBS_IPBL_IPVM, severity: "major", kind: "alarm",
    detail:
      "This is an alarm which is generated when the number of radios in the radios list (Device Overview > " +
      "Radios) is reaching 2100 (for IPBS/IPBL) or 4000 (for IPVM). The alarm is cleared once the number of " +
      "radios goes below 2100 (for IPBS/IPBL) or 4000 (for IPVM)." },
  { code: 0x00030210, title: "Abnormal call release", area: "Master", devices: IPBS_IPBL_IPVM, severity: "indeterminate", kind: "event",
    detail: "This event is generated when a call is released abnormally." },
  { code: 0x00030211, title: "Maximum number of licenses exceeded", area: "Master", devices: IPBS_IPBL_IPVM, severity: "major", kind: "event",
    detail:
      "This event is generated when there are no Microsoft Teams licenses left for a device trying to " +
      "acquire a license." },
  { code: 0x00030301, title: "Connection to Mobility Master lost", area: "Mobility Master", devices: IPBS_IPBL_IPVM, severity: "major", kind: "alarm" },
  { code: 0x00030302, title: "Cannot establish connection to Mobility Master", area: "Mobility Master", devices: IPBS_IPBL_IPVM, severity: "major", kind: "alarm" },
  { code: 0x00030303, title: "Connection to Master lost", area: "Mobility Master", devices: IPBS_IPBL_IPVM, severity: "major", kind: "alarm" },
  { code: 0x00030304, title: "Standby Mobility Master is active", area: "Mobility Master", devices: IPBS_IPBL_IPVM, severity: "major", kind: "alarm" },
  { code: 0x00030401, title: "Connection to Mobility Master lost", area: "Crypto Master", devices: IPBS_IPBL_IPVM, severity: "major", kind: "alarm" },
  // RTP
  { code: 0x00050001, title: "No Media data received", area: "RTP", devices: IPBS_IPBL, severity: "major", kind: "alarm",
    detail:
      "No RTP packets from remote side were received on a connected call. This points to either a NAT " +
      "problem (private RTP address was given to remote side) or a general signaling problem (media " +
      "negotiation)." },
  { code: 0x00050002, title: "Excessive loss of data", area: "RTP", devices: IPBS_IPBL, severity: "major", kind: "event",
    detail:
      "This event is generated if in a period of 10s more than 3% received RTP packets were lost. This is " +
      "an indication of a network problem and it is recommended to check the involved media IP addresses " +
      "and what kind of device that is involved." },
  { code: 0x00050003, title: "Wrong payload type received", area: "RTP", devices: IPBS_IPBL, severity: "major", kind: "alarm",
    detail:
      "Caused by signaling/negotiation problems (interoperability). An endpoint sends RTP packets with a " +
      "payload type other than negotiated. Wrong Payload Type is a message if there is a Media Problem with " +
      "a another PBX." },
  { code: 0x00050004, title: "Stun failed", area: "RTP", devices: IPBS_IPBL, severity: "major", kind: "alarm" },
  { code: 0x00050005, title: "SRTP authentication failed", area: "RTP", devices: IPBS_IPBL, severity: "major", kind: "alarm" },
  { code: 0x00050006, title: "SRTCP authentication failed", area: "RTP", devices: IPBS_IPBL, severity: "major", kind: "alarm" },
  { code: 0x00050008, title: "ICE failed", area: "RTP", devices: IPBS_IPBL_IPVM, severity: "major", kind: "alarm" },
  { code: 0x00050009, title: "DTLS failed", area: "RTP", devices: IPBS_IPBL_IPVM, severity: "major", kind: "alarm" },
  // H323. The manual prints the area of 0x00060005 and 0x00060006 as "(H 323)".
  { code: 0x00060001, title: "Unexpected message", area: "H323", devices: IPBS_IPBL_IPVM, severity: "major", kind: "alarm",
    detail:
      "A message was received, which was not expected by the protocol in this state. This could be caused " +
      "by network problems or by incompatible equipment." },
  { code: 0x00060002, title: "Status inquiry", area: "H323", devices: IPBS_IPBL_IPVM, severity: "major", kind: "alarm" },
  { code: 0x00060003, title: "Signaling TCP failed", area: "H323", devices: IPBS_IPBL_IPVM, severity: "major", kind: "alarm",
    detail:
      "The signaling transport connection could not be established. This usually means, the destination " +
      "(IP) is not reachable. Check network connectivity." },
  { code: 0x00060004, title: "Signaling timeout", area: "H323", devices: IPBS_IPBL_IPVM, severity: "major", kind: "alarm",
    detail: "A signaling timer expired. The reason for this could be a network problem or an interop problem." },
  { code: 0x00060005, title: "SRTP key mismatch", area: "H323", devices: IPBS_IPBL_IPVM, severity: "major", kind: "alarm",
    detail: "The call signaling was aborted due to a mismatch of the SRTP key format." },
  { code: 0x00060006, title: "Media incompatible", area: "H323", devices: IPBS_IPBL_IPVM, severity: "major", kind: "alarm" },
  // SIP
  { code: 0x00070001, title: "NAT discovery failed", area: "SIP", devices: IPBS_IPBL_IPVM, severity: "major", kind: "alarm" },
  { code: 0x00070003, title: "Overload", area: "SIP", devices: IPBS_IPBL_IPVM, severity: "major", kind: "alarm",
    detail:
      "The SIP protocol stack reached its build-in memory allocation limit. The total number message " +
      "allocations is limited to be safe against denial-of-service attacks. Under normal working conditions " +
      "the limit should not be reached." },
  { code: 0x00070004, title: "Coder selection failed", area: "SIP", devices: IPBS_IPBL_IPVM, severity: "major", kind: "alarm" },
  { code: 0x00070005, title: "Media configuration failed", area: "SIP", devices: IPBS_IPBL_IPVM, severity: "major", kind: "alarm" },
  { code: 0x00070006, title: "DNS failed", area: "SIP", devices: IPBS_IPBL_IPVM, severity: "major", kind: "alarm" },
  { code: 0x00070007, title: "Internal error on media negotiation", area: "SIP", devices: IPBS_IPBL_IPVM, severity: "major", kind: "alarm",
    detail: "Media negotiation failed which probably results in one-way audio." },
  { code: 0x0007000b, title: "DNS not working", area: "SIP", devices: IPBS_IPBL_IPVM, severity: "major", kind: "alarm" },
  // WebMedia
  { code: 0x00080001, title: "Invalid URL", area: "WebMedia", devices: IPBS_IPBL_IPVM, severity: "major", kind: "alarm" },
  { code: 0x00080002, title: "Coder missing in URL", area: "WebMedia", devices: IPBS_IPBL_IPVM, severity: "major", kind: "alarm" },
  // Cmd. The description itself has parentheses: "Unexpected restart (watchdog/reset/power on) (Cmd)".
  { code: 0x000b0001, title: "Unexpected restart (watchdog/reset/power on)", area: "Cmd", devices: IPBS_IPBL_IPVM, severity: "major", kind: "event",
    detail:
      "The system was restarted because of watchdog, trap or by pressing the reset button. This event is " +
      "generated 60s after the restart." },
  // TLS, raised by this device (0x000c01xx). The low byte is the TLS AlertDescription (RFC 5246 §7.2: 10 =
  // unexpected_message … 100 = no_renegotiation). 01xx = local, 02xx = remote is our reading of the two
  // "Unknown CA" texts (0x000c0130: we do not trust the peer's CA; 0x000c0230: the peer does not trust ours).
  // 0x000c012f is printed twice in §6.2, identically.
  { code: 0x000c010a, title: "Unexpected message", area: "TLS", devices: IPBS_IPBL_IPVM, severity: "indeterminate", kind: "alarm" },
  { code: 0x000c0114, title: "Bad MAC", area: "TLS", devices: IPBS_IPBL_IPVM, severity: "indeterminate", kind: "alarm" },
  { code: 0x000c0115, title: "Decryption failed", area: "TLS", devices: IPBS_IPBL_IPVM, severity: "indeterminate", kind: "alarm" },
  { code: 0x000c0116, title: "Record overflow", area: "TLS", devices: IPBS_IPBL_IPVM, severity: "indeterminate", kind: "alarm" },
  { code: 0x000c011e, title: "Decompression failure", area: "TLS", devices: IPBS_IPBL_IPVM, severity: "indeterminate", kind: "alarm" },
  { code: 0x000c0128, title: "Handshake failure", area: "TLS", devices: IPBS_IPBL_IPVM, severity: "indeterminate", kind: "alarm" },
  { code: 0x000c0129, title: "No certificate", area: "TLS", devices: IPBS_IPBL_IPVM, severity: "indeterminate", kind: "alarm" },
  { code: 0x000c012a, title: "Bad certificate", area: "TLS", devices: IPBS_IPBL_IPVM, severity: "indeterminate", kind: "alarm" },
  { code: 0x000c012b, title: "Unsupported certificate", area: "TLS", devices: IPBS_IPBL_IPVM, severity: "indeterminate", kind: "alarm" },
  { code: 0x000c012c, title: "Revoced certificate", area: "TLS", devices: IPBS_IPBL_IPVM, severity: "indeterminate", kind: "alarm" },
  { code: 0x000c012d, title: "Expired certificate", area: "TLS", devices: IPBS_IPBL_IPVM, severity: "indeterminate", kind: "alarm" },
  { code: 0x000c012e, title: "Unknown certificate", area: "TLS", devices: IPBS_IPBL_IPVM, severity: "indeterminate", kind: "alarm" },
  { code: 0x000c012f, title: "Illegal parameter", area: "TLS", devices: IPBS_IPBL_IPVM, severity: "indeterminate", kind: "alarm" },
  { code: 0x000c0130, title: "Unknown CA", area: "TLS", devices: IPBS_IPBL_IPVM, severity: "indeterminate", kind: "alarm",
    detail:
      "A TLS connection could not be established because the CA of the remote certificate is not trusted. " +
      "Check the rejected certificates for details." },
  { code: 0x000c0131, title: "Access denied", area: "TLS", devices: IPBS_IPBL_IPVM, severity: "indeterminate", kind: "alarm" },
  { code: 0x000c0132, title: "Decode error", area: "TLS", devices: IPBS_IPBL_IPVM, severity: "indeterminate", kind: "alarm" },
  { code: 0x000c0133, title: "Decryption error", area: "TLS", devices: IPBS_IPBL_IPVM, severity: "indeterminate", kind: "alarm" },
  { code: 0x000c013c, title: "Export restriction", area: "TLS", devices: IPBS_IPBL_IPVM, severity: "indeterminate", kind: "alarm" },
  { code: 0x000c0146, title: "Protocol version", area: "TLS", devices: IPBS_IPBL_IPVM, severity: "indeterminate", kind: "alarm" },
  { code: 0x000c0147, title: "Insufficient security", area: "TLS", devices: IPBS_IPBL_IPVM, severity: "indeterminate", kind: "alarm" },
  { code: 0x000c0150, title: "Internal error", area: "TLS", devices: IPBS_IPBL_IPVM, severity: "indeterminate", kind: "alarm" },
  { code: 0x000c015a, title: "User cancelled", area: "TLS", devices: IPBS_IPBL_IPVM, severity: "indeterminate", kind: "alarm" },
  { code: 0x000c0164, title: "No renegotiation", area: "TLS", devices: IPBS_IPBL_IPVM, severity: "indeterminate", kind: "alarm" },
  // TLS, reported by the remote party (0x000c02xx).
  { code: 0x000c020a, title: "Unexpected message", area: "TLS", devices: IPBS_IPBL_IPVM, severity: "indeterminate", kind: "alarm" },
  { code: 0x000c0214, title: "Bad MAC", area: "TLS", devices: IPBS_IPBL_IPVM, severity: "indeterminate", kind: "alarm" },
  { code: 0x000c0215, title: "Decryption failed", area: "TLS", devices: IPBS_IPBL_IPVM, severity: "indeterminate", kind: "alarm" },
  { code: 0x000c0216, title: "Record overflow", area: "TLS", devices: IPBS_IPBL_IPVM, severity: "indeterminate", kind: "alarm" },
  { code: 0x000c021e, title: "Decompression failure", area: "TLS", devices: IPBS_IPBL_IPVM, severity: "indeterminate", kind: "alarm" },
  { code: 0x000c0228, title: "Handshake failure", area: "TLS", devices: IPBS_IPBL_IPVM, severity: "indeterminate", kind: "alarm" },
  { code: 0x000c0229, title: "No certificate", area: "TLS", devices: IPBS_IPBL_IPVM, severity: "indeterminate", kind: "alarm" },
  { code: 0x000c022a, title: "Bad certificate", area: "TLS", devices: IPBS_IPBL_IPVM, severity: "indeterminate", kind: "alarm" },
  { code: 0x000c022b, title: "Unsupported certificate", area: "TLS", devices: IPBS_IPBL_IPVM, severity: "indeterminate", kind: "alarm" },
  { code: 0x000c022c, title: "Revoced certificate", area: "TLS", devices: IPBS_IPBL_IPVM, severity: "indeterminate", kind: "alarm" },
  { code: 0x000c022d, title: "Expired certificate", area: "TLS", devices: IPBS_IPBL_IPVM, severity: "indeterminate", kind: "alarm" },
  { code: 0x000c022e, title: "Unknown certificate", area: "TLS", devices: IPBS_IPBL_IPVM, severity: "indeterminate", kind: "alarm" },
  { code: 0x000c022f, title: "Illegal parameter", area: "TLS", devices: IPBS_IPBL_IPVM, severity: "indeterminate", kind: "alarm" },
  { code: 0x000c0230, title: "Unknown CA", area: "TLS", devices: IPBS_IPBL_IPVM, severity: "indeterminate", kind: "alarm",
    detail:
      "A TLS connection could not be established because the remote party does not trust the CA of the " +
      "certificate of this device." },
  { code: 0x000c0231, title: "Access denied", area: "TLS", devices: IPBS_IPBL_IPVM, severity: "indeterminate", kind: "alarm" },
  { code: 0x000c0232, title: "Decode error", area: "TLS", devices: IPBS_IPBL_IPVM, severity: "indeterminate", kind: "alarm" },
  { code: 0x000c0233, title: "Decryption error", area: "TLS", devices: IPBS_IPBL_IPVM, severity: "indeterminate", kind: "alarm" },
  { code: 0x000c023c, title: "Export restriction", area: "TLS", devices: IPBS_IPBL_IPVM, severity: "indeterminate", kind: "alarm" },
  { code: 0x000c0246, title: "Protocol version", area: "TLS", devices: IPBS_IPBL_IPVM, severity: "indeterminate", kind: "alarm" },
  { code: 0x000c0247, title: "Insufficient security", area: "TLS", devices: IPBS_IPBL_IPVM, severity: "indeterminate", kind: "alarm" },
  { code: 0x000c0250, title: "Internal error", area: "TLS", devices: IPBS_IPBL_IPVM, severity: "indeterminate", kind: "alarm" },
  { code: 0x000c025a, title: "User cancelled", area: "TLS", devices: IPBS_IPBL_IPVM, severity: "indeterminate", kind: "alarm" },
  { code: 0x000c0264, title: "No renegotiation", area: "TLS", devices: IPBS_IPBL_IPVM, severity: "indeterminate", kind: "alarm" },
  // Kerberos client, X509
  { code: 0x000c0403, title: "Service not found", area: "Kerb client", devices: IPBS_IPBL_IPVM, severity: "major", kind: "alarm",
    detail:
      "The host account of the device has been deleted on the Kerberos server. Join the Kerberos realm " +
      "again." },
  { code: 0x000c0406, title: "Kerberos server unreachable", area: "Kerb client", devices: IPBS_IPBL_IPVM, severity: "major", kind: "alarm",
    detail:
      "The device did not get a response from the Kerberos server. Make sure that the Kerberos server is up " +
      "and its address is well configured on the devices." },
  { code: 0x000c0407, title: "Kerberos cross realm failure", area: "Kerb client", devices: IPBS_IPBL_IPVM, severity: "major", kind: "alarm",
    detail:
      "Kerberos: Cross-realm trust not configured: The user tried to log-in with a user account from a " +
      "Kerberos realm that does not trust or is not trusted by the realm of the device. Kerberos: " +
      "Cross-realm password mismatch: The password for the cross-realm trust is not the same on both of the " +
      "Kerberos servers." },
  { code: 0x000c1000, title: "Certificate validation is disabled until system time is set", area: "X509", devices: IPBS_IPBL_IPVM, severity: "indeterminate", kind: "alarm",
    detail:
      "System time is not set but the current date is needed to validate if cryptographic certificates are " +
      "valid. Therefore encrypted TLS connections will fail. Configure a NTP server or set the system time " +
      "manually." },
  { code: 0x000c1001, title: "Certificate expired/Will expire soon", area: "X509", devices: IPBS_IPBL_IPVM, severity: "indeterminate", kind: "alarm",
    detail:
      "The device certificate or one of the trusted certificates has already expired or will expire during " +
      "the next 30 days. After the certificate has expired TLS connections using this certificate will " +
      "fail. Replace the certificate with a new one." },
  // Radios: TAM, Dwl, RFPInit. §6.2 gives no area for 0x000e000a; §4.11.2 (IPBL
  // "Halted Logs") says an unexpected RFP restart shows it under Diagnostics → Events.
  { code: 0x000e0001, title: "RFP disconnected", area: "TAM", devices: IPBL, severity: "major", kind: "alarm" },
  { code: 0x000e0002, title: "RFP malfunctioning", area: "TAM", devices: IPBL, severity: "major", kind: "alarm" },
  { code: 0x000e0003, title: "RFP disabled", area: "TAM", devices: IPBL, severity: "major", kind: "alarm" },
  { code: 0x000e0004, title: "RFP software download", area: "Dwl", devices: IPBL, severity: "major", kind: "alarm" },
  { code: 0x000e0005, title: "RFP unsynchronized", area: "RFPInit", devices: IPBS, severity: "major", kind: "alarm",
    detail:
      "Four common reasons: 1. The IPBS has lost contact for nine minutes with the RFPI used as " +
      "synchronization source. 2. The IPBS is not PSCN synchronized (Primary Receiver Scan Carrier Number). " +
      "3. The IPBS is not MFN synchronized (Multiframe Number). 4. The IPBS is not slot number " +
      "synchronized." },
  { code: 0x000e0006, title: "Synchronization to reference system lost", area: "RFPInit", devices: IPBS, severity: "major", kind: "alarm",
    detail:
      "Get the Sync Master to resynchronize to the reference sync either manually or automatically " +
      "(scheduled). To select type of resynchronization action, see Configure Sync Master IPBS on page 111. " +
      "To resynchronize manually, see Reference Synchronization on page 141." },
  { code: 0x000e0008, title: "Other DECT system with same sysid detected", area: "RFPInit", devices: IPBS, severity: "major", kind: "alarm" },
  { code: 0x000e0009, title: "Sync master failed to resynchronize to reference", area: "RFPInit", devices: IPBS, severity: "major", kind: "alarm" },
  { code: 0x000e000a, title: "RFP restarted", devices: IPBS, severity: "major", kind: "alarm",
    detail: "Burst mode controller of the IPBS restarted." },
  // IPBL hardware (TAM)
  { code: 0x000f0001, title: "High temperature", area: "TAM", devices: IPBL, severity: "critical", kind: "alarm" },
  { code: 0x000f0002, title: "High power consumption", area: "TAM", devices: IPBL, severity: "critical", kind: "alarm" },
  { code: 0x000f0004, title: "Supply voltage low", area: "TAM", devices: IPBL, severity: "critical", kind: "alarm" },
  { code: 0x000f0008, title: "Supply Voltage High", area: "TAM", devices: IPBL, severity: "critical", kind: "alarm" },
  { code: 0x000f0010, title: "Fan failure", area: "TAM", devices: IPBL, severity: "major", kind: "alarm" },
  // IPBL synchronization (Sync)
  { code: 0x00100001, title: "Synchronization ring broken", area: "Sync", devices: IPBL, severity: "major", kind: "alarm" },
  { code: 0x00100002, title: "Reference synchronization signal lost", area: "Sync", devices: IPBL, severity: "major", kind: "alarm" },
  { code: 0x00100004, title: "Synchronization lost", area: "Sync", devices: IPBL, severity: "major", kind: "alarm" },
  { code: 0x00100008, title: "Unsynchronized to reference", area: "Sync", devices: IPBL, severity: "major", kind: "alarm" },
  // IP stack (ipproc). 0x0011001c–0x0011001f share one description in §6.2.
  { code: 0x00110000, title: "Interface down", area: "ipproc", devices: IPBS_IPBL_IPVM, severity: "major", kind: "alarm" },
  { code: 0x00110001, title: "Interface not configured", area: "ipproc", devices: IPBS_IPBL_IPVM, severity: "indeterminate", kind: "alarm" },
  { code: 0x00110002, title: "DHCP server not responding", area: "ipproc", devices: IPBS_IPBL_IPVM, severity: "major", kind: "alarm" },
  { code: 0x00110019, title: "Invalid UDP-RTP port base/range", area: "ipproc", devices: IPBS_IPBL_IPVM, severity: "major", kind: "alarm" },
  { code: 0x0011001a, title: "Invalid UDP-NAT port base/range", area: "ipproc", devices: IPBS_IPBL_IPVM, severity: "major", kind: "alarm" },
  { code: 0x0011001b, title: "Invalid NAT port base/range", area: "ipproc", devices: IPBS_IPBL_IPVM, severity: "major", kind: "alarm" },
  { code: 0x0011001c, title: "Route to non-existent interface or no interface to gateway", area: "ipproc", devices: IPBS_IPBL_IPVM, severity: "major", kind: "alarm" },
  { code: 0x0011001d, title: "Route to non-existent interface or no interface to gateway", area: "ipproc", devices: IPBS_IPBL_IPVM, severity: "major", kind: "alarm" },
  { code: 0x0011001e, title: "Route to non-existent interface or no interface to gateway", area: "ipproc", devices: IPBS_IPBL_IPVM, severity: "major", kind: "alarm" },
  { code: 0x0011001f, title: "Route to non-existent interface or no interface to gateway", area: "ipproc", devices: IPBS_IPBL_IPVM, severity: "major", kind: "alarm" },
  { code: 0x00110041, title: "ARP poisoning detected", area: "ipproc", devices: IPBS_IPBL_IPVM, severity: "major", kind: "alarm" },
  { code: 0x00110046, title: "Out of TCP/NAT ports", area: "ipproc", devices: IPBS_IPBL_IPVM, severity: "major", kind: "alarm" },
  { code: 0x00110047, title: "Out of TCP ports", area: "ipproc", devices: IPBS_IPBL_IPVM, severity: "major", kind: "alarm" },
  { code: 0x00110049, title: "TCP bind error", area: "ipproc", devices: IPBS_IPBL_IPVM, severity: "major", kind: "alarm",
    detail:
      "Local error. TCP socket was trying to bind itself to a specific local port number. The port number " +
      "was found to be in use by some other socket." },
  { code: 0x00110050, title: "Out of UDP/RTP ports", area: "ipproc", devices: IPBS_IPBL_IPVM, severity: "major", kind: "alarm" },
  { code: 0x00110051, title: "Out of UDP ports", area: "ipproc", devices: IPBS_IPBL_IPVM, severity: "major", kind: "alarm" },
  { code: 0x00110053, title: "UDP bind error", area: "ipproc", devices: IPBS_IPBL_IPVM, severity: "major", kind: "alarm",
    detail:
      "Local error. UDP socket was trying to bind itself to a specific local port number. The port number " +
      "was found to be in use by some other socket." },
  { code: 0x0011005a, title: "No route to destination", area: "ipproc", devices: IPBS_IPBL_IPVM, severity: "major", kind: "alarm" },
  { code: 0x0011005b, title: "No route to destination, if down", area: "ipproc", devices: IPBS_IPBL_IPVM, severity: "major", kind: "alarm",
    detail:
      "The IP routing process failed to deliver a packet explicitely directed to a specific network " +
      "interface. The network interface was either down or disabled. Packets directed to a specific network " +
      "interface are used for example by DHCP (UDP) and by PPTP Tunnels (TCP/GRE). If this error is " +
      "reported for UDP broadcast packets rather often it usually indicates that DHCP client mode is " +
      "configured for the interface but the interface is not connected to a network or disabled. In this " +
      "case the DHCP mode should be changed to disabled." },
  { code: 0x0011005c, title: "No route to destination, if unknown", area: "ipproc", devices: IPBS_IPBL_IPVM, severity: "major", kind: "alarm" },
  { code: 0x0011005d, title: "No route to destination, if unconfigured", area: "ipproc", devices: IPBS_IPBL_IPVM, severity: "major", kind: "alarm" },
  { code: 0x0011005e, title: "No route to destination, no gateway", area: "ipproc", devices: IPBS_IPBL_IPVM, severity: "major", kind: "alarm" },
  { code: 0x0011005f, title: "No route to destination, loop", area: "ipproc", devices: IPBS_IPBL_IPVM, severity: "major", kind: "alarm" },
  // box, Dect, CLU, Unite, CUnite
  { code: 0x00120001, title: "Memory Usage above 85%", area: "box", devices: IPBS_IPBL_IPVM, severity: "critical", kind: "alarm" },
  { code: 0x00140001, title: "Radio busy for speech", area: "Dect", devices: IPBS, severity: "indeterminate", kind: "alarm" },
  { code: 0x00140065, title: "Default encryption key timeout", area: "Dect", devices: IPBS_IPBL, severity: "indeterminate", kind: "alarm",
    detail:
      "Too long delay in the LAN/WAN network for early encryption to work. The problem can be solved by " +
      "configuring a local Mobility Master. Even though a local Mobility Master is configured, the fault " +
      "message will not disappear, i.e. it will be shown at first location registration attempt when the " +
      "home Master must be reached. At the next location registration attempt, the key will be in the local " +
      "Mobility Master and early encryption will work." },
  { code: 0x00140066, title: "Cipher timeout", area: "Dect", devices: IPBS_IPBL, severity: "major", kind: "alarm",
    detail:
      "This indicates that a call has been forcefully disconnected since the cipher option has been " +
      "disabled in the radio." },
  { code: 0x00140067, title: "Master connection timeout", area: "Dect", devices: IPBS_IPBL, severity: "major", kind: "alarm",
    detail: "A signaling timer expired. The reason for this could be a network problem between Radio and Master." },
  { code: 0x00140068, title: "RFPI Collision", area: "Dect", devices: IPBS_IPBL_IPVM, severity: "critical", kind: "alarm",
    detail:
      "This is generated when a PARI-master is restarted and there are duplicate radios defined with the " +
      "same RFPI." },
  { code: 0x00150001, title: "Busy for speech", area: "CLU", devices: IPBL, severity: "indeterminate", kind: "alarm" },
  { code: 0x001a0001, title: "Failed to transfer Unite communication block", area: "Unite", devices: IPBS_IPBL_IPVM, severity: "indeterminate", kind: "alarm",
    detail: "Check that the Unite address is correct." },
  { code: 0x001a0002, title: "UNITE WebSocket connection down", area: "Unite", devices: IPBS_IPBL_IPVM, severity: "major", kind: "alarm" },
  { code: 0x001a0003, title: "Incompatible heartbeat", area: "Unite", devices: IPBS_IPBL_IPVM, severity: "indeterminate", kind: "alarm" },
  { code: 0x001a0100, title: "Failed to transfer Compact Unite communication block", area: "CUnite", devices: IPBS_IPBL_IPVM, severity: "indeterminate", kind: "alarm" },
  // Update server (§4.9.1, App. A). §6.2 gives no area for these.
  { code: 0x00210001, title: "Read update script", devices: IPBS_IPBL_IPVM, severity: "major", kind: "alarm",
    detail: "Failed to read script from update server." },
  { code: 0x00210002, title: "Upload bootcode", devices: IPBS_IPBL_IPVM, severity: "major", kind: "alarm",
    detail: "Failed to get the bootcode from update server." },
  { code: 0x00210003, title: "Upload firmware", devices: IPBS_IPBL_IPVM, severity: "major", kind: "alarm",
    detail: "Failed to get the firmware from update server." },
  { code: 0x00210004, title: "Upload config", devices: IPBS_IPBL_IPVM, severity: "major", kind: "alarm",
    detail: "Failed to get the config from update server." },
  { code: 0x00210006, title: "Download config", devices: IPBS_IPBL_IPVM, severity: "major", kind: "alarm",
    detail: "Failed to send the config to update server." },
];

/** The §6.2 table, frozen and sorted by code. Look a code up with `lookupAlarm`. @see manual 003 §6.2 */
export const ALARM_CATALOG: readonly AlarmEntry[] = Object.freeze(ROWS.map((entry) => Object.freeze(entry)));
