import { ipv4 } from "../../checks.js";
import type { FieldSpec } from "../../components/form.js";

/**
 * The PARI Master addresses of DECT → Radio (§4.6.32), which the first-start wizard's Radio section (§3.3.5) asks
 * for too; each page gives its own hint for the first.
 */
export const pariMasterFields = (hint: string): readonly FieldSpec[] => [
  {
    key: "pariMaster",
    label: "PARI Master IP Address",
    kind: "text",
    check: ipv4(true),
    hint,
    server: "radio.pariMaster",
  },
  {
    key: "altPariMaster",
    label: "Alt. PARI Master IP Address",
    kind: "text",
    check: ipv4(true),
    server: "radio.altPariMaster",
  },
];
