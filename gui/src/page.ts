import type { View } from "./html.js";
import type { Who } from "./session.js";
import type { Status } from "./status.js";

/** What every page of the shell gets. */
export interface PageProps {
  readonly who: Who;
  readonly status: Status;
  /** §3.4.2: only a System Administrator changes settings; an Auditor sees them read-only. */
  readonly canWrite: boolean;
  /** Reads the status again (after a change that sets pendingReset, after a reset). */
  readonly refresh: () => void;
}

/** One entry of a chapter-4 menu (§4.1–§4.24). */
export interface MenuItem {
  /** The fragment route, e.g. `/dect/master`. */
  readonly route: string;
  /** The manual's name of the page, e.g. "Master". */
  readonly label: string;
  /** Who sees it: Auditors and System Administrators ("auditor") or System Administrators only. */
  readonly need: "auditor" | "system-admin";
  /** The page is there only when the device holds the role it shows (a PARI Master's Device Overview, §4.11). */
  readonly when?: (s: Status) => boolean;
  readonly page: (p: PageProps) => View;
}

/** A chapter-4 menu: General, LAN, IP4, … Reset. */
export interface MenuGroup {
  readonly label: string;
  readonly items: readonly MenuItem[];
}
