import type { Level } from "./api.js";

/** Who is logged in (§3.4.2). */
export interface Who {
  readonly user: string;
  readonly level: Level;
}

/** GET /api/login: what the login page shows (§3.4.1, §4.1.3), and who is logged in when the cookie holds a session. */
export interface LoginInfo {
  readonly banner?: string;
  readonly links: { readonly system: string; readonly user: string };
  readonly nativeAuth: boolean;
  readonly negotiate: boolean;
  readonly requireCertificate: boolean;
  /** Over mutual TLS: the user the client certificate names (§3.4.4.1 step 3). */
  readonly certificateUser?: string;
  readonly session?: Who;
}

/** POST /api/login: the welcome screen (§3.4.4.1 step 5). */
export interface Welcome extends Who {
  readonly failedLogins: number;
  readonly lastLogin?: string;
  readonly sessions: readonly { readonly source: string; readonly started: string }[];
}

/** §3.4.2 as the pages say it. */
export const LEVEL_NAMES: Readonly<Record<Level, string>> = {
  auditor: "Auditor",
  "user-admin": "User Administrator",
  "system-admin": "System Administrator",
};

/** A date of the device (ISO text or epoch ms) as the browser's local date and time. */
export const dateText = (t: string | number): string => new Date(t).toLocaleString();
