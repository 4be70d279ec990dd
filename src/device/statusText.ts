import { formatFields, type Field } from "../core/textTable.js";
import { formatDate, formatElapsed, formatTime } from "../core/timeText.js";
import { alarmsText } from "../role/eventsText.js";
import type { DhcpAnswer } from "../update/dhcpUpdate.js";
import type { DeviceStatus, MasterStatus, RadioStatusView } from "./status.js";

/**
 * `ipdect ctl status` (GET /api/status) for people: one row per part of the device, each role in a line, then the
 * active alarms (§4.23.3). The lists behind the counts have their own words: `radios`, `sync`, `sip`, `alarms`.
 */
export function statusText(s: DeviceStatus): string {
  const rows: Field[] = [
    ["Device", `${s.name}, ${s.kind}, MAC ${s.mac}, IP ${s.ip}`],
    ["State", `${s.up ? "up" : "down"}${s.pendingReset ? "; a configuration waits for the reset (§4.18.1)" : ""}`],
    ...warnings(s),
    ["Frames", `in ${s.counters.framesIn}, out ${s.counters.framesOut}, dropped ${s.counters.framesDropped}`],
    ...(s.master === undefined ? [] : masterRows(s.master)),
    ...(s.pari === undefined
      ? []
      : [
          [
            "PARI Master",
            `System ID ${s.pari.systemId}, PARI ${s.pari.pari}${s.pari.active ? "" : " (inactive)"}; ` +
              `${s.pari.radios.length} radios connected, ${s.pari.static.length} static, ` +
              `${s.pari.uninitialized.length} uninitialized; SARI ${s.pari.saris.join(", ") || "none"}`,
          ] as Field,
        ]),
    ...(s.sync === undefined
      ? []
      : [
          [
            "Air sync",
            `${s.sync.regions.length} regions, max depth ${s.sync.maxDepth}; ` +
              `band ${s.sync.band}, carriers ${s.sync.carriers.join(", ")}`,
          ] as Field,
        ]),
    ...(s.radio === undefined ? [] : radioRows(s.radio)),
    ...(s.data === undefined
      ? []
      : [["Master data", `generation ${s.data.generation}, ${Object.keys(s.data.items).length} rows`] as Field]),
    ...(s.gatekeeper === undefined ? [] : [gatekeeperRow(s.gatekeeper)]),
    ...(s.certificates === undefined ? [] : [certificateRow(s.certificates)]),
    ...(s.rfpUpdate?.order === undefined ? [] : [rfpUpdateRow(s.rfpUpdate)]),
    ...(s.dhcp === undefined ? [] : [dhcpRow(s.dhcp)]),
    ["Alarms", s.alarms.length === 0 ? "none" : `${s.alarms.length} active`],
  ];
  const block = `${formatFields(rows)}\n`;
  return s.alarms.length === 0 ? block : `${block}\n${alarmsText(s.alarms)}`;
}

/** App. I: where the options came from, and those a device of ours reads (66, 215, 216). */
function dhcpRow(d: DhcpAnswer): Field {
  const o = d.options;
  const read = [
    ...(o.tftpServer === undefined ? [] : [`66 ${o.tftpServer}`]),
    ...(o.vendor.updateUrl === undefined ? [] : [`215 ${o.vendor.updateUrl}`]),
    ...(o.vendor.updatePollMinutes === undefined ? [] : [`216 ${o.vendor.updatePollMinutes} min`]),
  ];
  return [
    "DHCP",
    `from ${d.serverId} on ${d.interface}, ${formatTime(d.receivedAt)}; ${read.join(", ") || "no 66, 215 or 216"}`,
  ];
}

function warnings(s: DeviceStatus): Field[] {
  const w = [
    ...(s.factorySystemPassword ? ["the DECT system password is the factory one (§4.6.1)"] : []),
    ...(s.factoryAdminPassword ? ["the admin login is the factory one (§3.4.5.2)"] : []),
  ];
  return w.map((text, i): Field => [i === 0 ? "Warnings" : "", text]);
}

function masterRows(m: MasterStatus): Field[] {
  const standing = new Map<string, number>();
  for (const r of m.radios) standing.set(r.standing, (standing.get(r.standing) ?? 0) + 1);
  const held = [...standing].map(([k, n]) => `${n} ${k}`).join(", ");
  const rows: Field[] = [
    [
      "Master",
      `mode ${m.mode}, state ${m.state}${m.serving ? " (serving)" : ""}, id ${m.id}, term ${m.term}; ` +
        (m.regionCode === undefined ? "" : `region code ${m.regionCode}; `) +
        `${m.radios.length} radios${held === "" ? "" : ` (${held})`}`,
    ],
  ];
  if (m.peer !== undefined)
    rows.push([
      "Master peer",
      `${m.peer.ip}, ${m.peer.active ? "active" : "inactive"}, ` +
        (m.peer.lastHeardAt === null ? "never heard" : `last heard ${formatTime(m.peer.lastHeardAt)}`),
    ]);
  return rows;
}

function radioRows(r: RadioStatusView): Field[] {
  const rows: Field[] = [
    [
      "Radio",
      `${r.deviceName}: state ${r.state}, ${r.standing} at Master ${r.master} (id ${r.masterId}), region ${r.region}`,
    ],
  ];
  const p = r.pari;
  if (p !== undefined)
    rows.push([
      "PARI client",
      `state ${p.state}, PARI Master ${p.pariMaster}, System ID ${p.systemId}; RFPI ${p.rfpis.join(", ") || "none"}; ` +
        `SARI ${p.saris.join(", ") || "none"}${p.sariCycleMs > 0 ? ` (cycle ${formatElapsed(p.sariCycleMs)})` : ""}` +
        (p.reason === "" ? "" : `; ${p.reason}`),
    ]);
  const y = r.sync;
  if (y !== undefined)
    rows.push([
      "Sync",
      `${y.state}, ${y.role}, region ${y.region}` +
        (y.source === undefined ? "" : `, from ${y.source}`) +
        (y.rssi === undefined ? "" : `, RSSI ${y.rssi} dBm`) +
        `, sync lost ${y.syncLost}` +
        (y.lastLost === undefined ? "" : ` (last ${formatTime(y.lastLost.t)})`),
    ]);
  return rows;
}

function gatekeeperRow(g: NonNullable<DeviceStatus["gatekeeper"]>): Field {
  const u = g.users;
  return [
    "Gatekeeper",
    `${g.protocol}, ${g.state}, mode ${g.mode}; ${u.registered}/${u.total} users registered` +
      (u.failed > 0 ? `, ${u.failed} failed` : "") +
      `; proxies ${g.proxies.join(", ")}` +
      (g.downProxies.length === 0 ? "" : ` (down: ${g.downProxies.join(", ")})`),
  ];
}

function certificateRow(c: NonNullable<DeviceStatus["certificates"]>): Field {
  const d = c.device;
  const device = d === undefined ? "none yet" : `${d.subject} (${d.origin}, until ${formatDate(d.notAfter)})`;
  return ["Certificate", `${device}; trust list ${c.trusted.length}`];
}

/** The IPBL's RFP update (App. A.1.7) counted by state; `ipdect ctl rfp-update` lists each RFP. */
function rfpUpdateRow(u: NonNullable<DeviceStatus["rfpUpdate"]>): Field {
  const o = u.order!;
  const counts = new Map<string, number>();
  for (const p of o.ports) counts.set(p.state, (counts.get(p.state) ?? 0) + 1);
  const states = [...counts].map(([k, n]) => `${n} ${k}`).join(", ");
  return [
    "RFP update",
    `${u.state}${o.at === undefined ? "" : ` (at ${o.at})`}, ${o.file} (version ${o.version}): ${states}`,
  ];
}
