/**
 * Times and durations for people (`ipdect ctl`). Times are written in UTC: the device models no time zone, and UTC
 * reads the same on every machine, like the device's syslog lines (RFC 5424 §6.2.3) and the ISO 8601 times in the
 * API's JSON. One formatter per kind, so every table and block writes them alike.
 */

/**
 * A time as milliseconds since the epoch (the event stream's `t`, an alarm's `since`) or an ISO 8601 text (a
 * certificate's `notAfter`, a session's `started`) → `2026-12-06 22:15:25Z`; one that is no time → `-`.
 */
export function formatTime(t: number | string): string {
  const d = new Date(t);
  if (Number.isNaN(d.getTime())) return "-";
  const iso = d.toISOString();
  return `${iso.slice(0, -14)} ${iso.slice(-13, -5)}Z`;
}

/** A duration in milliseconds → "3d 04h", "2h 03m", "4m 05s", "12s", "250ms": the two largest units. */
export function formatElapsed(ms: number): string {
  if (ms > 0 && ms < 1000) return `${Math.round(ms)}ms`;
  const s = Math.max(0, Math.floor(ms / 1000));
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (n: number) => String(n).padStart(2, "0");
  if (d > 0) return `${d}d ${pad(h)}h`;
  if (h > 0) return `${h}h ${pad(m)}m`;
  if (m > 0) return `${m}m ${pad(s % 60)}s`;
  return `${s}s`;
}

/** The day of a time (a certificate's end of validity): `2026-12-06`, UTC. */
export const formatDate = (t: number | string): string => formatTime(t).slice(0, 10);
