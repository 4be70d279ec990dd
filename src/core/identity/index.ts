export { Mac } from "./Mac.js";
export { HostName, DEVICE_MODELS, type DeviceModel } from "./HostName.js";
export { Ipei } from "./Ipei.js";
export { Ari, type AriClass, type AriFields, type AriFieldsA, type AriFieldsB } from "./Ari.js";
export { Pari } from "./Pari.js";
export { Sari } from "./Sari.js";
export { Park } from "./Park.js";
export { Rfpi } from "./Rfpi.js";
