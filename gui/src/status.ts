/** GET /api/status (src/device/status.ts): the parts the pages read. */
export interface Status {
  readonly name: string;
  readonly kind: "IPBS" | "IPBL" | "IPVM";
  readonly mac: string;
  readonly ip: string;
  readonly up: boolean;
  readonly pendingReset: boolean;
  readonly factorySystemPassword: boolean;
  readonly factoryAdminPassword: boolean;
  readonly alarms: readonly Alarm[];
  readonly master?: {
    readonly mode: string;
    readonly id: number;
    readonly state: string;
    readonly serving: boolean;
    /** §4.6.22 Region Code. */
    readonly regionCode?: string;
    readonly peer?: { readonly ip: string; readonly active: boolean };
  };
  readonly pari?: {
    readonly active: boolean;
    readonly systemId?: number;
    readonly pari: string;
    readonly saris: readonly string[];
  };
  readonly radio?: { readonly state: string; readonly master: string; readonly standing: string };
  readonly gatekeeper?: unknown;
  /** The update client (§4.9.1): its Current Update Serials, by variable (check, prot, boot, cfg, scfg). */
  readonly update?: {
    readonly url: string;
    readonly pollMinutes: number;
    readonly downloaded: boolean;
    readonly serials: Readonly<Record<string, string>>;
  };
  /** The second provisioning dialect's client (seed 002): present on a device that provisions. */
  readonly provisioning?: unknown;
}

/** An active alarm (§4.23.3, §6.2). */
export interface Alarm {
  readonly code: string;
  readonly text?: string;
  readonly source?: string;
  readonly since?: number;
  readonly remote?: string;
}

/**
 * §3.3: a device is fresh, and the configuration wizard starts, when it holds no role yet: no Master and no radio
 * settings, and nothing waiting for a reset. That is a device as it comes from the factory, or after a factory reset
 * (docs/gui.md "First-start wizard").
 */
export const isFresh = (s: Status): boolean => s.master === undefined && s.radio === undefined && !s.pendingReset;
