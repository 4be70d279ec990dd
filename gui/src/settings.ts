import { call, get } from "./api.js";

/**
 * GET /api/settings: the device's configuration in its JSON face (docs/user-guide.md "Device configuration"), running
 * and pending; the parts the pages read.
 */
export interface DeviceSettings {
  readonly name: string;
  readonly kind: "IPBS" | "IPBL" | "IPVM";
  readonly ip: string;
  readonly mask?: string;
  readonly gateway?: string;
  readonly dns?: string;
  readonly dns2?: string;
  readonly ntp?: string;
  readonly system: { readonly name: string; readonly password: string };
  readonly master?: {
    readonly mode: string;
    readonly id: number;
    readonly primary?: string;
    readonly mirrorPeer?: string;
  };
  readonly pari?: { readonly systemId?: number; readonly sari: readonly string[]; readonly carriers: number };
  readonly radio?: {
    readonly enabled: boolean;
    readonly pariMaster?: string;
    readonly altPariMaster?: string;
    readonly region: number;
    readonly syncMode: string;
  };
  readonly gatekeeper?: Record<string, unknown>;
  readonly admin?: Record<string, unknown>;
}

export interface SettingsAnswer {
  readonly running: DeviceSettings;
  readonly pending: DeviceSettings | null;
}

export const loadSettings = (): Promise<SettingsAnswer> => get<SettingsAnswer>("/api/settings");

/** What the next reset puts in force: the pending settings if a change waits, else the running ones. */
export const effective = (a: SettingsAnswer): DeviceSettings => a.pending ?? a.running;

/** PATCH /api/settings: `{ key: value | null }`, pending until reset (§4.24). */
export const changeSettings = (patch: Record<string, unknown>): Promise<unknown> =>
  call("PATCH", "/api/settings", { json: patch });

/** What a change answers on the page. */
export const PENDING_TEXT = "Saved. The change takes effect after a reset (§4.24).";

/** A form's text as a setting: empty is absent. */
export const optText = (v: string | boolean | undefined): string | undefined =>
  typeof v === "string" && v.trim() !== "" ? v.trim() : undefined;

/** A form's text as a number setting (checked before): empty is absent. */
export const optNumber = (v: string | boolean | undefined): number | undefined => {
  const t = optText(v);
  return t === undefined ? undefined : Number(t);
};

/** An object without its absent fields, as the device's readers take it. */
export const compact = <T extends Record<string, unknown>>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

/** A setting as a form's text. */
export const textOf = (v: unknown): string => (v === undefined || v === null ? "" : String(v));
