/**
 * The severity of an alarm or event (§6.2 columns C, M, I). @see manual 003 §4.23.3
 * - `"critical"`: immediate action is required, e.g. a managed object goes out of service.
 * - `"major"`: urgent action is required, e.g. the capability of a managed object is severely degraded.
 * - `"indeterminate"`: the level of severity cannot be determined.
 */
export type Severity = "critical" | "major" | "indeterminate";
