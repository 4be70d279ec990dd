import type { LoggingSettings } from "./settings.js";

/** Services → Logging (§4.9.2) as `GET /api/logging` answers it. The section holds no secret. */
export interface LoggingReport {
  /** The settings in force; null: no destination is set, nothing goes out. */
  readonly running: LoggingSettings | null;
  /** Present while a configuration waits for a reset (§4.18.1): its `logging` section, null when it has none. */
  readonly pending?: LoggingSettings | null;
}

/** One destination in a line: Type, server, Class, the path or certificate check where the Type has one, the logs. */
function settingsLine(s: LoggingSettings | null): string {
  if (s === null) return "no destination (§4.9.2): nothing goes out";
  const check =
    s.type === "syslog-tls" || s.type === "https" ? (s.allowUntrusted ? ", untrusted allowed" : ", verified") : "";
  const path = s.path === undefined ? "" : ` path ${s.path}`;
  return `${s.type} to ${s.address}:${s.port}${path}, class ${s.class}${check}; logs ${s.logs.join(", ") || "none"}`;
}

/** `ipdect ctl logging`: where the entries go, and what waits for a reset. */
export function loggingText(r: LoggingReport): string {
  const lines = [`Logging  ${settingsLine(r.running)}`];
  if (r.pending !== undefined) lines.push(`Pending  ${settingsLine(r.pending)} (after reset, §4.18.1)`);
  return `${lines.join("\n")}\n`;
}
