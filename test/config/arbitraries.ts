import { MAX_POLL_MINUTES } from "../../src/update/settings.js";
import fc from "fast-check";

import { DEVICE_KINDS } from "../../src/core/identity/DeviceKind.js";
import { deviceFromObject } from "../../src/config/deviceFromObject.js";
import { locatorWithoutLines } from "../../src/core/config/Locator.js";
import { MASTER_ID_MAX, MASTER_ID_MIN } from "../../src/master/settings.js";
import { MASTER_MODES } from "../../src/role/redundancy.js";
import { SIP_PROTOCOLS, TEMPORARY_FAILURE_RESPONSES } from "../../src/sip/settings.js";
import { SYSTEM_ID_MAX, SYSTEM_ID_MIN } from "../../src/pari/settings.js";
import { MAX_SYNC_DEPTH } from "../../src/sync/settings.js";
import { BANDS, FREQUENCY_BANDS } from "../../src/role/bands.js";
import { TIMING_MAX_MS } from "../../src/core/config/timing.js";
import { type DeviceConfig } from "../../src/config/DeviceConfig.js";
import { configUsersArb } from "../users/arbitraries.js";

const octet = fc.integer({ min: 0, max: 255 });
export const ipv4 = fc.tuple(octet, octet, octet, octet).map((o) => o.join("."));
const netmask = fc.integer({ min: 0, max: 32 }).map((prefix) => {
  const bits = "1".repeat(prefix).padEnd(32, "0");
  return [0, 8, 16, 24].map((i) => parseInt(bits.slice(i, i + 8), 2)).join(".");
});
/** Any text without control characters: quotes, backslashes, slashes, spaces and non-ASCII included. */
const text = fc
  .oneof(fc.string({ unit: "grapheme-ascii", minLength: 1 }), fc.string({ unit: "grapheme", minLength: 1 }))
  .filter((s) => !/\p{Cc}/u.test(s));
const PASSWORD_CHARS = [..."abcXYZ019!#$%&'()*+,-.:;<=>?@[]^_`{|}~"];
const password = fc.string({ unit: fc.constantFrom(...PASSWORD_CHARS), minLength: 1, maxLength: 15 });
const ms = fc.option(fc.integer({ min: 1, max: TIMING_MAX_MS }), { nil: undefined });
const opt = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const extraLine = fc
  .oneof(
    fc.constantFrom(
      "config add NTP0 /addr 192.168.42.136",
      "mod cmd UP1 times /allow 12,23,0,1,2,3,4",
      "config change DHCP0 /no-vlan",
      "config add IP0 ETH1 /addr 10.0.0.1",
    ),
    // Another view than App. C's users (101): kept verbatim.
    text.map((s) => `mod cmd FLASHDIR0 add-item 102 ${s}`),
    text.map((s) => `vars create CMD0/X p ${s}`),
  )
  .map((line) => line.replace(/[\r\n]/g, " ").trim());

const master = (kind: string) =>
  fc
    .record({
      mode: fc.constantFrom(...MASTER_MODES.filter((m) => !(m === "deployment" && kind === "IPVM"))),
      id: opt(fc.integer({ min: MASTER_ID_MIN, max: MASTER_ID_MAX })),
      peer: ipv4,
      probeIntervalMs: ms,
      masterLostMs: ms,
      radioLostMs: ms,
    })
    .map(({ peer, ...m }) => ({
      ...m,
      primary: m.mode === "standby" ? peer : undefined,
      mirrorPeer: m.mode === "mirror" ? peer : undefined,
    }));

const radio = fc
  .record({ enabled: opt(fc.boolean()), master: ipv4, alternateMaster: opt(ipv4), heartbeatMs: ms, masterLostMs: ms })
  .chain((r) => (r.enabled === false ? fc.constantFrom(r, { ...r, master: undefined }) : fc.constant(r)));

const position = fc.record({
  x: fc.double({ noNaN: true, noDefaultInfinity: true }),
  y: fc.double({ noNaN: true, noDefaultInfinity: true }),
  floor: opt(fc.integer({ min: -5, max: 200 })),
});

const hostPort = fc
  .tuple(ipv4, opt(fc.integer({ min: 1, max: 65535 })))
  .map(([h, p]) => (p === undefined ? h : `${h}:${p}`));
const ldapServer = fc.record({
  user: text,
  password: text,
  writeAccess: opt(fc.boolean()),
  port: opt(fc.integer({ min: 1, max: 65535 })),
});
const fullReplicator = fc.record({
  type: fc.constant("full"),
  enabled: opt(fc.boolean()),
  server: hostPort,
  altServer: opt(hostPort),
  user: text,
  password: text,
  filter: opt(
    fc.oneof(
      text.map((f) => ({ filterType: "gateway", filter: f })),
      fc.constantFrom("(cn=a b)", "(&(e164=1*)(!(cn=x\\29)))").map((f) => ({ filterType: "ldap", filter: f })),
    ),
  ),
});
const adReplicator = fc.record({
  type: fc.constant("ad"),
  enabled: opt(fc.boolean()),
  server: hostPort,
  user: text,
  password: text,
  searchBase: text,
  adFilter: opt(fc.constantFrom("(objectclass=user)", "(&(objectClass=user)(memberOf=CN=grp,CN=Users,DC=x))")),
  tls: opt(fc.boolean()),
  inMaps: opt(fc.array(fc.record({ source: text, pattern: text, description: opt(text) }), { maxLength: 3 })),
  outMaps: opt(fc.array(fc.record({ dest: text, value: text }), { maxLength: 3 })),
});
/** The `ldap` section, for a device whose Master role is not off (§4.5). */
const ldap = fc
  .record({
    server: opt(ldapServer),
    replicator: opt(
      fc.oneof(
        fullReplicator.map(({ filter, ...r }) => ({ ...r, ...filter })),
        adReplicator,
      ),
    ),
  })
  // An empty list is written as no line at all: it reads back as no list.
  .map((l) => JSON.parse(JSON.stringify(l, (k, v: unknown) => (Array.isArray(v) && v.length === 0 ? undefined : v))));

const port = fc.integer({ min: 1, max: 65535 });
/** `dns`/`dns2`: an IPv4 address, or with this project's `:port`. */
const dnsServer = fc.tuple(ipv4, opt(port)).map(([h, p]) => (p === undefined ? h : `${h}:${p}`));
const dnsName = fc.constantFrom("pbx", "proxy1.example.com", "sip-2.Example.ORG", `${"a".repeat(63)}.example`, "9x.y");
const sipHost = fc.oneof(ipv4, dnsName);
const sipHostPort = fc.tuple(sipHost, opt(port)).map(([h, p]) => (p === undefined ? h : `${h}:${p}`));
const isName = (hostPort: string) => !/^\d+\.\d+\.\d+\.\d+(:\d+)?$/.test(hostPort);
/** The `gatekeeper` section, for a device whose Master role is not off (§4.6.23, §4.6.24). */
const gatekeeper = fc
  .record({
    protocol: opt(fc.constantFrom(...SIP_PROTOCOLS)),
    proxy: sipHostPort,
    altProxies: opt(fc.array(sipHostPort, { maxLength: 3 })),
    domain: opt(sipHost),
    registrationTtlS: opt(fc.integer({ min: 10, max: 86_400 })),
    subscriptionTtlS: opt(fc.integer({ min: 60, max: 86_400 })),
    registerWithNumber: opt(fc.boolean()),
    registerWithSystemPassword: opt(fc.boolean()),
    maxInternalNumberLength: opt(fc.integer({ min: 1, max: 30 })),
    internationalCpnPrefix: opt(fc.stringMatching(/^[0-9]{1,8}$/)),
    ignoreRetryAfter: opt(fc.boolean()),
    redirection: opt(fc.boolean()),
    instanceId: opt(fc.boolean()),
    temporaryFailure: opt(fc.constantFrom(...TEMPORARY_FAILURE_RESPONSES)),
    localPort: opt(port),
    anonymous: opt(
      fc.record({
        name: text,
        number: fc.stringMatching(/^[0-9*#+]{1,30}$/),
        deactivateMaster: opt(fc.boolean()),
      }),
    ),
  })
  // §4.6.23 step 6b/6c: no Alt. Proxy 2 and 3 after a Proxy and an Alt. Proxy 1 that are both names.
  .map((g) =>
    g.altProxies !== undefined && isName(g.proxy) && g.altProxies[0] !== undefined && isName(g.altProxies[0])
      ? { ...g, altProxies: g.altProxies.slice(0, 1) }
      : g,
  );

/** The `pari` section, for a device whose Master role is not off (§4.6.21, §4.6.34, §4.6.35, §4.6.36). */
const pari = fc
  .record({
    systemId: opt(fc.integer({ min: SYSTEM_ID_MIN, max: SYSTEM_ID_MAX })),
    sari: opt(fc.subarray(["B-0A5E-0B-1", "B-0A5E-0B-2", "B-0A5E-0B-3"])),
    syncDepth: opt(fc.integer({ min: 1, max: MAX_SYNC_DEPTH })),
  })
  .chain((p) =>
    // §4.6.6 a band, and §4.6.7 some of its carriers (or all: absent).
    fc.constantFrom(...FREQUENCY_BANDS).chain((band) =>
      fc
        .record({
          band: opt(fc.constant(band)),
          carriers: opt(fc.subarray([...BANDS[band].carriers], { minLength: 1 })),
        })
        .map((b) => ({ ...p, ...(b.band === undefined && b.carriers !== undefined ? { ...b, band } : b) })),
    ),
  );
/** The `radioConfig` section of a PARI Master (§4.6.33). */
const radioConfig = fc.record({
  ntp: opt(text),
  updateUrl: opt(text),
  alarmForward: opt(text),
  mask: opt(netmask),
  gateway: opt(ipv4),
  dns: opt(ipv4),
  dns2: opt(ipv4),
});
/** Services → HTTP (§4.9.3): two different ports, at most one of them off; Force HTTPS only with HTTPS. */
const http = fc
  .record({
    port: fc.integer({ min: 0, max: 65535 }),
    httpsPort: fc.integer({ min: 1, max: 65535 }),
    forceHttps: opt(fc.boolean()),
  })
  .filter((h) => h.port !== h.httpsPort);
/** Services → Update (§4.9.1, App. I.3): the UP1 module's URL, poll interval and DHCP switch. */
const update = fc.record({
  url: opt(text),
  pollMinutes: opt(fc.integer({ min: 1, max: MAX_POLL_MINUTES })),
  noDhcp: opt(fc.boolean()),
});
/** A multicast group for plug and play announcements. */
const multicast = fc.tuple(fc.integer({ min: 224, max: 239 }), octet, octet, octet).map((o) => o.join("."));

/** A valid DeviceConfig, built through deviceFromObject so defaults are filled as a parser would fill them. */
export const deviceConfig: fc.Arbitrary<DeviceConfig> = fc.constantFrom(...DEVICE_KINDS).chain((kind) =>
  fc
    .record({
      name: text,
      kind: fc.constant(kind),
      mac: fc
        .uint8Array({ minLength: 6, maxLength: 6 })
        .map((b) => [...b].map((x) => x.toString(16).padStart(2, "0")).join(":")),
      ip: ipv4,
      mask: opt(netmask),
      gateway: opt(ipv4),
      dns: opt(dnsServer),
      dns2: opt(dnsServer),
      ntp: opt(text),
      update: opt(update),
      alarmForward: opt(text),
      discoveryGroup: opt(multicast),
      http: opt(http),
      system: opt(fc.record({ name: opt(text), password: opt(password) })),
      master: opt(master(kind)),
      radio: kind === "IPVM" ? fc.constant(undefined) : opt(radio),
      position: opt(position),
      extra: fc.array(extraLine, { maxLength: 4 }),
    })
    .chain((object) =>
      object.master === undefined || object.master.mode === "off"
        ? fc.constant(object)
        : fc
            .tuple(opt(ldap), opt(gatekeeper), opt(fc.tuple(pari, opt(radioConfig))))
            .map(([l, gk, p]) => ({ ...object, ldap: l, gatekeeper: gk, pari: p?.[0], radioConfig: p?.[1] })),
    )
    // Users live on a Master (§4.10).
    .chain((o) => (o.master === undefined ? fc.constant(o) : opt(configUsersArb).map((users) => ({ ...o, users }))))
    // A Mirror needs a Time Server (§4.6.19 step 4).
    .map((o) => (o.master?.mode === "mirror" && o.ntp === undefined ? { ...o, ntp: "192.0.2.123" } : o))
    .map((object) => deviceFromObject(object, locatorWithoutLines("arbitrary"))),
);
