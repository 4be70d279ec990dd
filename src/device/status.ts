import type { ProvisioningStatus } from "../provisioning/status.js";
import type { FirmwareStatus, UpdateStatus } from "../update/status.js";
import type { DhcpAnswer } from "../update/dhcpUpdate.js";
import type { CertsStatus } from "../certs/views.js";
import type { GatekeeperStatus } from "../sip/Gatekeeper.js";
import type { AnyMachineSnapshot } from "xstate";
import type { DeviceConfig } from "../config/DeviceConfig.js";
import { masked } from "../core/config/secrets.js";
import { URL_SECRETS, type PushedRadioConfig } from "../pari/settings.js";
import type { RadioSettings } from "../radio/settings.js";
import type { PariOverview } from "../pari/overview.js";
import type { PariClientCore } from "../radio/PariClientCore.js";
import type { RfpPort } from "../radio/IpblPorts.js";
import type { MasterCore } from "../master/MasterCore.js";
import type { MasterData } from "../master/MirrorState.js";
import type { RadioCore } from "../radio/RadioCore.js";
import type { ActiveAlarm } from "../role/Alarms.js";
import type { SyncOverview } from "../sync/overview.js";
import type { RfpUpdateStatus } from "../radio/rfpUpdateStatus.js";
import type { RadioSyncStatus } from "../sync/RadioSync.js";

export interface MasterStatus {
  readonly mode: string;
  readonly id: number;
  /** The machine state, e.g. "standby.active", "mirror.inactive". */
  readonly state: string;
  readonly serving: boolean;
  readonly term: number;
  /** §4.6.22 Region Code, for call localization of emergency calls in a multi-site installation. */
  readonly regionCode?: string;
  readonly radios: { name: string; mac: string; standing: string; since: number }[];
  readonly peer?: { ip: string; active: boolean; lastHeardAt: number | null };
}

export interface RadioStatusView {
  readonly state: string;
  readonly master: string;
  readonly standing: string;
  readonly masterId: number;
  /** §4.11.1 "Device Name": the configured name, or the one given when the radio was added (plug and play). */
  readonly deviceName: string;
  readonly region: number;
  /** The radio's side of the PARI function: its RFPIs, SARIs, System ID and Radio Config in force. */
  readonly pari?: {
    readonly state: string;
    readonly pariMaster: string;
    readonly rfpis: readonly string[];
    readonly saris: readonly string[];
    /** §4.6.35: about 1 s to broadcast 2 SARIs, 6 s for 10 (linear in between, our reading). */
    readonly sariCycleMs: number;
    readonly systemId: number;
    readonly reason: string;
    /** The Radio Config in force (§4.6.33), pushed or the radio's own; a password in a URL masked (URL_SECRETS). */
    readonly effective: PushedRadioConfig;
    /** IPBL: the RFPs on its ports (§4.11.2). */
    readonly rfps?: readonly (Omit<RfpPort, "connectedAt"> & { connectedMs: number })[];
  };
  /** Air sync status (§4.12.3). */
  readonly sync?: RadioSyncStatus;
}

/** One status model read by HTTP, CLI and sim reports (docs/architecture.md "Observability"). */
export interface DeviceStatus {
  readonly name: string;
  readonly kind: string;
  readonly mac: string;
  readonly ip: string;
  readonly up: boolean;
  readonly pendingReset: boolean;
  /**
   * The device runs on the factory DECT system password (§4.6.1): its device links are sealed with a key anyone can
   * derive (docs/design.md "Device links").
   */
  readonly factorySystemPassword: boolean;
  /** The web login is still the factory `admin` / `changeme` account (§3.2.2 asks to change it, §3.4.5.2). */
  readonly factoryAdminPassword: boolean;
  readonly counters: Counters;
  /**
   * Every active alarm the device lists (§4.23.3): its own, and on a PARI Master those its radios forward (§4.6.33),
   * which carry `remote`.
   */
  readonly alarms: ActiveAlarm[];
  readonly master?: MasterStatus;
  /** The PARI Master's device overview (§4.11.1), when the PARI function is enabled. */
  readonly pari?: PariOverview;
  /** The PARI Master's Air Sync Overview (§4.12.1). */
  readonly sync?: SyncOverview;
  readonly radio?: RadioStatusView;
  readonly data?: MasterData;
  /** The gatekeeper (§4.6.23) of a Master with gatekeeper settings: registration counts, proxies down. */
  readonly gatekeeper?: GatekeeperStatus;
  /** The certificate presented and the trust list (§4.1.10), while the device is up. */
  readonly certificates?: CertsStatus;
  /** The firmware this boot runs (§4.15, App. A.1.4). */
  readonly firmware?: FirmwareStatus;
  /** The update client (§4.9.1, App. A) of a device with an update URL. */
  readonly update?: UpdateStatus;
  /** An IPBL's update of its RFPs (RFP_UPDATE0, App. A.1.7; Update → RFPs, §4.18.4): each selected RFP's progress. */
  readonly rfpUpdate?: RfpUpdateStatus;
  /** The second provisioning dialect's client (seed 002) of a device that provisions. */
  readonly provisioning?: ProvisioningStatus;
  /** The last DHCP answer of the host's network (App. I), on a node started with `--dhcp`. */
  readonly dhcp?: DhcpAnswer;
}

/**
 * "a.b" for nested XState values, down to `depth` levels: a role's mode and state (e.g. "mirror.inactive"). Deeper
 * states only time the role's deadlines (which the machine owns) and are not part of the status.
 */
export function stateName(value: unknown, depth = STATE_DEPTH): string {
  if (typeof value === "string") return value;
  const [k, v] = Object.entries(value as Record<string, unknown>)[0] ?? ["?", ""];
  const inner = depth <= 1 ? "" : stateName(v, depth - 1);
  return inner === "" ? k : `${k}.${inner}`;
}

/** How many levels of a role machine's state the status shows. */
const STATE_DEPTH = 2;

export function deviceStatus(p: {
  cfg: DeviceConfig;
  up: boolean;
  pendingReset: boolean;
  counters: Counters;
  alarms: ActiveAlarm[];
  master: AnyMachineSnapshot | undefined;
  masterCore: MasterCore | undefined;
  radio: AnyMachineSnapshot | undefined;
  radioCore: RadioCore | undefined;
  pariClient: AnyMachineSnapshot | undefined;
  pariClientCore: PariClientCore | undefined;
  radioSettings: RadioSettings | undefined;
  deviceName: string;
  data: MasterData | undefined;
  gatekeeper?: GatekeeperStatus | undefined;
  certificates?: CertsStatus | undefined;
  factorySystemPassword: boolean;
  factoryAdminPassword: boolean;
  firmware?: FirmwareStatus | undefined;
  update?: UpdateStatus | undefined;
  rfpUpdate?: RfpUpdateStatus | undefined;
  provisioning?: ProvisioningStatus | undefined;
  dhcp?: DhcpAnswer | undefined;
}): DeviceStatus {
  const base = {
    name: p.cfg.name,
    kind: p.cfg.kind,
    mac: p.cfg.mac.toString(),
    ip: p.cfg.ip,
    up: p.up,
    pendingReset: p.pendingReset,
    factorySystemPassword: p.factorySystemPassword,
    factoryAdminPassword: p.factoryAdminPassword,
    counters: { ...p.counters },
    alarms: p.alarms,
  };
  const master =
    p.master === undefined || p.masterCore === undefined ? undefined : masterStatus(p.master, p.masterCore);
  const client =
    p.pariClient === undefined || p.pariClientCore === undefined
      ? undefined
      : { snapshot: p.pariClient, core: p.pariClientCore };
  const radio =
    p.radio === undefined || p.radioCore === undefined || p.radioSettings === undefined
      ? undefined
      : radioStatus(p.radio, p.radioCore, client, p.radioSettings, p.deviceName);
  const pariCore = p.masterCore?.pari;
  const pari = pariCore?.overview();
  const sync = pariCore?.sync.overview(pariCore.systemId);
  return {
    ...base,
    ...(master === undefined ? {} : { master }),
    ...(pari === undefined ? {} : { pari }),
    ...(sync === undefined ? {} : { sync }),
    ...(radio === undefined ? {} : { radio }),
    ...(p.data === undefined || p.cfg.master === undefined ? {} : { data: p.data }),
    ...(p.gatekeeper === undefined ? {} : { gatekeeper: p.gatekeeper }),
    ...(p.certificates === undefined ? {} : { certificates: p.certificates }),
    ...(p.firmware === undefined ? {} : { firmware: p.firmware }),
    ...(p.update === undefined ? {} : { update: p.update }),
    ...(p.rfpUpdate === undefined ? {} : { rfpUpdate: p.rfpUpdate }),
    ...(p.provisioning === undefined ? {} : { provisioning: p.provisioning }),
    ...(p.dhcp === undefined ? {} : { dhcp: p.dhcp }),
  };
}

function masterStatus(s: AnyMachineSnapshot, core: MasterCore): MasterStatus {
  const peer =
    core.peer.ip === undefined
      ? undefined
      : { ip: core.peer.ip, active: core.peer.active, lastHeardAt: core.peer.heardEver ? core.peer.lastHeardAt : null };
  return {
    mode: core.cfg.mode,
    id: core.cfg.id,
    state: stateName(s.value),
    serving: s.hasTag("serving"),
    term: core.mirror.term,
    ...(core.cfg.regionCode === undefined ? {} : { regionCode: core.cfg.regionCode }),
    radios: core.radios
      .all()
      .map((r) => ({ name: r.name, mac: r.mac, standing: r.standing, since: r.since }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    ...(peer === undefined ? {} : { peer }),
  };
}

function radioStatus(
  s: AnyMachineSnapshot,
  core: RadioCore,
  client: { snapshot: AnyMachineSnapshot; core: PariClientCore } | undefined,
  cfg: RadioSettings,
  deviceName: string,
): RadioStatusView {
  const base = {
    state: stateName(s.value),
    master: core.target,
    standing: s.hasTag("registered") ? "registered" : s.hasTag("pending") ? "pending" : "none",
    masterId: core.masterId,
    deviceName,
    region: cfg.region,
  };
  if (client === undefined) return base;
  const c = client.core;
  const now = c.now;
  return {
    ...base,
    pari: {
      state: stateName(client.snapshot.value),
      pariMaster: c.target,
      rfpis: c.rfpis,
      saris: c.saris,
      sariCycleMs: sariCycleMs(c.saris.length),
      systemId: c.systemId,
      reason: c.refusal ?? "",
      // Auditors read the status (§3.4.3): a password in a URL's userinfo is masked, as GET /api/settings masks it.
      effective: masked(c.effective(), URL_SECRETS),
      ...(c.ports.length === 0
        ? {}
        : {
            rfps: c.ports.map(({ connectedAt, ...p }) => ({
              ...p,
              connectedMs: p.status === "up" ? now - connectedAt : 0,
            })),
          }),
    },
    sync: c.sync.status(),
  };
}

/** §4.6.35: "approx. 1 s to broadcast 2 SARIs and approx. 6 s to broadcast 10"; one SARI is on air continuously. */
export function sariCycleMs(count: number): number {
  return count <= 1 ? 0 : Math.round(1000 + ((count - 2) * 5000) / 8);
}

export interface Counters {
  framesIn: number;
  framesOut: number;
  framesDropped: number;
}
