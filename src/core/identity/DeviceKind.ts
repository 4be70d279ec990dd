/** Device kinds (manual 003 §1, App. J). */
export const DEVICE_KINDS = ["IPBS", "IPBL", "IPVM"] as const;
export type DeviceKind = (typeof DEVICE_KINDS)[number];
