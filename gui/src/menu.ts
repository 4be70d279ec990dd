import type { Level } from "./api.js";
import type { MenuGroup } from "./page.js";
import { ConfigShowPage } from "./pages/diagnostics/ConfigShow.js";
import { AdminPage } from "./pages/general/Admin.js";
import { ResetPage } from "./pages/Reset.js";
import type { Status } from "./status.js";

/**
 * The chapter-4 menus (§4.1–§4.24) in the manual's order, with the pages this version models; docs/gui.md lists the
 * manual's pages that are left out and why.
 */
export const MENU: readonly MenuGroup[] = [
  {
    label: "General",
    items: [{ route: "/general/admin", label: "Admin", need: "auditor", page: AdminPage }],
  },
  {
    label: "Diagnostics",
    items: [{ route: "/diagnostics/config", label: "Config Show", need: "system-admin", page: ConfigShowPage }],
  },
  {
    label: "Reset",
    items: [{ route: "/reset", label: "Reset", need: "auditor", page: ResetPage }],
  },
];

/** The menus `level` may see on this device (§3.4.2): System Administrators all, Auditors the read-only ones. */
export function visibleMenu(level: Level, s: Status): readonly MenuGroup[] {
  return MENU.map((g) => ({
    ...g,
    items: g.items.filter((i) => (i.need === "auditor" || level === "system-admin") && (i.when?.(s) ?? true)),
  })).filter((g) => g.items.length > 0);
}
