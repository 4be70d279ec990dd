import type { Actor } from "xstate";
import type { DeviceConfig } from "../config/DeviceConfig.js";
import type { Logger } from "../core/Logger.js";
import { masterMachine } from "../master/master.machine.js";
import { MasterCore } from "../master/MasterCore.js";
import type { MirrorState } from "../master/MirrorState.js";
import type { PariPersisted } from "../pari/PariState.js";
import { HandsetRelay } from "../radio/HandsetRelay.js";
import { pariClientMachine } from "../radio/pariClient.machine.js";
import { PariClientCore } from "../radio/PariClientCore.js";
import { radioMachine } from "../radio/radio.machine.js";
import { RadioCore } from "../radio/RadioCore.js";
import type { RadioSettings } from "../radio/settings.js";
import { sendToChart } from "../role/chartLane.js";
import type { RoleIo } from "../role/RoleIo.js";
import type { Directory } from "../users/Directory.js";
import type { Endpoint, TlsPolicy } from "../wire/Transport.js";
import { gatekeeperInput, masterUsers, pariClientInput, pariInput } from "./assembly.js";
import type { DeviceEnv } from "./DeviceEnv.js";
import type { FrameRoute, RoutedRoles } from "./frameRouter.js";
import { startRoleActor } from "./roleActor.js";

/** What one boot gives its roles: the configuration, the device's I/O, and what the boot loaded before them. */
export interface RoleSetInput {
  readonly cfg: DeviceConfig;
  readonly io: RoleIo;
  readonly env: DeviceEnv;
  readonly log: Logger;
  readonly mirror: MirrorState;
  readonly pariState: PariPersisted | undefined;
  readonly directory: Directory | undefined;
  readonly tls: TlsPolicy;
  readonly radioSettings: RadioSettings | undefined;
  readonly deviceName: string;
  readonly version: string;
  /** A SIP NOTIFY check-sync reached a user (DeviceUpdates.checkSync). */
  readonly checkSync: () => boolean;
}

/**
 * The roles of one boot (a Master, §3.9–§3.11; a radio and its PARI client, §3.12), each as its core, which owns
 * the data, and its chart, which owns mode and time; and the radio's part in handset procedures (§3.14). A role the
 * configuration does not ask for is undefined; the set of a device that is down is empty.
 */
export class RoleSet {
  readonly master: Actor<typeof masterMachine> | undefined;
  readonly masterCore: MasterCore | undefined;
  readonly radio: Actor<typeof radioMachine> | undefined;
  readonly radioCore: RadioCore | undefined;
  readonly pariClient: Actor<typeof pariClientMachine> | undefined;
  readonly pariClientCore: PariClientCore | undefined;
  readonly handsetRelay: HandsetRelay | undefined;

  /** Starts the roles `r.cfg` asks for; without `r`, none (a device that is down). */
  constructor(r?: RoleSetInput) {
    if (r === undefined) return;
    const { cfg, io, env, log } = r;
    if (cfg.master !== undefined) {
      const pari = pariInput(cfg, r.pariState, () => this.master?.getSnapshot().hasTag("serving") === true);
      const users = r.directory === undefined ? undefined : masterUsers(cfg, r.directory);
      const gatekeeper = gatekeeperInput(cfg, env, r.tls, r.checkSync);
      this.masterCore = new MasterCore(cfg.master, io, r.mirror, cfg.system, pari, users, gatekeeper);
      this.master = startRoleActor(masterMachine, { core: this.masterCore }, env.clock, log, "master");
    }
    const radio = r.radioSettings;
    if (radio !== undefined) {
      // In this order: a role's start may draw from the device's Rng (the same seed, the same event log).
      const radioCore = new RadioCore(radio, io);
      this.radioCore = radioCore;
      this.radio = startRoleActor(radioMachine, { core: radioCore }, env.clock, log, "radio");
      const pariClientCore = new PariClientCore(pariClientInput(cfg, radio, io, r.deviceName, r.version));
      this.pariClientCore = pariClientCore;
      this.pariClient = startRoleActor(pariClientMachine, { core: pariClientCore }, env.clock, log, "pari-client");
      this.handsetRelay = new HandsetRelay(io, {
        master: () => (this.radio?.getSnapshot().hasTag("registered") === true ? radioCore.target : undefined),
        rfpi: () => pariClientCore.rfpis[0] ?? "",
        // Without an air model there is no air sync to wait for: any radio with a Master carries traffic.
        traffic: () => env.air === undefined || pariClientCore.sync.traffic === true,
      });
    }
  }

  /** Which roles frames are routed to (frameRouter.ts): set once the whole boot has run. */
  routed(cfg: DeviceConfig): RoutedRoles {
    return {
      master: this.master !== undefined,
      pari: cfg.pari !== undefined,
      radio: this.radio !== undefined,
      masterPeer: cfg.master?.primary ?? cfg.master?.mirrorPeer,
    };
  }

  /** What the status shows of the roles (status.ts): each chart's snapshot and each core. */
  shown() {
    return {
      master: this.master?.getSnapshot(),
      masterCore: this.masterCore,
      radio: this.radio?.getSnapshot(),
      radioCore: this.radioCore,
      pariClient: this.pariClient?.getSnapshot(),
      pariClientCore: this.pariClientCore,
    };
  }

  /** A frame routed to one of the roles (frameRouter.ts), given to its chart or to the handset relay. */
  deliver(route: Exclude<FrameRoute, { to: "dropped" }>, from: Endpoint): void {
    switch (route.to) {
      case "master":
        return sendToChart(this.master!, route.event);
      case "radio":
        return sendToChart(this.radio!, route.event);
      case "pari-client":
        return sendToChart(this.pariClient!, route.event);
      case "handset":
        return this.handsetRelay!.frame(route.msg, from);
    }
  }

  /** Stops every role; `graceful`: a radio says goodbye to its Master first. The gatekeeper's sockets close first. */
  async stop(graceful: boolean): Promise<void> {
    if (graceful && this.radio !== undefined) sendToChart(this.radio, { type: "shutdown" });
    await this.masterCore?.gatekeeper?.close();
    this.masterCore?.pari?.systemAlarms.close();
    this.master?.stop();
    this.radio?.stop();
    this.pariClient?.stop();
  }
}
