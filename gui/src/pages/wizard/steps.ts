import { all, chars, host, ipv4, PASSWORD_CHARS, PASSWORD_CHARS_TEXT, required, wholeNumber } from "../../checks.js";
import type { FieldSpec, Values } from "../../components/form.js";
import { pariMasterFields } from "../dect/radioFields.js";
import type { DeviceSettings } from "../../settings.js";
import { compact, optNumber, optText } from "../../settings.js";

/** One section of the §3.3 configuration wizard. */
export interface Step {
  readonly id: string;
  readonly title: string;
  readonly specs: readonly FieldSpec[];
  /** A line under the title: what the manual says, or why the step holds nothing here. */
  readonly note?: string;
}

const masterOn = (v: Values) => v["mode"] === "active" || v["mode"] === "mirror";
const sipOn = (v: Values) => masterOn(v) && optText(v["proxy"]) !== undefined;

/** §4.6.35: a SARI as class A or B text. */
const SARI = /^[AB](-[0-9A-F]+)+$/i;
/** §4.6.23 step 5: `host[:port]`, an IPv4 address or a DNS name. */
const PROXY = /^[A-Za-z0-9.-]+(:\d{1,5})?$/;

/** §3.3.1 Network: DHCP is not modelled, so the mode is "disabled" and the static settings of §4.2.3 follow. */
const NETWORK: Step = {
  id: "network",
  title: "Network",
  note: "This device has a static IPv4 address (DHCP is not modelled): set the rest of §4.2.3.",
  specs: [
    { key: "dhcp", label: "DHCP Mode", kind: "select", options: [["disabled", "disabled"]] },
    { key: "mask", label: "Network Mask", kind: "text", check: ipv4(true), server: "mask" },
    { key: "gateway", label: "Default Gateway", kind: "text", check: ipv4(true), server: "gateway" },
    { key: "dns", label: "DNS Server", kind: "text", check: ipv4(true), server: "dns" },
    { key: "dns2", label: "Alt. DNS Server", kind: "text", check: ipv4(true), server: "dns2" },
  ],
};

/** §3.3.2 Master: Off, or Active or Mirror with the system, SARI, PARI function and the SIP gatekeeper. */
const MASTER: Step = {
  id: "master",
  title: "Master",
  specs: [
    {
      key: "mode",
      label: "Mode",
      kind: "select",
      options: [
        ["off", "Off"],
        ["active", "Active"],
        ["mirror", "Mirror"],
      ],
      server: "master.mode",
    },
    {
      key: "mirrorPeer",
      label: "Mirror Master IP Address",
      kind: "text",
      shown: (v) => v["mode"] === "mirror",
      check: ipv4(),
      server: "master.mirrorPeer",
    },
    {
      // §4.6.19 step 4: "If you have selected the Mirror mode, do the following: − Configure NTP settings".
      key: "timeServer",
      label: "Time Server (NTP)",
      kind: "text",
      shown: (v) => v["mode"] === "mirror",
      check: all(required, host()),
      hint: "A Mirror needs NTP (§4.6.19 step 4, §4.1.9).",
      server: "ntp",
    },
    {
      key: "systemName",
      label: "System Name",
      kind: "text",
      shown: masterOn,
      check: chars(64, /^[\x20-\x7e]+$/, "printable characters"),
      server: "system.name",
    },
    {
      key: "systemPassword",
      label: "Password",
      kind: "password",
      shown: masterOn,
      check: chars(15, PASSWORD_CHARS, PASSWORD_CHARS_TEXT),
      hint: `Allowed characters: ${PASSWORD_CHARS_TEXT}; at most 15 (§4.6.1).`,
      server: "system.password",
    },
    {
      key: "systemConfirm",
      label: "Confirm Password",
      kind: "password",
      shown: masterOn,
      check: (v, a) => (v === a["systemPassword"] ? undefined : "does not match Password"),
    },
    {
      key: "sari",
      label: "SARI",
      kind: "text",
      shown: masterOn,
      check: (v, a) =>
        v === ""
          ? undefined
          : !SARI.test(v)
            ? `must be a SARI such as B-0A5E-00-1 (class A or B), got "${v}"`
            : a["pari"] !== true
              ? "needs Enable PARI Function: the PARI Master broadcasts the SARI (§4.6.35)"
              : undefined,
      server: "pari.sari",
    },
    { key: "pari", label: "Enable PARI Function", kind: "checkbox", shown: masterOn, server: "pari" },
    {
      key: "protocol",
      label: "Protocol",
      kind: "select",
      shown: masterOn,
      options: [
        ["sip-udp", "SIP/UDP"],
        ["sip-tcp", "SIP/TCP"],
        ["sip-tls", "SIP/TLS"],
      ],
      server: "gatekeeper.protocol",
    },
    {
      key: "proxy",
      label: "Proxy",
      kind: "text",
      shown: masterOn,
      check: (v) => (v === "" || PROXY.test(v) ? undefined : `must be host or host:port, got "${v}"`),
      hint: "Empty: no gatekeeper yet (§4.6.23).",
      server: "gatekeeper.proxy",
    },
    {
      key: "altProxy",
      label: "Alt. Proxy",
      kind: "text",
      shown: sipOn,
      check: (v) => (v === "" || PROXY.test(v) ? undefined : `must be host or host:port, got "${v}"`),
      server: "gatekeeper.altProxies",
    },
  ],
};

const CERTIFICATE: Step = {
  id: "certificate",
  title: "Trusted Certificate",
  note: "Upload the trusted certificate file (PEM or DER): it goes on the trust list (§4.1.10.1). Optional.",
  specs: [],
};

/** §3.3.4 applies only to IPVM, and licenses are not modelled. */
const LICENSE: Step = {
  id: "license",
  title: "License",
  note: "Licenses are not modelled: this IPVM needs no serial number file or license key.",
  specs: [],
};

/** §3.3.5 Radio: PARI Master settings (blank: plug and play, §3.11) and air synchronization (§4.6.36). */
const RADIO: Step = {
  id: "radio",
  title: "Radio",
  note: "Leave the PARI Master settings blank to use plug and play (§3.11).",
  specs: [
    {
      key: "radioName",
      label: "Name",
      kind: "text",
      shown: (v) => !masterOn(v),
      check: chars(64, /^[\x20-\x7e]+$/, "printable characters", true),
      hint: "The DECT system name of the PARI Master (§4.6.1).",
      server: "system.name",
    },
    {
      key: "radioPassword",
      label: "Password",
      kind: "password",
      shown: (v) => !masterOn(v),
      check: chars(15, PASSWORD_CHARS, PASSWORD_CHARS_TEXT, true),
      server: "system.password",
    },
    ...pariMasterFields("If this device is the PARI Master, enter its own address."),
    {
      key: "syncMode",
      label: "Sync Mode",
      kind: "select",
      options: [
        ["slave", "Slave"],
        ["master", "Master"],
      ],
      server: "radio.syncMode",
    },
    {
      key: "region",
      label: "Sync Region",
      kind: "number",
      check: all(required, wholeNumber(0, 249)),
      server: "radio.region",
    },
  ],
};

/** §3.3: Network, Master, Trusted Certificate, License (IPVM only), Radio (not IPVM). */
export function wizardSteps(kind: DeviceSettings["kind"]): readonly Step[] {
  return kind === "IPVM" ? [NETWORK, MASTER, CERTIFICATE, LICENSE] : [NETWORK, MASTER, CERTIFICATE, RADIO];
}

/** The wizard's fields filled from the device's settings. */
export function wizardValues(s: DeviceSettings): Values {
  return {
    dhcp: "disabled",
    mask: s.mask ?? "",
    gateway: s.gateway ?? "",
    dns: s.dns ?? "",
    dns2: s.dns2 ?? "",
    mode: s.master?.mode === "mirror" ? "mirror" : s.master === undefined || s.master.mode === "off" ? "off" : "active",
    mirrorPeer: s.master?.mirrorPeer ?? "",
    timeServer: s.ntp ?? "",
    systemName: s.system.name,
    systemPassword: "",
    systemConfirm: "",
    sari: s.pari?.sari[0] ?? "",
    pari: s.pari !== undefined,
    protocol: "sip-udp",
    proxy: "",
    altProxy: "",
    radioName: "",
    radioPassword: "",
    pariMaster: s.radio?.pariMaster ?? "",
    altPariMaster: s.radio?.altPariMaster ?? "",
    syncMode: s.radio?.syncMode === "master" ? "master" : "slave",
    region: String(s.radio?.region ?? 0),
  };
}

/**
 * The settings change the wizard makes (PATCH /api/settings) to the settings `s` it read: each step's part of the
 * configuration. A system name or password left empty is `s`'s; its password is masked there, and the mask sent back
 * keeps the stored one (§4.6.1), where an absent password would be the factory default.
 */
export function wizardPatch(v: Values, s: DeviceSettings): Record<string, unknown> {
  const text = (k: string) => optText(v[k]) ?? null;
  const master = masterOn(v);
  const systemName = master ? optText(v["systemName"]) : optText(v["radioName"]);
  const systemPassword = master ? optText(v["systemPassword"]) : optText(v["radioPassword"]);
  const system =
    systemName === undefined && systemPassword === undefined
      ? {}
      : { system: { ...s.system, ...compact({ name: systemName, password: systemPassword }) } };
  const sari = optText(v["sari"]);
  const proxy = optText(v["proxy"]);
  const alt = optText(v["altProxy"]);
  return {
    mask: text("mask"),
    gateway: text("gateway"),
    dns: text("dns"),
    dns2: text("dns2"),
    ...system,
    master: master ? compact({ mode: v["mode"], mirrorPeer: optText(v["mirrorPeer"]) }) : null,
    ...(v["mode"] === "mirror" ? { ntp: text("timeServer") } : {}),
    pari: master && v["pari"] === true ? { sari: sari === undefined ? [] : [sari] } : null,
    gatekeeper:
      master && proxy !== undefined
        ? { protocol: v["protocol"], proxy, altProxies: alt === undefined ? [] : [alt] }
        : null,
    ...(s.kind === "IPVM"
      ? {}
      : {
          radio: compact({
            pariMaster: optText(v["pariMaster"]),
            altPariMaster: optText(v["altPariMaster"]),
            syncMode: v["syncMode"],
            region: optNumber(v["region"]),
          }),
        }),
  };
}
