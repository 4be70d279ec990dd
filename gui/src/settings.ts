import { call, get } from "./api.js";
import { html, type View } from "./html.js";

/**
 * GET /api/settings: the device's configuration in its JSON face (docs/user-guide.md "Device configuration"), running
 * and pending; the parts the pages read. Auditors read it too (§3.4.3): every secret is masked for everyone, and a
 * part sent back with its mask unchanged keeps the stored secret.
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
  /** `password` is the mask: sent back as read, it keeps the stored password (§4.6.1). */
  readonly system: { readonly name: string; readonly password: string };
  readonly master?: {
    readonly mode: string;
    readonly id: number;
    readonly primary?: string;
    readonly mirrorPeer?: string;
    /** §4.6.22 Region Code. */
    readonly regionCode?: string;
  };
  readonly pari?: {
    readonly systemId?: number;
    readonly sari: readonly string[];
    /** §4.6.6 Frequency and §4.6.7 Enabled Carriers (absent: all of the band). */
    readonly band?: string;
    readonly carriers?: readonly number[];
  };
  readonly radio?: {
    readonly enabled: boolean;
    readonly pariMaster?: string;
    readonly altPariMaster?: string;
    readonly region: number;
    readonly syncMode: string;
  };
  readonly gatekeeper?: Record<string, unknown>;
  readonly admin?: Record<string, unknown>;
  readonly ldap?: Record<string, unknown>;
  readonly kerberos?: Record<string, unknown>;
  /** §4.9.1: a password in the URL is masked. */
  readonly update?: { readonly url?: string; readonly pollMinutes: number; readonly noDhcp: boolean };
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

/**
 * Changes parts of the section `key` (`ldap.server`, `kerberos.client`; undefined removes that part) and keeps its other
 * parts as the device has them now (another form of the page may have changed them since it showed); a section left
 * without parts is removed. Pending until reset.
 */
export async function changeParts(key: "ldap" | "kerberos", parts: Readonly<Record<string, unknown>>): Promise<void> {
  const next = compact<Record<string, unknown>>({ ...effective(await loadSettings())[key], ...parts });
  await changeSettings({ [key]: Object.keys(next).length === 0 ? null : next });
}

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

/**
 * A section's own answer (`GET /api/logging`, `/api/snmp`, `/api/http`): the section in force and, while a change
 * waits for a reset, the pending one; null: no such section.
 */
export interface SectionAnswer<T> {
  readonly running: T | null;
  readonly pending?: T | null;
}

/** What a section's page shows: the pending section while a change waits for a reset, else the running one. */
export const shownSection = <T>(a: SectionAnswer<T>): T | null => (a.pending === undefined ? a.running : a.pending);

/** The line over a form that shows the settings waiting for a reset, while some do. */
export const pendingNote = (waits: boolean): View =>
  waits ? html`<p class="note">Showing the settings that wait for a reset.</p>` : null;
