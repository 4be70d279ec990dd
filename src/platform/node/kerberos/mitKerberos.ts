import type { KerberosWorld } from "../../../kerberos/ports.js";
import { MitClient } from "./MitClient.js";
import { MitKdc } from "./MitKdc.js";

/** The node world's Kerberos (docs/design.md "Kerberos"): MIT programs with files under the device's flash folder. */
export function mitKerberos(flash: string): KerberosWorld {
  return { kdc: (spec) => new MitKdc(spec, flash), client: (spec) => new MitClient(spec, flash) };
}
